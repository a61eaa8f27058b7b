package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.MediaPlaylistView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import dev.wharf.packager.text.WvttReader;

/**
 * WebVTT subtitles end to end: ffmpeg's HLS muxer pushes video + audio + a WebVTT subtitles rendition live
 * ({@value #SECONDS} s, one cue per second, cue {@code n} starting at source second {@code n}); the HLS, CMAF
 * and DASH endpoints list the subtitles rendition; ffprobe reads the subtitles playlists with no error; every
 * cue, mapped to the media time line the way a player maps it (HLS: its X-TIMESTAMP-MAP; DASH: relative to the
 * Period, whose origin is the video's presentationTimeOffset), lands within one frame of the video frame shown
 * at the same source time; hls.js in Chromium offers the subtitle track on the CMAF endpoint and loads its cues.
 */
class SubtitlesLiveIT {
    static final int SECONDS = 38;
    static final int PLAY_SECONDS = 6;
    static final int DASH_PLAY_SECONDS = 5;
    static final long FRAME_TICKS = 3600; // 25 fps in 90 kHz
    static final String ENDPOINTS = CmafLiveIT.CMAF_ENDPOINT + """
              - metadata: {namespace: live, name: dash}
                spec:
                  channelName: news
                  dashPackage: {suggestedPresentationDelaySeconds: 6, minBufferTimeSeconds: 4}
            """;
    private static final Pattern CUE = Pattern.compile(
            "(?m)^((?:\\d+:)?\\d{2}:\\d{2}\\.\\d{3}) --> \\S+.*\\R(?:cue (\\d+))");
    private static final Pattern MAP = Pattern.compile("X-TIMESTAMP-MAP=MPEGTS:(\\d+),LOCAL:([0-9:.]+)");

