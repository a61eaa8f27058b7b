package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.MediaPlaylistView;
import dev.wharf.testing.RedisServerProcess;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The first slice end to end with real parts: ffmpeg's HLS muxer pushes a 3-rendition live stream
 * with Digest auth (with and without persistent connections) into a packager on the in-memory
 * store and on a real redis-server; while it runs, the output playlists are polled like a player
 * would; at the end ffmpeg decodes the whole output with no error.
 */
class HlsLiveIT {
    static final int SECONDS = 20;
    static RedisServerProcess redis;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisServerProcess();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @ParameterizedTest(name = "store={0}, http_persistent={1}")
    @CsvSource({"memory,1", "memory,0", "redis,1", "redis,0"})
    void ffmpegPushesAndPlaysBack(String storeKind, int persistent) throws Exception {
        if (storeKind.equals("redis")) {
            redis.stop();
            redis.start(); // an empty Redis for each run
        }
        try (Packager packager = Packager.start(TestPackagers.config(storeKind.equals("redis") ? redis.url() : null, null))) {
            String out = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/hls/";
            Process encoder = startEncoder(packager.ingestPort(), persistent);
            Map<Long, String> seen = new HashMap<>();
            long lastSequence = -1;
            int refreshes = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS + 30);
            while (encoder.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                HttpResponse<String> media = get(out + "index_1.m3u8");
                if (media.statusCode() == 404) {
                    continue;
                }
                assertThat(media.statusCode()).isEqualTo(200);
                MediaPlaylistView p = MediaPlaylistView.parse(media.body());
                // The media sequence never goes back, and a sequence number always names the same segment.
                assertThat(p.mediaSequence()).isGreaterThanOrEqualTo(lastSequence);
                for (int i = 0; i < p.uris().size(); i++) {
                    String prev = seen.putIfAbsent(p.mediaSequence() + i, p.uris().get(i));
                    assertThat(prev == null || prev.equals(p.uris().get(i)))
                            .as("sequence %d renamed from %s to %s", p.mediaSequence() + i, prev, p.uris().get(i)).isTrue();
                }
                assertThat(media.headers().firstValue("X-MediaPackage-Manifest-Last-Sequence"))
                        .hasValue(Long.toString(p.mediaSequence() + p.uris().size() - 1));
                lastSequence = p.mediaSequence();
                refreshes++;
            }
            assertThat(encoder.waitFor(30, TimeUnit.SECONDS)).as("encoder finished").isTrue();
            assertThat(encoder.exitValue()).as("encoder exit code; log: %s", encoderLog()).isZero();
            assertThat(refreshes).as("playlist refreshes seen while live").isGreaterThanOrEqualTo(SECONDS / 2);

            // Master: three variants, with codecs and sizes read from the stream itself.
            HttpResponse<String> master = get(out + "index.m3u8");
            assertThat(master.statusCode()).isEqualTo(200);
            assertThat(master.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
            assertThat(master.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            List<String> inf = master.body().lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList();
            assertThat(inf).hasSize(3);
            // x264's ultrafast preset makes Constrained Baseline, level 2.1: the codecs come from the SPS
            assertThat(inf.get(0)).contains("RESOLUTION=480x270").contains("CODECS=\"avc1.42c015,mp4a.40.2\"")
                    .contains("FRAME-RATE=25.000").contains("BANDWIDTH=").contains("AVERAGE-BANDWIDTH=");
            assertThat(inf.get(1)).contains("RESOLUTION=320x180");
            assertThat(inf.get(2)).contains("RESOLUTION=256x144");

            // The encoder ended its stream: the output is complete and covers the whole push. (ffmpeg
            // may exit before its last playlist PUT has been handled, hence the short wait.)
            for (int r = 1; r <= 3; r++) {
                String url = out + "index_" + r + ".m3u8";
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    MediaPlaylistView p = MediaPlaylistView.parse(get(url).body());
                    assertThat(p.endList()).isTrue();
                    assertThat(p.mediaSequence()).isZero();
                    assertThat(p.totalSeconds()).isBetween(SECONDS - 2.5, SECONDS + 2.5);
                    assertThat(p.discontinuities()).isZero();
                });
            }

            // What a CDN relies on: HEAD gives the size without the body, ETags revalidate, caching headers.
            MediaPlaylistView first = MediaPlaylistView.parse(get(out + "index_1.m3u8").body());
            String segment = out + first.uris().get(0);
            HttpResponse<byte[]> full = HTTP.send(HttpRequest.newBuilder(URI.create(segment)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(full.statusCode()).isEqualTo(200);
            assertThat(full.headers().firstValue("Content-Type")).hasValue("video/mp2t");
            assertThat(full.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).startsWith("max-age="));
            HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(URI.create(segment))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(full.body().length);
            assertThat(head.body()).isEmpty();
            String etag = master.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> notModified = HTTP.send(HttpRequest.newBuilder(URI.create(out + "index.m3u8"))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(notModified.statusCode()).isEqualTo(304);

            // A real player decodes every rendition of the output with no error.
            Process play = new ProcessBuilder(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin",
                    "-i", out + "index.m3u8", "-map", "0:v", "-map", "0:a", "-f", "null", "-")
                    .redirectErrorStream(true).start();
            String errors = new String(play.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(play.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(play.exitValue()).as(errors).isZero();
            assertThat(errors).as("decoder errors").isBlank();

            Process probe = new ProcessBuilder(ExternalTools.ffprobe().toString(), "-v", "error", "-show_entries",
                    "stream=codec_name,width,height", "-of", "csv=p=0", out + "index_1.m3u8")
                    .redirectErrorStream(true).start();
            String streams = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(streams).contains("h264,480,270").contains("aac");

            String metrics = get("http://127.0.0.1:" + packager.adminPort() + "/metrics").body();
            assertThat(metrics).contains("wharf_ingress_request_count_total{channel=\"news\",ingest_endpoint=\"in1\",status_code_range=\"2xx\"}")
                    .contains("wharf_egress_request_count_total{channel=\"news\",kind=\"manifest\",origin_endpoint=\"hls\"")
                    .contains("wharf_ingest_segments_total")
                    .doesNotContain(TestPackagers.PASS1);
        }
    }

    private static Path logFile;

    private static Process startEncoder(int ingestPort, int persistent) throws IOException {
        String base = "http://" + TestPackagers.USER1 + ":" + TestPackagers.PASS1 + "@127.0.0.1:" + ingestPort
                + "/in/v2/live/news/in1";
        logFile = Files.createTempFile("ffmpeg-push", ".log");
        List<String> cmd = new ArrayList<>(List.of(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                "-nostdin", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=480x270:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(SECONDS),
                "-filter_complex", "[0:v]split=3[a][b][c];[b]scale=320:180[b2];[c]scale=256:144[c2]",
                "-map", "[a]", "-map", "[b2]", "-map", "[c2]", "-map", "1:a", "-map", "1:a", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-b:v:0", "600k", "-b:v:1", "300k", "-b:v:2", "150k",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2",
                "-f", "hls", "-hls_time", "2", "-hls_list_size", "5",
                "-hls_flags", "delete_segments+program_date_time+independent_segments",
                "-method", "PUT", "-http_persistent", Integer.toString(persistent),
                "-master_pl_name", "channel.m3u8",
                "-var_stream_map", "v:0,a:0 v:1,a:1 v:2,a:2",
                "-hls_segment_filename", base + "/channel_%v_%05d.ts",
                base + "/channel_%v.m3u8"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }

    private static String encoderLog() throws IOException {
        return logFile == null ? "" : Files.readString(logFile);
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
