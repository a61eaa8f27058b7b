package dev.wharf.packager.e2e;

import static dev.wharf.packager.e2e.CmafLiveIT.get;
import static dev.wharf.packager.e2e.CmafLiveIT.getBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.w3c.dom.Element;
import org.junit.jupiter.api.Test;

/**
 * DASH re-segmentation, live: ffmpeg pushes 2 s segments (2 s GOP) for {@value #SECONDS} s; the endpoints ask for
 * 4 s segments ({@code segmentDurationSeconds: 4}) with {@code $Number$}, {@code $Time$} and
 * NUMBER_WITH_DURATION templates.
 *
 * <p>Proves: every SegmentTimeline entry is 4 s and is exactly the tfdt and summed sample durations of the joined
 * fragment its URL names ({@code $Number$} = output media sequence, as the HLS/CMAF endpoints number them;
 * mfhd = that number + 1); the joined fragment is byte for byte the CMAF endpoint's for the same group and track;
 * ffprobe reads the live MPDs with no message; dash.js plays the re-segmented MPD with no error; after the end,
 * ffmpeg reads the static MPDs (NUMBER_WITH_DURATION with ffmpeg 5.1's known one-past-the-end message only).
 * CMAF ({@code cmaf4}, 4 s, {@code includeIframeOnlyStream}): the master lists an I-frame stream per video variant;
 * every I-frame byte range is served as 206 and, after the init, decodes to exactly one frame; ffprobe reads the
 * I-frame playlist. Smooth ({@code mss4}, {@code segmentDurationSeconds: 4}): every chunk is 4 s and is its fragment's {@code tfxd}
 * and {@code trun} sum, and {@code tfrf} announces the next chunk.
 */
class DashResegmentIT {
    static final int SECONDS = 36;
    static final int PLAY_SECONDS = 16;
    static final String ENDPOINTS = """
              - metadata: {namespace: live, name: dash4}
                spec:
                  channelName: news
                  dashPackage: {segmentDurationSeconds: 4, suggestedPresentationDelaySeconds: 8, minUpdatePeriodSeconds: 2}
              - metadata: {namespace: live, name: dash4t}
                spec:
                  channelName: news
                  dashPackage: {segmentDurationSeconds: 4, segmentTemplateFormat: TIME_WITH_TIMELINE}
              - metadata: {namespace: live, name: dash4d}
                spec:
                  channelName: news
                  dashPackage: {segmentDurationSeconds: 4, segmentTemplateFormat: NUMBER_WITH_DURATION}
              - metadata: {namespace: live, name: mss4}
                spec:
                  channelName: news
                  mssPackage: {segmentDurationSeconds: 4}
              - metadata: {namespace: live, name: cmaf4}
                spec:
                  channelName: news
                  cmafPackage:
                    segmentDurationSeconds: 4
                    segmentPrefix: news
                    hlsManifests:
                      - {id: main, manifestName: index, includeIframeOnlyStream: true}
            """;

