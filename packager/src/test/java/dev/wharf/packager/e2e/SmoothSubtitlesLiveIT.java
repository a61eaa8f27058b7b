package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.MediaPlaylistView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * ffmpeg pushes H.264 + AAC and a WebVTT subtitles rendition; the Smooth endpoint lists a text StreamIndex
 * (Subtype SUBT, FourCC TTML) with the video's chunk times, and each text fragment is a moof (tfxd = its chunk)
 * whose mdat is a well-formed TTML document whose cues start on the frame of their source second.
 */
class SmoothSubtitlesLiveIT {
    static final int SECONDS = 26;
    static final int PLAY_SECONDS = 8;
    static final String TTML = "http://www.w3.org/ns/ttml";

    @Test
    void smoothEndpointServesSubtitlesAsTtmlFragments() throws Exception {
        try (Packager packager = Packager.start(TestPackagers.config(null, MssLiveIT.MSS_ENDPOINT))) {
            String out = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/";
            String folder = out + "mss/index.ism/";
            Process encoder = SubtitlesLiveIT.startEncoder(packager.ingestPort(), SECONDS);
            try {
                await().atMost(Duration.ofSeconds(SECONDS + 20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    var r = CmafLiveIT.get(folder + "Manifest");
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(MssLiveIT.chunks(MssLiveIT.stream(DashLiveIT.parse(r.body()).getDocumentElement(), "text")))
                            .hasSizeGreaterThanOrEqualTo(4);
                });
                String xml = CmafLiveIT.get(folder + "Manifest").body();
                System.out.println("Smooth manifest:\n" + xml);
                Element root = DashLiveIT.parse(xml).getDocumentElement();
                Element text = MssLiveIT.stream(root, "text");
                assertThat(text.getAttribute("Subtype")).isEqualTo("SUBT");
                assertThat(text.getAttribute("Language")).isEqualTo("eng");
                Element q = (Element) text.getElementsByTagName("QualityLevel").item(0);
                assertThat(q.getAttribute("FourCC")).isEqualTo("TTML");
                List<long[]> videoChunks = MssLiveIT.chunks(MssLiveIT.stream(root, "video"));
                List<long[]> textChunks = MssLiveIT.chunks(text);
                // the text chunks are the video's (the subtitles segment cut with each video segment)
                List<String> video = videoChunks.stream().map(java.util.Arrays::toString).toList();
                assertThat(textChunks.stream().map(java.util.Arrays::toString).toList()).allMatch(video::contains);
                long firstPts = SubtitlesLiveIT.firstVideoPts(out + "hls/" + MediaPlaylistView.parse(
                        CmafLiveIT.get(out + "hls/index_1.m3u8").body()).uris().get(0));
                String url = text.getAttribute("Url").replace("{bitrate}", q.getAttribute("Bitrate"));
                int checked = 0;
                for (long[] c : textChunks) {
                    var r = CmafLiveIT.getBytes(folder + url.replace("{start time}", Long.toString(c[0])));
                    assertThat(r.statusCode()).isEqualTo(200);
                    byte[] f = r.body();
                    ByteBuffer b = ByteBuffer.wrap(f);
                    int moof = b.getInt(0);
                    assertThat(new String(f, moof + 4, 4, StandardCharsets.US_ASCII)).isEqualTo("mdat");
                    String all = new String(f, StandardCharsets.ISO_8859_1);
                    int tfxd = all.indexOf("uuid") + 4 + 16;
                    assertThat(b.getLong(tfxd + 4)).as("tfxd time").isEqualTo(c[0]);
                    assertThat(b.getLong(tfxd + 12)).as("tfxd duration").isEqualTo(c[1]);
                    var dbf = DocumentBuilderFactory.newInstance();
                    dbf.setNamespaceAware(true);
                    Document doc = dbf.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(f, moof + 8,
                            b.getInt(moof) - 8));
                    NodeList ps = doc.getElementsByTagNameNS(TTML, "p");
                    for (int i = 0; i < ps.getLength(); i++) {
                        Element p = (Element) ps.item(i);
                        // relative to the fragment's start (tfxd)
                        long begin = c[0] + Long.parseLong(p.getAttribute("begin").replace("t", ""));
                        long end = c[0] + Long.parseLong(p.getAttribute("end").replace("t", ""));
                        assertThat(begin).isBetween(c[0], c[0] + c[1]);
                        assertThat(end).isBetween(begin, c[0] + c[1]);
                        int n = Integer.parseInt(p.getTextContent().substring("cue ".length()));
                        long frameHns = (firstPts + n * 25L * 3600) * 1000 / 9;
                        if (begin == c[0] && frameHns < begin) {
                            continue; // the rest of a cue begun in the previous fragment
                        }
                        assertThat(Math.abs(begin - frameHns)).as("cue %d vs its video frame", n)
                                .isLessThanOrEqualTo(400_000);
                        checked++;
                    }
                }
                assertThat(checked).as("cues checked").isGreaterThanOrEqualTo(6);
                assertThat(CmafLiveIT.get(folder + "QualityLevels(1000)/Fragments(text_99=0)").statusCode()).isEqualTo(404);
                assertThat(CmafLiveIT.get(folder + "QualityLevels(7)/Fragments(" + text.getAttribute("Name") + "="
                        + textChunks.getFirst()[0] + ")").statusCode()).isEqualTo(404);

                // dash.js's MSS module lists the text track (stpp) and puts the cues on the video element
                Path chromium = ExternalTools.require("chromium", "chromium");
                Path node = ExternalTools.require("node", "nodejs");
                Path player = CmafPlayerIT.installPlayer();
                Files.copy(Path.of("src/test/player/play-mss.js"), player.resolve("play-mss.js"),
                        StandardCopyOption.REPLACE_EXISTING);
                Process p = BrowserPlayer.builder(node, chromium, player, "play-mss.js", folder + "Manifest",
                        "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/time", Integer.toString(PLAY_SECONDS)).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(PLAY_SECONDS + 60, TimeUnit.SECONDS)).isTrue();
                System.out.println("dash.js (MSS) output:\n" + output);
                assertThat(p.exitValue()).as(output).isZero();
                JsonNode result = BrowserPlayer.result(output);
                assertThat(result.get("mss").asBoolean()).isTrue();
                assertThat(result.get("errors")).as("dash.js errors").isEmpty();
                assertThat(result.get("textTracks")).as("dash.js text tracks").hasSize(1);
                List<JsonNode> shown = new java.util.ArrayList<>();
                result.get("cues").forEach(t -> t.get("cues").forEach(shown::add));
                assertThat(shown).as("cues dash.js loaded").isNotEmpty();
                // each cue lasts its 0.8 s and they start one second apart, as in the source (dash.js keeps the
                // TTML cue text in an HTML element it builds when the cue shows: c.text is empty)
                for (int i = 0; i < shown.size(); i++) {
                    JsonNode c = shown.get(i);
                    assertThat(c.get("end").asDouble() - c.get("start").asDouble()).isCloseTo(0.8,
                            org.assertj.core.api.Assertions.within(0.001));
                    if (i > 0) {
                        // one cue a second in the source: consecutive cues exactly 1 s apart (times read as absolute
                        // would put each fragment's cues one fragment start late: gaps of 1 s and 3 s)
                        assertThat(c.get("start").asDouble() - shown.get(i - 1).get("start").asDouble())
                                .as("gap before cue %d", i).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.001));
                    }
                }
            } finally {
                assertThat(encoder.waitFor(SECONDS + 30, TimeUnit.SECONDS)).as("encoder finished").isTrue();
            }
        }
    }
}