    @Test
    void ffmpegPushesWebVttAndEveryFormatOffersIt() throws Exception {
        Path chromium = ExternalTools.require("chromium", "chromium");
        Path node = ExternalTools.require("node", "nodejs");
        Path player = CmafPlayerIT.installPlayer();
        try (Packager packager = Packager.start(TestPackagers.config(null, ENDPOINTS))) {
            String out = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/";
            Process encoder = startEncoder(packager.ingestPort(), SECONDS);
            try {
                String cmafMaster = out + "cmaf/main/index.m3u8";
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(MediaPlaylistView.parse(CmafLiveIT.get(out + "cmaf/main/index_2_s.m3u8").body()).uris())
                                .hasSizeGreaterThanOrEqualTo(3));
                System.out.println("HLS master:\n" + CmafLiveIT.get(out + "hls/index.m3u8").body());
                System.out.println("CMAF master:\n" + CmafLiveIT.get(cmafMaster).body());
                System.out.println("CMAF subtitles:\n" + CmafLiveIT.get(out + "cmaf/main/index_2_s.m3u8").body());
                Process p = BrowserPlayer.builder(node, chromium, player, "play-hls.js", cmafMaster,
                        Integer.toString(PLAY_SECONDS), "999").start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(PLAY_SECONDS + 60, TimeUnit.SECONDS)).isTrue();
                System.out.println("player output:\n" + output);
                assertThat(p.exitValue()).as(output).isZero();
                JsonNode result = BrowserPlayer.result(output);
                // hls.js 1.7.4 aborts the subtitle fragment in flight when it (re)selects the DEFAULT track at
                // start (ErrorDetails.INTERNAL_ABORTED, never fatal, reloaded right after): not an error of ours
                List<JsonNode> errors = new ArrayList<>();
                result.get("errors").forEach(e -> {
                    if (!(e.path("details").asText().equals("aborted") && !e.path("fatal").asBoolean())) {
                        errors.add(e);
                    }
                });
                assertThat(errors).as("player errors").isEmpty();
                assertThat(result.get("subtitleTracks")).as("hls.js subtitle tracks").hasSize(1);
                assertThat(result.get("subtitleFragments").asInt()).as("subtitle fragments parsed").isGreaterThan(1);
                // hls.js puts video segment k at [2k, 2k+2) (its buffered ends are whole even seconds), so the
                // frame of source second n is shown at n: cue n must start there, within one frame
                JsonNode samples = result.get("samples");
                double bufferedEnd = samples.get(samples.size() - 1).get("bufferedEnd").asDouble();
                assertThat(Math.abs(bufferedEnd - Math.rint(bufferedEnd))).as("video buffered end %s", bufferedEnd)
                        .isLessThan(0.04);
                JsonNode cues = result.get("textTracks").get(0).get("cues");
                assertThat(cues.size()).as("cues loaded by hls.js").isGreaterThanOrEqualTo(3);
                for (JsonNode c : cues) {
                    int n = Integer.parseInt(c.get("text").asText().substring("cue ".length()));
                    assertThat(c.get("start").asDouble()).as("hls.js start of cue %d", n).isCloseTo(n, within(0.04));
                }
                // DASH: dash.js and shaka-player show the wvtt cues where the video frame of the same second is
                Element live = DashLiveIT.parse(CmafLiveIT.get(out + "dash/index.mpd").body()).getDocumentElement();
                Element period = (Element) live.getElementsByTagName("Period").item(0);
                double periodStart = Double.parseDouble(period.getAttribute("start").replaceAll("[PTS]", ""));
                long pto = Long.parseLong(DashLiveIT.firstTemplate(live, "v1").getAttribute("presentationTimeOffset"));
                long firstPts = firstVideoPts(out + "hls/" + MediaPlaylistView.parse(
                        CmafLiveIT.get(out + "hls/index_1.m3u8").body()).uris().get(0));
                long firstSequence = MediaPlaylistView.parse(CmafLiveIT.get(out + "hls/index_1.m3u8").body()).mediaSequence();
                assertThat(firstSequence).as("the HLS window still starts at the first segment").isZero();
                for (String which : List.of("dashjs", "shaka")) {
                    Process d = BrowserPlayer.builder(node, chromium, player, "play-dash.js", which, out + "dash/index.mpd",
                            Integer.toString(DASH_PLAY_SECONDS), "999").start();
                    String dout = new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(d.waitFor(DASH_PLAY_SECONDS + 60, TimeUnit.SECONDS)).isTrue();
                    System.out.println(which + " output:\n" + dout);
                    JsonNode r = BrowserPlayer.result(dout);
                    assertThat(r.get("errors")).as(which + " errors").isEmpty();
                    assertThat(r.get("textTracks")).as(which + " text tracks").hasSize(1);
                    List<JsonNode> shown = new ArrayList<>();
                    r.get("cues").forEach(t -> t.get("cues").forEach(shown::add));
                    assertThat(shown).as(which + " cues").hasSizeGreaterThanOrEqualTo(3);
                    for (JsonNode c : shown) {
                        int n = Integer.parseInt(c.get("text").asText().substring("cue ".length()));
                        double frame = periodStart + (firstPts + n * 25 * FRAME_TICKS - pto) / 90_000.0;
                        assertThat(c.get("start").asDouble()).as("%s: start of cue %d", which, n)
                                .isCloseTo(frame, within(0.04));
                    }
                }
            } finally {
                assertThat(encoder.waitFor(SECONDS + 30, TimeUnit.SECONDS)).as("encoder finished").isTrue();
            }
            assertThat(encoder.exitValue()).as("encoder exit code; log: %s", Files.readString(logFile)).isZero();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(MediaPlaylistView.parse(CmafLiveIT.get(out + "hls/index_2.m3u8").body()).endList()).isTrue());

            // ---- HLS (TS): the rendition is listed, its playlist is aligned with the video's
            String hlsMaster = CmafLiveIT.get(out + "hls/index.m3u8").body();
            System.out.println(hlsMaster);
            assertThat(hlsMaster).contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"eng\"")
                    .contains("URI=\"index_2.m3u8\"").contains("SUBTITLES=\"subs\"");
            MediaPlaylistView video = MediaPlaylistView.parse(CmafLiveIT.get(out + "hls/index_1.m3u8").body());
            MediaPlaylistView subs = MediaPlaylistView.parse(CmafLiveIT.get(out + "hls/index_2.m3u8").body());
            assertThat(subs.mediaSequence()).isEqualTo(video.mediaSequence());
            assertThat(subs.uris()).hasSameSizeAs(video.uris());
            assertThat(subs.discontinuities()).isEqualTo(video.discontinuities());

            // the frame times: frame n of the source is shown at firstPts + n * 3600
            long firstPts = firstVideoPts(out + "hls/" + video.uris().get(0));
            int checked = 0;
            for (String uri : subs.uris()) {
                String vtt = CmafLiveIT.get(out + "hls/" + uri).body();
                Matcher map = MAP.matcher(vtt);
                assertThat(map.find()).as("X-TIMESTAMP-MAP in %s:\n%s", uri, vtt).isTrue();
                long mpegts = Long.parseLong(map.group(1));
                long local = millis(map.group(2));
                Matcher cue = CUE.matcher(vtt);
                while (cue.find()) {
                    long pts = mpegts + (millis(cue.group(1)) - local) * 90;
                    long framePts = firstPts + Long.parseLong(cue.group(2)) * 25 * FRAME_TICKS;
                    assertThat(Math.abs(pts - framePts)).as("cue %s vs its video frame", cue.group(2))
                            .isLessThanOrEqualTo(FRAME_TICKS);
                    checked++;
                }
                // the CMAF endpoint serves the same segment
            }
            assertThat(checked).as("cues checked").isGreaterThanOrEqualTo(SECONDS - 4);
            CmafLiveIT.Run probe = CmafLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error", "-show_entries",
                    "stream=codec_name", "-of", "csv=p=0", out + "hls/index_2.m3u8");
            assertThat(probe.exit()).isZero();
            assertThat(probe.output().lines().filter(l -> !l.isBlank()).distinct()).as(probe.output()).containsExactly("webvtt");

            // ---- CMAF: subtitles group, WebVTT segments with the same times
            String cmaf = CmafLiveIT.get(out + "cmaf/main/index.m3u8").body();
            assertThat(cmaf).contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subtitles\",LANGUAGE=\"eng\"")
                    .contains("URI=\"index_2_s.m3u8\"").contains("SUBTITLES=\"subtitles\"");
            MediaPlaylistView cmafSubs = MediaPlaylistView.parse(CmafLiveIT.get(out + "cmaf/main/index_2_s.m3u8").body());
            MediaPlaylistView cmafVideo = MediaPlaylistView.parse(CmafLiveIT.get(out + "cmaf/main/index_1_v.m3u8").body());
            assertThat(cmafSubs.mediaSequence()).isEqualTo(cmafVideo.mediaSequence());
            assertThat(cmafSubs.uris()).hasSameSizeAs(cmafVideo.uris());
            assertThat(CmafLiveIT.get(CmafLiveIT.resolve(out + "cmaf/main/", cmafSubs.uris().get(1))).body())
                    .isEqualTo(CmafLiveIT.get(out + "hls/" + subs.uris().get(1)).body());
            probe = CmafLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error", "-show_entries",
                    "stream=codec_name", "-of", "csv=p=0", out + "cmaf/main/index_2_s.m3u8");
            assertThat(probe.exit()).isZero();
            assertThat(probe.output().lines().filter(l -> !l.isBlank()).distinct()).as(probe.output()).containsExactly("webvtt");

            // ---- DASH: a wvtt AdaptationSet on the video's time line; every cue within one frame of its video frame
            String mpd = CmafLiveIT.get(out + "dash/index.mpd").body();
            Element root = DashLiveIT.parse(mpd).getDocumentElement();
            assertThat(mpd).contains("contentType=\"text\" mimeType=\"application/mp4\" lang=\"eng\"")
                    .contains("codecs=\"wvtt\"")
                    .contains("<Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"subtitle\"/>");
            Element videoTemplate = DashLiveIT.firstTemplate(root, "v1");
            Element textTemplate = DashLiveIT.firstTemplate(root, "s2");
            assertThat(textTemplate.getAttribute("presentationTimeOffset"))
                    .isEqualTo(videoTemplate.getAttribute("presentationTimeOffset"));
            List<long[]> videoSegments = DashLiveIT.segments(videoTemplate);
            List<long[]> textSegments = DashLiveIT.segments(textTemplate);
            assertThat(textSegments.stream().map(java.util.Arrays::toString))
                    .containsExactlyElementsOf(videoSegments.stream().map(java.util.Arrays::toString).toList());
            byte[] init = CmafLiveIT.getBytes(out + "dash/" + textTemplate.getAttribute("initialization")).body();
            assertThat(new String(init, StandardCharsets.ISO_8859_1)).contains("wvtt").contains("vttC");
            long startNumber = Long.parseLong(textTemplate.getAttribute("startNumber"));
            checked = 0;
            for (int i = 0; i < textSegments.size(); i++) {
                byte[] fragment = CmafLiveIT.getBytes(out + "dash/" + textTemplate.getAttribute("media")
                        .replace("$Number$", Long.toString(startNumber + i))).body();
                List<WvttReader.Sample> samples = WvttReader.read(fragment);
                assertThat(samples.getFirst().start()).isEqualTo(textSegments.get(i)[0]);
                assertThat(samples.stream().mapToLong(WvttReader.Sample::duration).sum()).isEqualTo(textSegments.get(i)[1]);
                for (WvttReader.Sample sample : samples) {
                    for (WvttReader.Cue cue : sample.cues()) {
                        int n = Integer.parseInt(cue.payload().substring("cue ".length()));
                        long framePts = firstPts + n * 25L * FRAME_TICKS;
                        if (sample.start() == textSegments.get(i)[0] && framePts < sample.start()) {
                            continue; // the rest of a cue begun in the previous fragment
                        }
                        if (sample.start() > framePts + FRAME_TICKS) {
                            continue; // a later sample of the same cue
                        }
                        assertThat(Math.abs(sample.start() - framePts)).as("DASH cue %d vs its video frame", n)
                                .isLessThanOrEqualTo(FRAME_TICKS);
                        checked++;
                    }
                }
            }
            assertThat(checked).as("DASH cues checked").isGreaterThanOrEqualTo(SECONDS - 6);
            CmafLiveIT.Run dashProbe = CmafLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error", "-show_entries",
                    "stream=codec_name", "-of", "csv=p=0", out + "dash/index.mpd");
            // ffprobe reads the MPD with no message; ffmpeg 5.1's MP4 demuxer has no wvtt decoder mapping, so the
            // text track is listed as "unknown" (a data stream with codec tag wvtt)
            assertThat(dashProbe.exit()).as(dashProbe.output()).isZero();
            assertThat(dashProbe.output().lines().filter(l -> !l.isBlank()).distinct())
                    .containsExactlyInAnyOrder("h264", "aac", "unknown");
        }
    }

    static long firstVideoPts(String tsUrl) throws Exception {
        CmafLiveIT.Run r = CmafLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=start_pts", "-of", "csv=p=0", tsUrl);
        assertThat(r.exit()).as(r.output()).isZero();
        return Long.parseLong(r.output().lines().filter(l -> !l.isBlank()).findFirst().orElseThrow().strip());
    }

    static long millis(String ts) {
        String[] p = ts.split(":");
        long ms = 0;
        for (int i = 0; i < p.length - 1; i++) {
            ms = ms * 60 + Long.parseLong(p[i]);
        }
        String[] s = p[p.length - 1].split("\\.");
        return (ms * 60 + Long.parseLong(s[0])) * 1000 + Long.parseLong(s[1]);
    }

    private static Path logFile;

    /** One rendition (H.264 + AAC in TS) and one WebVTT subtitles rendition, as ffmpeg's HLS muxer pushes them. */
    static Process startEncoder(int ingestPort, int seconds) throws IOException {
        String base = "http://" + TestPackagers.USER1 + ":" + TestPackagers.PASS1 + "@127.0.0.1:" + ingestPort
                + "/in/v2/live/news/in1";
        Path vtt = Files.createTempFile("subs", ".vtt");
        StringBuilder b = new StringBuilder("WEBVTT\n\n");
        for (int i = 0; i < seconds + 5; i++) {
            b.append(String.format("00:%02d:%02d.000 --> 00:%02d:%02d.800\ncue %d\n\n", i / 60, i % 60, i / 60, i % 60, i));
        }
        Files.writeString(vtt, b);
        logFile = Files.createTempFile("ffmpeg-push", ".log");
        List<String> cmd = new ArrayList<>(List.of(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                "-nostdin", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-i", vtt.toString(),
                "-t", Integer.toString(seconds),
                "-map", "0:v", "-map", "1:a", "-map", "2:s",
                "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-b:v", "300k",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-c:s", "webvtt",
                "-f", "hls", "-hls_time", "2", "-hls_list_size", "5",
                "-hls_flags", "delete_segments+program_date_time+independent_segments",
                "-method", "PUT", "-http_persistent", "1",
                "-master_pl_name", "channel.m3u8",
                "-var_stream_map", "v:0,a:0,s:0,sgroup:subs,language:eng",
                "-hls_segment_filename", base + "/channel_%v_%05d.ts",
                base + "/channel_%v.m3u8"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }
}