    @Test
    void dashSegmentsAreTheJoinedFragments() throws Exception {
        Path chromium = ExternalTools.require("chromium", "chromium");
        Path node = ExternalTools.require("node", "nodejs");
        Path player = CmafPlayerIT.installPlayer();
        try (Packager packager = Packager.start(TestPackagers.config(null, ENDPOINTS))) {
            String base = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/";
            Process encoder = CmafLiveIT.startEncoder(packager.ingestPort(), SECONDS);
            CompletableFuture<CmafLiveIT.Run> play = null;
            int checked = 0;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS + 30);
                while (encoder.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    HttpResponse<String> r = get(base + "dash4/index.mpd");
                    if (r.statusCode() == 404) {
                        continue;
                    }
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    Element mpd = DashLiveIT.parse(r.body()).getDocumentElement();
                    List<long[]> v1 = DashLiveIT.segments(DashLiveIT.firstTemplate(mpd, "v1"));
                    if (v1.size() < 3) {
                        continue;
                    }
                    if (play == null) {
                        play = startPlayer(node, chromium, player, base + "dash4/index.mpd");
                    }
                    if (checked < 2) {
                        for (String ep : List.of("dash4", "dash4t")) {
                            assertTimelineIsTheFragments(base + ep + "/", mpd(base + ep + "/index.mpd"), base);
                            CmafLiveIT.Run probe = DashLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error",
                                    base + ep + "/index.mpd");
                            assertThat(probe.exit()).as(probe.output()).isZero();
                            assertThat(probe.output()).as("ffprobe of the live %s", ep).isBlank();
                        }
                        assertSmoothChunksAreTheFragments(base + "mss4/index.ism/");
                        checked++;
                    }
                }
                assertThat(encoder.waitFor(30, TimeUnit.SECONDS)).as("encoder finished").isTrue();
                assertThat(checked).as("live MPDs checked").isEqualTo(2);
                assertThat(play).as("the player started").isNotNull();
                assertPlayed(play.get(PLAY_SECONDS + 60, TimeUnit.SECONDS));
            } finally {
                encoder.destroy();
                encoder.waitFor(10, TimeUnit.SECONDS);
            }
            // After the end: static MPDs that ffmpeg reads through with no message.
            for (String ep : List.of("dash4d", "dash4", "dash4t")) {
                String url = base + ep + "/index.mpd";
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(DashLiveIT.parse(get(url).body()).getDocumentElement().getAttribute("type"))
                                .isEqualTo("static"));
                CmafLiveIT.Run read = DashLiveIT.run(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin", "-i",
                        url, "-map", "0", "-f", "null", "-");
                assertThat(read.exit()).as(read.output()).isZero();
                if (ep.equals("dash4d")) {
                    // ffmpeg 5.1 asks for one @duration segment past the end of a static presentation (a 404) and
                    // says so, as for the pass-through NUMBER_WITH_DURATION MPD (DashLiveIT, docs/players.md)
                    assertThat(read.output().lines()).as("ffmpeg reading the ended %s", ep).allMatch(l ->
                            l.contains("Error when loading first fragment of playlist")
                                    || l.contains("Last message repeated") || l.endsWith("Invalid data found when processing input"));
                    CmafLiveIT.Run probe = DashLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error",
                            "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url);
                    assertThat(probe.output()).contains("h264,480,270").contains("h264,320,180").contains("aac");
                    continue;
                }
                assertThat(read.output()).as("ffmpeg reading the ended %s: %s", ep, get(url).body()).isBlank();
            }
            assertSmoothChunksAreTheFragments(base + "mss4/index.ism/");
            assertCmafIframePlaylist(base + "cmaf4/main/");
            Element ended = mpd(base + "dash4/index.mpd");
            assertTimelineIsTheFragments(base + "dash4/", ended, base);
            Element tmpl = DashLiveIT.firstTemplate(ended, "v1");
            assertThat(tmpl.getAttribute("media")).isEqualTo("seg/news_1_v_g2_$Number$.mp4");
        }
    }

    /**
     * Every Smooth chunk of every quality level is its fragment's tfxd, trun sum and 4 s (but for the last), and the
     * fragment's tfrf announces the chunks that follow it.
     */
    private static void assertSmoothChunksAreTheFragments(String folder) throws Exception {
        Element root = DashLiveIT.parse(get(folder + "Manifest").body()).getDocumentElement();
        for (String type : List.of("video", "audio")) {
            Element s = MssLiveIT.stream(root, type);
            List<long[]> chunks = MssLiveIT.chunks(s);
            assertThat(chunks).as("%s chunks", type).isNotEmpty();
            for (long bitrate : MssLiveIT.bitrates(s)) {
                for (int i = 0; i < chunks.size(); i++) {
                    long[] c = chunks.get(i);
                    String url = folder + s.getAttribute("Url").replace("{bitrate}", Long.toString(bitrate))
                            .replace("{start time}", Long.toString(c[0]));
                    HttpResponse<byte[]> f = getBytes(url);
                    assertThat(f.statusCode()).as(url).isEqualTo(200);
                    SmoothBoxes b = SmoothBoxes.of(f.body());
                    assertThat(new long[] {b.time(), b.duration(), b.trunDuration()}).as(url)
                            .containsExactly(c[0], c[1], c[1]);
                    if (i + 1 < chunks.size()) {
                        assertThat(c[1] / 1e7).as("duration of %s", url).isBetween(3.9, 4.1);
                        assertThat(chunks.get(i + 1)[0]).isEqualTo(c[0] + c[1]);
                        if (!b.next().isEmpty()) {
                            assertThat(b.next().getFirst()).as("tfrf of %s", url).containsExactly(chunks.get(i + 1));
                        }
                    }
                }
            }
        }
    }

    /**
     * The CMAF master offers an I-frame stream per video variant; each I-frame range (a 206 response) is a moof and
     * one sync sample, and ffprobe decodes one frame per entry.
     */
    private static void assertCmafIframePlaylist(String folder) throws Exception {
        String master = get(folder + "index.m3u8").body();
        List<String> lines = master.lines().filter(l -> l.startsWith("#EXT-X-I-FRAME-STREAM-INF:")).toList();
        assertThat(lines).as(master).hasSize(2);
        assertThat(lines.getFirst()).matches("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=\\d+,CODECS=\"avc1\\.42c015\","
                + "RESOLUTION=480x270,URI=\"index_1_iframes\\.m3u8\"");
        String text = get(folder + "index_1_iframes.m3u8").body();
        assertThat(text).contains("#EXT-X-I-FRAMES-ONLY\n", "#EXT-X-MAP:URI=\"../seg/news_1_v_init_0.mp4\"\n",
                "#EXT-X-ENDLIST\n");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@(\\d+)\n(\\S+)\n").matcher(text);
        byte[] init = getBytes(CmafLiveIT.resolve(folder, "../seg/news_1_v_init_0.mp4")).body();
        int entries = 0;
        while (m.find()) {
            long length = Long.parseLong(m.group(1));
            long offset = Long.parseLong(m.group(2));
            assertThat(m.group(3)).matches("\\.\\./seg/news_1_v_\\d+_2\\.mp4");
            HttpResponse<byte[]> r = CmafLiveIT.HTTP.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(CmafLiveIT.resolve(folder, m.group(3)))).header("Range", "bytes=" + offset + "-"
                    + (offset + length - 1)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(206);
            assertThat(r.body()).hasSize((int) length);
            assertThat(new String(r.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("moof");
            int moofSize = ByteBuffer.wrap(r.body()).getInt(0);
            // the moof, the mdat header and the I-frame's bytes, not the whole fragment
            assertThat(new String(r.body(), moofSize + 4, 4, StandardCharsets.US_ASCII)).isEqualTo("mdat");
            assertThat(length).isGreaterThan(moofSize + 8L).isLessThan(getBytes(CmafLiveIT.resolve(folder, m.group(3)))
                    .body().length - offset);
            // the init and the range alone: one decodable frame (ffprobe notes the partial mdat)
            java.nio.file.Path one = java.nio.file.Files.createTempFile("iframe", ".mp4");
            java.nio.file.Files.write(one, init);
            java.nio.file.Files.write(one, r.body(), java.nio.file.StandardOpenOption.APPEND);
            CmafLiveIT.Run frame = DashLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error", "-count_frames",
                    "-select_streams", "v", "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0",
                    one.toString());
            java.nio.file.Files.delete(one);
            assertThat(frame.output().lines()).as("%s %d@%d", m.group(3), length, offset).contains("h264,1")
                    .allMatch(l -> l.equals("h264,1") || l.endsWith("partial file"));
            entries++;
        }
        assertThat(entries).isGreaterThanOrEqualTo(SECONDS / 4 - 1);
        // ffprobe reads the playlist through its byte ranges and finds the stream. (ffmpeg 5.1's mov demuxer takes
        // every sample the moof's trun lists, so past each range it reads other bytes and reports NAL size errors;
        // it does the same with an I-frame playlist over ffmpeg's own fMP4 output: docs/players.md.)
        CmafLiveIT.Run probe = DashLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", folder + "index_1_iframes.m3u8");
        assertThat(probe.exit()).as(probe.output()).isZero();
        System.out.printf("CMAF I-frame playlist: %d entries%n", entries);
        assertThat(probe.output()).as(probe.output()).contains("h264,480,270");
    }

    private static Element mpd(String url) throws Exception {
        return DashLiveIT.parse(get(url).body()).getDocumentElement();
    }

    /**
     * Every S of v1 and a (of the last Period) is the tfdt and sample-duration sum of the fragment it names, 4 s
     * long but for the last; the fragment is the CMAF endpoint's joined fragment of the same group.
     */
    private static void assertTimelineIsTheFragments(String endpoint, Element mpd, String base) throws Exception {
        for (String id : List.of("v1", "a1")) {
            Element t = DashLiveIT.firstTemplate(mpd, id);
            long timescale = Long.parseLong(t.getAttribute("timescale"));
            long number = Long.parseLong(t.getAttribute("startNumber"));
            String media = t.getAttribute("media");
            assertThat(media).matches("seg/news_1_[va]_g2_(\\$Number\\$|t\\$Time\\$)\\.mp4");
            List<long[]> segs = DashLiveIT.segments(t);
            assertThat(segs).isNotEmpty();
            for (int i = 0; i < segs.size(); i++, number++) {
                long[] s = segs.get(i);
                String url = endpoint + media.replace("$Number$", Long.toString(number)).replace("$Time$", Long.toString(s[0]));
                HttpResponse<byte[]> f = getBytes(url);
                assertThat(f.statusCode()).as(url).isEqualTo(200);
                Fmp4Times times = Fmp4Times.of(f.body());
                assertThat(new long[] {times.baseMediaDecodeTime(), times.durationTicks()}).as(url).containsExactly(s);
                assertThat(times.sequenceNumber()).as("mfhd of %s", url).isEqualTo(number + 1);
                if (i + 1 < segs.size()) {
                    assertThat(s[1] / (double) timescale).as("duration of %s", url).isBetween(3.9, 4.1);
                }
                // The same bytes as the CMAF endpoint's joined fragment, named by its group's first input sequence.
                String cmaf = base + "cmaf4/main/index_1_" + id.charAt(0) + ".m3u8";
                String text = get(cmaf).body();
                List<String> lines = text.lines().toList();
                int seqAt = lines.stream().filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE:")).findFirst()
                        .map(l -> Integer.parseInt(l.substring(22))).orElseThrow();
                List<String> uris = lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
                int k = (int) (number - seqAt);
                if (k >= 0 && k < uris.size()) {
                    byte[] same = getBytes(CmafLiveIT.resolve(base + "cmaf4/main/", uris.get(k))).body();
                    assertThat(f.body()).as("%s and %s", url, uris.get(k)).isEqualTo(same);
                }
            }
        }
    }

    private static CompletableFuture<CmafLiveIT.Run> startPlayer(Path node, Path chromium, Path player, String mpd)
            throws Exception {
        Process p = BrowserPlayer.builder(node, chromium, player, "play-dash.js", "dashjs", mpd,
                Integer.toString(PLAY_SECONDS)).start();
        return CompletableFuture.supplyAsync(() -> {
            try {
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(PLAY_SECONDS + 60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                return new CmafLiveIT.Run(p.exitValue(), output);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void assertPlayed(CmafLiveIT.Run run) throws Exception {
        System.out.println("dash.js output:\n" + run.output());
        assertThat(run.exit()).as(run.output()).isZero();
        JsonNode result = BrowserPlayer.result(run.output());
        assertThat(result.get("errors")).as("player errors").isEmpty();
        assertThat(result.get("live").asBoolean()).as("played as live").isTrue();
        List<JsonNode> samples = List.copyOf(CmafPlayerIT.JSON.convertValue(result.get("samples"),
                CmafPlayerIT.JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class)));
        JsonNode mid = samples.get(samples.size() / 3);
        JsonNode last = samples.getLast();
        double played = last.get("currentTime").asDouble() - mid.get("currentTime").asDouble();
        long frames = last.get("totalVideoFrames").asLong() - mid.get("totalVideoFrames").asLong();
        double wall = samples.size() - 1 - samples.size() / 3;
        assertThat(played).as("seconds played in %s s", wall).isGreaterThan(wall * 0.8);
        assertThat(frames).as("video frames decoded in %s s (25 fps)", wall).isGreaterThan((long) (wall * 25 * 0.8));
    }
}
