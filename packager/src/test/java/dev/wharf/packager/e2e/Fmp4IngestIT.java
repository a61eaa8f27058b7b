package dev.wharf.packager.e2e;

import static dev.wharf.packager.e2e.CmafLiveIT.get;
import static dev.wharf.packager.e2e.CmafLiveIT.getBytes;
import static dev.wharf.packager.e2e.CmafLiveIT.resolve;
import static dev.wharf.packager.e2e.CmafLiveIT.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.packager.Packager;
import dev.wharf.packager.demux.mp4.Fmp4Init;
import dev.wharf.packager.demux.mp4.Fmp4InitParser;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.MediaPlaylistView;
import java.io.IOException;
import java.net.http.HttpResponse;
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

/**
 * An fMP4 source end to end: ffmpeg's HLS muxer pushes {@code -hls_segment_type fmp4} (an init segment per
 * rendition named by {@code EXT-X-MAP}, then {@code .m4s} segments, each with a video and an audio track) for
 * {@value #PUSH_SECONDS} s, two renditions, with Digest auth. While it is live, hls.js in Chromium plays the CMAF
 * endpoint for {@value #PLAY_SECONDS} s, and the HLS endpoint serves fMP4 HLS (the ingested segments passed
 * through, behind their init). At the end ffprobe/ffmpeg read the HLS, CMAF and DASH endpoints with no message,
 * decode a plausible number of frames, the Smooth Streaming chunks are their fragments, and the CMAF fragments decode times are continuous.
 */
class Fmp4IngestIT {
    static final int PUSH_SECONDS = 32;
    static final int PLAY_SECONDS = 20;
    static final int FPS = 25;
    static final String ENDPOINTS = CmafLiveIT.CMAF_ENDPOINT + MssLiveIT.MSS_ENDPOINT + """
              - metadata: {namespace: live, name: dash}
                spec:
                  channelName: news
                  dashPackage: {}
            """;
    private static Path logFile;

