package dev.wharf.packager.e2e;

import dev.wharf.testing.MediaPlaylistView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CMAF endpoint end to end: ffmpeg pushes a 2-rendition H.264 + AAC live stream (TS) into a packager on
 * the in-memory store; the packager serves it as HLS with fMP4 segments, remuxed just in time. While it is
 * live the CMAF media playlists must advance; at the end ffprobe and ffmpeg read the master with no error,
 * one rendition's init + fragments decode as one file, and the fragments' decode times are continuous.
 */
class CmafLiveIT {
    static final int SECONDS = 20;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String HLS_SHORT_ENDPOINT = """
              - metadata: {namespace: live, name: hls-short}
                spec:
                  channelName: news
                  hlsPackage: {playlistWindowSeconds: 6}
            """;
    static final String CMAF_ENDPOINT = """
              - metadata: {namespace: live, name: cmaf}
                spec:
                  channelName: news
                  cmafPackage:
                    segmentDurationSeconds: 2
                    segmentPrefix: news
                    hlsManifests:
                      - {id: main, manifestName: index, playlistWindowSeconds: 60, programDateTimeIntervalSeconds: 2}
                      - {id: short, manifestName: live, playlistWindowSeconds: 6}
            """;

    /**
     * @param tsOffsetSeconds ffmpeg's {@code -output_ts_offset}: 95436 s puts the 33-bit PTS wrap (95443.7 s)
     *                        about 6 s into the push, so segments after it start near 0 again
     */
    @ParameterizedTest(name = "output_ts_offset={0}")
    @ValueSource(ints = {0, 95436})
    void ffmpegPushesTsAndCmafPlaysBack(int tsOffsetSeconds) throws Exception {
        try (Packager packager = Packager.start(TestPackagers.config(null, CMAF_ENDPOINT + HLS_SHORT_ENDPOINT))) {
            String ep = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/cmaf/";
            String out = ep + "main/";
            Process encoder = startEncoder(packager.ingestPort(), SECONDS, tsOffsetSeconds);
            long lastSequence = -1;
            int advances = 0;
            int refreshes = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS + 30);
            while (encoder.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                HttpResponse<String> media = get(out + "index_1_v.m3u8");
                if (media.statusCode() == 404) {
                    continue;
                }
                assertThat(media.statusCode()).as(media.body()).isEqualTo(200);
                MediaPlaylistView p = MediaPlaylistView.parse(media.body());
                assertThat(media.body()).contains("#EXT-X-VERSION:6\n", "#EXT-X-INDEPENDENT-SEGMENTS\n",
                        "#EXT-X-MAP:URI=\"../seg/news_1_v_init_0.mp4\"\n");
                long last = p.mediaSequence() + p.uris().size() - 1;
                assertThat(last).isGreaterThanOrEqualTo(lastSequence);
                if (last > lastSequence && lastSequence >= 0) {
                    advances++;
                }
                assertThat(media.headers().firstValue("X-MediaPackage-Manifest-Last-Sequence")).hasValue(Long.toString(last));
                // Like a player at the live edge: fetch the newest fragment while it is new.
                String newest = p.uris().get(p.uris().size() - 1);
                assertThat(newest).isEqualTo("../seg/news_1_v_" + last + ".mp4");
                HttpResponse<byte[]> frag = getBytes(resolve(out, newest));
                assertThat(frag.statusCode()).isEqualTo(200);
                assertThat(frag.headers().firstValue("Content-Type")).hasValue("video/mp4");
                lastSequence = last;
                refreshes++;
            }
            assertThat(encoder.waitFor(30, TimeUnit.SECONDS)).as("encoder finished").isTrue();
            assertThat(encoder.exitValue()).as("encoder exit code; log: %s", Files.readString(logFile)).isZero();
            System.out.printf("while live: %d refreshes, %d advanced%n", refreshes, advances);
            assertThat(refreshes).as("playlist refreshes while live").isGreaterThanOrEqualTo(SECONDS / 2);
            assertThat(advances).as("refreshes where the CMAF playlist advanced").isGreaterThanOrEqualTo(SECONDS / 2 - 4);

            for (String media : List.of("index_1_v.m3u8", "index_2_v.m3u8", "index_1_a.m3u8")) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    MediaPlaylistView p = MediaPlaylistView.parse(get(out + media).body());
                    assertThat(p.endList()).isTrue();
                    assertThat(p.mediaSequence()).isZero();
                    assertThat(p.totalSeconds()).isBetween(SECONDS - 2.5, SECONDS + 2.5);
                });
            }
            // The second audio (identical) is not offered: one audio group.
            assertThat(get(out + "index_2_a.m3u8").statusCode()).isEqualTo(200); // served, but not listed
            HttpResponse<String> master = get(out + "index.m3u8");
            assertThat(master.statusCode()).isEqualTo(200);
            assertThat(master.body()).doesNotContain("index_2_a.m3u8")
                    .contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\"")
                    .contains("URI=\"index_1_a.m3u8\"");
            System.out.println("CMAF master:\n" + master.body());
            List<String> inf = master.body().lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList();
            assertThat(inf).hasSize(2);
            assertThat(inf.get(0)).contains("RESOLUTION=480x270", "CODECS=\"avc1.42c015,mp4a.40.2\"", "AUDIO=\"audio\"");
            assertThat(inf.get(1)).contains("RESOLUTION=320x180", "AUDIO=\"audio\"");

            // A second manifest of the endpoint: its own window, the same segments.
            MediaPlaylistView shortWindow = MediaPlaylistView.parse(get(ep + "short/live_1_v.m3u8").body());
            assertThat(shortWindow.totalSeconds()).isLessThanOrEqualTo(6.5);
            assertThat(shortWindow.uris().get(0)).startsWith("../seg/news_1_v_");

            // Two HLS endpoints with the same manifestName on one channel keep their own playlists.
            assertThat(MediaPlaylistView.parse(get(ep.replace("/cmaf/", "/hls/") + "index_1.m3u8").body()).totalSeconds())
                    .isGreaterThan(SECONDS - 2.5);
            assertThat(MediaPlaylistView.parse(get(ep.replace("/cmaf/", "/hls-short/") + "index_1.m3u8").body())
                    .totalSeconds()).isLessThanOrEqualTo(6.5);

            // ffprobe sees both video tracks with their size and the audio, with no error.
            Run probe = run(ExternalTools.ffprobe().toString(), "-v", "error", "-show_entries",
                    "stream=codec_name,width,height", "-of", "csv=p=0", out + "index.m3u8");
            assertThat(probe.exit).as(probe.output).isZero();
            assertThat(probe.output).contains("h264,480,270").contains("h264,320,180").contains("aac")
                    .doesNotContainIgnoringCase("error");

            // A player decodes every track of the whole output with no error.
            Run play = run(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin", "-i", out + "index.m3u8",
                    "-map", "0", "-f", "null", "-");
            assertThat(play.exit).as(play.output).isZero();
            assertThat(play.output).as("decoder output").isBlank();

            // One rendition's init + fragments, concatenated, is one valid fMP4 file; decode times are continuous.
            for (String track : List.of("v", "a")) {
                MediaPlaylistView p = MediaPlaylistView.parse(get(out + "index_1_" + track + ".m3u8").body());
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                HttpResponse<byte[]> init = getBytes(ep + "seg/news_1_" + track + "_init_0.mp4");
                assertThat(init.statusCode()).isEqualTo(200);
                file.write(init.body());
                Fmp4Times previous = null;
                long firstTfdt = -1;
                List<Long> gaps = new ArrayList<>();
                for (String uri : p.uris()) {
                    HttpResponse<byte[]> frag = getBytes(resolve(out, uri));
                    assertThat(frag.statusCode()).isEqualTo(200);
                    file.write(frag.body());
                    Fmp4Times t = Fmp4Times.of(frag.body());
                    if (firstTfdt < 0) {
                        firstTfdt = t.baseMediaDecodeTime();
                    }
                    if (previous != null) {
                        gaps.add(t.baseMediaDecodeTime() - (previous.baseMediaDecodeTime() + previous.durationTicks()));
                        assertThat(t.sequenceNumber()).isEqualTo(previous.sequenceNumber() + 1);
                    }
                    previous = t;
                }
                System.out.printf("offset %d, track %s: %d fragments, tfdt gaps %s, first tfdt %d, last tfdt %d%n",
                        tsOffsetSeconds, track, p.uris().size(), gaps, firstTfdt, previous.baseMediaDecodeTime());
                assertThat(gaps).as("tfdt(n) - (tfdt(n-1) + durations(n-1)) of track %s", track)
                        .hasSizeGreaterThanOrEqualTo(SECONDS / 2 - 2).containsOnly(0L);
                Path mp4 = Files.createTempFile("cmaf-" + track, ".mp4");
                Files.write(mp4, file.toByteArray());
                Run decode = run(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin", "-i", mp4.toString(),
                        "-f", "null", "-");
                assertThat(decode.exit).as(decode.output).isZero();
                assertThat(decode.output).as("decoding the concatenated %s track", track).isBlank();
                Files.delete(mp4);
            }

            // Same request, same bytes: fragments are deterministic (served again from the cache here).
            MediaPlaylistView p = MediaPlaylistView.parse(get(out + "index_2_v.m3u8").body());
            byte[] once = getBytes(resolve(out, p.uris().get(3))).body();
            assertThat(getBytes(resolve(ep + "short/", p.uris().get(3))).body()).isEqualTo(once);

            assertThat(get(ep + "seg/news_1_v_999999.mp4").statusCode()).isEqualTo(404);
            assertThat(get(ep + "nosuch/index.m3u8").statusCode()).isEqualTo(404);
            assertThat(get(ep + "index.m3u8").statusCode()).isEqualTo(404);
        }
    }

    record Run(int exit, String output) {}

    static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    private static Path logFile;

    /** Two renditions (480x270 and 320x180), each H.264 + AAC in TS, pushed as ffmpeg's HLS muxer does. */
    static Process startEncoder(int ingestPort, int seconds) throws IOException {
        return startEncoder(ingestPort, seconds, 0);
    }

    /**
     * Segment names are ffmpeg's {@code channel_%v_%05d.ts}, numbered from 0 by every run, as a restarted encoder does:
     * the packager keeps each PUT's bytes under a key of its own ({@code SegmentNameReuseIT}).
     */
    static Process startEncoder(int ingestPort, int seconds, int tsOffsetSeconds) throws IOException {
        String base = "http://" + TestPackagers.USER1 + ":" + TestPackagers.PASS1 + "@127.0.0.1:" + ingestPort
                + "/in/v2/live/news/in1";
        logFile = Files.createTempFile("ffmpeg-push", ".log");
        List<String> cmd = new ArrayList<>(List.of(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                "-nostdin", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds),
                "-filter_complex", "[0:v]split=2[a][b];[b]scale=320:180[b2]",
                "-map", "[a]", "-map", "[b2]", "-map", "1:a", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-b:v:0", "600k", "-b:v:1", "300k",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2",
                "-output_ts_offset", Integer.toString(tsOffsetSeconds),
                "-f", "hls", "-hls_time", "2", "-hls_list_size", "5",
                "-hls_flags", "delete_segments+program_date_time+independent_segments",
                "-method", "PUT", "-http_persistent", "1",
                "-master_pl_name", "channel.m3u8",
                "-var_stream_map", "v:0,a:0 v:1,a:1",
                "-hls_segment_filename", base + "/channel_%v_%05d.ts",
                base + "/channel_%v.m3u8"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }

    static String resolve(String base, String relative) {
        return URI.create(base).resolve(relative).toString();
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