    @Test
    void ffmpegPushesFmp4AndEveryEndpointPlays() throws Exception {
        Path chromium = ExternalTools.require("chromium", "chromium");
        Path node = ExternalTools.require("node", "nodejs");
        Path player = CmafPlayerIT.installPlayer();
        try (Packager packager = Packager.start(TestPackagers.config(null, ENDPOINTS))) {
            String base = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/";
            String cmaf = base + "cmaf/main/";
            String hls = base + "hls/";
            Process encoder = startEncoder(packager.ingestPort(), PUSH_SECONDS);
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(MediaPlaylistView.parse(get(cmaf + "index_2_v.m3u8").body()).uris())
                                .hasSizeGreaterThanOrEqualTo(4));

                // The HLS endpoint: fMP4 HLS, the ingested segments behind EXT-X-MAP.
                HttpResponse<String> media = get(hls + "index_1.m3u8");
                assertThat(media.statusCode()).isEqualTo(200);
                assertThat(media.body()).contains("#EXT-X-VERSION:7\n", "#EXT-X-MAP:URI=\"index_1_init_0.mp4\"\n")
                        .doesNotContain(".ts\n");
                MediaPlaylistView view = MediaPlaylistView.parse(media.body());
                assertThat(view.uris()).allMatch(u -> u.matches("index_1_\\d+\\.m4s"));
                HttpResponse<byte[]> init = getBytes(hls + "index_1_init_0.mp4");
                assertThat(init.statusCode()).isEqualTo(200);
                assertThat(init.headers().firstValue("Content-Type")).hasValue("video/mp4");
                Fmp4Init parsed = Fmp4InitParser.parse(init.body());
                assertThat(parsed.formats()).extracting(f -> f.codec() + "," + f.width() + "x" + f.height())
                        .containsExactly("avc1.42c015,480x270", "mp4a.40.2,0x0");
                HttpResponse<byte[]> segment = getBytes(resolve(hls, view.uris().getLast()));
                assertThat(segment.statusCode()).isEqualTo(200);
                assertThat(new String(segment.body(), 4, 4, StandardCharsets.ISO_8859_1)).isIn("styp", "moof", "sidx");
                assertThat(get(hls + "index_1_init_999.mp4").statusCode()).isEqualTo(404);

                // hls.js plays the CMAF endpoint (remuxed from the fMP4 source) while the push goes on.
                JsonNode result = play(node, chromium, player, cmaf + "index.m3u8");
                assertThat(result.get("errors")).as("player errors").isEmpty();
                assertThat(result.get("levels")).hasSize(2);
                assertThat(result.get("sourceBuffers").has("video")).isTrue();
                assertThat(result.get("sourceBuffers").has("audio")).isTrue();
                List<JsonNode> samples = new ArrayList<>();
                result.get("samples").forEach(samples::add);
                JsonNode mid = samples.get(samples.size() / 3);
                JsonNode last = samples.getLast();
                double wall = samples.size() - 1 - samples.size() / 3;
                double played = last.get("currentTime").asDouble() - mid.get("currentTime").asDouble();
                long frames = last.get("totalVideoFrames").asLong() - mid.get("totalVideoFrames").asLong();
                assertThat(played).as("seconds played in %s s", wall).isGreaterThan(wall * 0.8);
                assertThat(frames).as("video frames decoded in %s s", wall).isGreaterThan((long) (wall * FPS * 0.8));

                assertThat(encoder.waitFor(40, TimeUnit.SECONDS)).as("encoder finished").isTrue();
                assertThat(encoder.exitValue()).as("encoder log: %s", Files.readString(logFile)).isZero();
            } finally {
                encoder.destroy();
                encoder.waitFor(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(MediaPlaylistView.parse(get(cmaf + "index_1_v.m3u8").body()).endList()).isTrue());

            // The manifests carry the codecs, size and frame rate read from the init and segments.
            String master = get(cmaf + "index.m3u8").body();
            System.out.println("CMAF master from the fMP4 source:\n" + master);
            assertThat(master).contains("RESOLUTION=480x270", "RESOLUTION=320x180", "FRAME-RATE=25.000",
                    "CODECS=\"avc1.42c015,mp4a.40.2\"", "CODECS=\"avc1.42c00d,mp4a.40.2\"");
            String hlsMaster = get(hls + "index.m3u8").body();
            assertThat(hlsMaster).contains("RESOLUTION=480x270", "CODECS=\"avc1.42c015,mp4a.40.2\"");
            String mpd = get(base + "dash/index.mpd").body();
            assertThat(mpd).contains("codecs=\"avc1.42c015\"", "width=\"480\"", "codecs=\"mp4a.40.2\"");

            // ffprobe and ffmpeg read every endpoint with no message; the number of decoded frames is plausible.
            for (String url : List.of(hls + "index.m3u8", cmaf + "index.m3u8", base + "dash/index.mpd")) {
                CmafLiveIT.Run probe = run(ExternalTools.ffprobe().toString(), "-v", "error", "-show_entries",
                        "stream=codec_name,width,height", "-of", "csv=p=0", url);
                assertThat(probe.exit()).as(probe.output()).isZero();
                assertThat(probe.output()).as("ffprobe %s", url).contains("h264,480,270", "aac")
                        .doesNotContainIgnoringCase("error");
                CmafLiveIT.Run decode = run(ExternalTools.ffmpeg().toString(), "-v", "error", "-stats", "-nostdin",
                        "-i", url, "-map", "0:v:0", "-map", "0:a:0", "-f", "null", "-");
                assertThat(decode.exit()).as(decode.output()).isZero();
                String messages = decode.output().lines().flatMap(l -> Pattern.compile("\r").splitAsStream(l))
                        .filter(l -> !l.isBlank() && !l.startsWith("frame=")).reduce("", (a, b) -> a + b + "\n");
                assertThat(messages).as("decoder messages of %s", url).isBlank();
                Matcher m = Pattern.compile("frame=\\s*(\\d+)").matcher(decode.output());
                long decoded = 0;
                while (m.find()) {
                    decoded = Long.parseLong(m.group(1));
                }
                System.out.printf("%s: %d video frames decoded%n", url, decoded);
                assertThat(decoded).as("frames decoded from %s", url)
                        .isBetween((long) (PUSH_SECONDS * FPS * 0.85), (long) (PUSH_SECONDS * FPS * 1.05));
            }

            // Smooth Streaming from the same samples: every video chunk of the Manifest is a fragment whose tfxd
            // and trun durations are that chunk, and the chunks are continuous.
            String mss = base + "mss/index.ism/";
            org.w3c.dom.Element root = DashLiveIT.parse(get(mss + "Manifest").body()).getDocumentElement();
            org.w3c.dom.Element mssVideo = MssLiveIT.stream(root, "video");
            assertThat(((org.w3c.dom.Element) mssVideo.getElementsByTagName("QualityLevel").item(0))
                    .getAttribute("CodecPrivateData")).startsWith("00000001");
            List<long[]> chunks = MssLiveIT.chunks(mssVideo);
            assertThat(chunks.size()).isBetween(PUSH_SECONDS / 2 - 1, PUSH_SECONDS / 2 + 2);
            long bitrate = MssLiveIT.bitrates(mssVideo).getFirst();
            for (int i = 0; i < chunks.size(); i++) {
                long[] c = chunks.get(i);
                HttpResponse<byte[]> f = getBytes(mss + "QualityLevels(" + bitrate + ")/Fragments(video=" + c[0] + ")");
                assertThat(f.statusCode()).isEqualTo(200);
                SmoothBoxes b = SmoothBoxes.of(f.body());
                assertThat(new long[] {b.time(), b.trunDuration()}).containsExactly(c[0], c[1]);
                if (i > 0) {
                    assertThat(c[0]).isEqualTo(chunks.get(i - 1)[0] + chunks.get(i - 1)[1]);
                }
            }
            System.out.printf("Smooth: %d video chunks match their fragments%n", chunks.size());

            // The CMAF fragments' decode times are continuous, video and audio.
            for (String track : List.of("v", "a")) {
                MediaPlaylistView p = MediaPlaylistView.parse(get(cmaf + "index_1_" + track + ".m3u8").body());
                Fmp4Times previous = null;
                List<Long> gaps = new ArrayList<>();
                for (String uri : p.uris()) {
                    HttpResponse<byte[]> frag = getBytes(resolve(cmaf, uri));
                    assertThat(frag.statusCode()).isEqualTo(200);
                    Fmp4Times t = Fmp4Times.of(frag.body());
                    if (previous != null) {
                        gaps.add(t.baseMediaDecodeTime() - (previous.baseMediaDecodeTime() + previous.durationTicks()));
                    }
                    previous = t;
                }
                System.out.printf("track %s: %d fragments, tfdt gaps %s%n", track, p.uris().size(), gaps);
                assertThat(gaps).hasSizeGreaterThanOrEqualTo(PUSH_SECONDS / 2 - 3).containsOnly(0L);
            }
        }
    }

    private static JsonNode play(Path node, Path chromium, Path player, String master) throws Exception {
        Process p = BrowserPlayer.builder(node, chromium, player, "play-hls.js", master, Integer.toString(PLAY_SECONDS))
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(PLAY_SECONDS + 60, TimeUnit.SECONDS)).isTrue();
        System.out.println("player output:\n" + output);
        assertThat(p.exitValue()).as(output).isZero();
        return BrowserPlayer.result(output);
    }

    /** Two renditions (480x270 and 320x180), each H.264 + AAC in one fMP4 track pair, pushed as ffmpeg's HLS muxer does. */
    static Process startEncoder(int ingestPort, int seconds) throws IOException {
        String base = "http://" + TestPackagers.USER1 + ":" + TestPackagers.PASS1 + "@127.0.0.1:" + ingestPort
                + "/in/v2/live/news/in1";
        logFile = Files.createTempFile("ffmpeg-fmp4-push", ".log");
        List<String> cmd = new ArrayList<>(List.of(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                "-nostdin", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=" + FPS,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds),
                "-filter_complex", "[0:v]split=2[a][b];[b]scale=320:180[b2]",
                "-map", "[a]", "-map", "[b2]", "-map", "1:a", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-b:v:0", "600k", "-b:v:1", "300k",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2",
                "-f", "hls", "-hls_time", "2", "-hls_list_size", "5",
                "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "channel_%v_init.mp4",
                "-hls_flags", "delete_segments+program_date_time+independent_segments",
                "-method", "PUT", "-http_persistent", "1",
                "-master_pl_name", "channel.m3u8",
                "-var_stream_map", "v:0,a:0 v:1,a:1",
                "-hls_segment_filename", base + "/channel_%v_%05d.m4s",
                base + "/channel_%v.m3u8"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }
}
