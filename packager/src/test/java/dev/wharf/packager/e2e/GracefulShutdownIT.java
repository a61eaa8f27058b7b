package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as Kubernetes stops a pod: readiness answers 503 at once while the packager keeps serving
 * for {@code drainSeconds} (load balancers stop sending it requests); then the requests in flight finish
 * (a large segment read slowly, an upload whose body is still arriving), the sockets stop, and the
 * process exits with status 0 within the grace period.
 */
class GracefulShutdownIT {
    static final int DRAIN_SECONDS = 2;
    static final int GRACE_SECONDS = 10;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void sigtermDrainsFinishesInFlightRequestsAndExitsZero() throws Exception {
        Path dir = Files.createTempDirectory("wharf-sigterm");
        byte[] big = bigSegment(dir);
        List<byte[]> small = ReplayPusher.makeSegments(dir, 2, 0);
        assertThat(big.length).isGreaterThan(8_000_000);
        try (PackagerProcess p = new PackagerProcess("storage: {type: memory}",
                "drainSeconds: " + DRAIN_SECONDS + ", shutdownGraceSeconds: " + GRACE_SECONDS);
             ReplayPusher encoder = new ReplayPusher(p.ingestPort, "in1", TestPackagers.USER1, TestPackagers.PASS1,
                     List.of(big, small.get(1)), 2_000_000)) {
            encoder.push(0);
            String out = "http://127.0.0.1:" + p.playbackPort + "/out/v1/live/news/hls/";
            String ready = "http://127.0.0.1:" + p.adminPort + "/health/ready";
            assertThat(status(ready)).isEqualTo(200);

            // A player reading a ~10 MB segment at ~2 MB/s: the packager's write blocks (the kernel buffers at most
            // 4 MB) until after the drain.
            long[] getDoneAt = new long[1];
            CompletableFuture<byte[]> slowGet = CompletableFuture.supplyAsync(() -> {
                byte[] b = slowGet(p.playbackPort, "/out/v1/live/news/hls/index_1_0.ts");
                getDoneAt[0] = System.nanoTime();
                return b;
            });
            // An encoder's upload, half of the body sent before the SIGTERM, the rest after the drain.
            String path = "/in/v2/live/news/in1/news_00001.ts";
            String challenge;
            try (RawHttp h = new RawHttp(p.ingestPort)) {
                challenge = RawHttp.md5Challenge(h.request("PUT", path, Map.of(), new byte[0]));
            }
            byte[] body = small.get(1);
            RawHttp upload = new RawHttp(p.ingestPort);
            upload.sendHead("PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + RawHttp.digest(challenge, TestPackagers.USER1, TestPackagers.PASS1, "PUT", path, 1)
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n");
            upload.sendBytes(Arrays.copyOf(body, body.length / 2));
            Thread.sleep(500); // the GET is under way

            CompletableFuture<Long> exitedAt = p.process().onExit().thenApply(x -> System.nanoTime());
            long sigterm = System.nanoTime();
            p.terminate();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() -> status(ready) == 503);
            long notReady = System.nanoTime();
            // still serving during the drain
            assertThat(status(out + "index_1.m3u8")).isEqualTo(200);

            Thread.sleep(TimeUnit.SECONDS.toMillis(DRAIN_SECONDS) + 500); // the drain is over; requests in flight
            upload.sendBytes(Arrays.copyOfRange(body, body.length / 2, body.length));
            RawHttp.Response put = upload.read();
            upload.close();

            byte[] got = slowGet.get(30, TimeUnit.SECONDS);
            assertThat(p.process().waitFor(DRAIN_SECONDS + GRACE_SECONDS + 5, TimeUnit.SECONDS)).as("exited").isTrue();
            long exited = exitedAt.get();
            long getDone = getDoneAt[0];
            boolean refusedAfterExit = refuses(p.playbackPort);
            System.out.printf("[GracefulShutdownIT] SIGTERM -> ready 503 %d ms, -> exit %d ms (drain %d s, grace %d s);"
                            + " in-flight PUT %d, slow GET %d of %d bytes, done %d ms after SIGTERM%n",
                    (notReady - sigterm) / 1_000_000, (exited - sigterm) / 1_000_000, DRAIN_SECONDS, GRACE_SECONDS,
                    put.status(), got.length, big.length, (getDone - sigterm) / 1_000_000);
            assertThat(put.status()).as("the upload in flight").isEqualTo(201);
            assertThat(Arrays.equals(got, big)).as("the slow GET got the whole segment").isTrue();
            assertThat(p.process().exitValue()).as("exit status; log:\n%s", p.log()).isZero();
            assertThat(refusedAfterExit).isTrue();
            assertThat(getDone - sigterm).as("the GET was still being sent after the drain")
                    .isGreaterThan(TimeUnit.SECONDS.toNanos(DRAIN_SECONDS));
            assertThat(exited - sigterm).as("exit within drain + grace")
                    .isLessThan(TimeUnit.SECONDS.toNanos(DRAIN_SECONDS + GRACE_SECONDS));
            assertThat(p.log()).contains("still serving for " + DRAIN_SECONDS + " s")
                    .contains("request(s) in flight").contains("Stopped").doesNotContain("still in flight after");
        }
    }

    /** GET with a 64 KiB receive buffer, reading at most 64 KiB every 30 ms; returns the body. */
    private static byte[] slowGet(int port, String path) {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) != -1; ) {
                all.write(buf, 0, n);
                Thread.sleep(30);
            }
            byte[] response = all.toByteArray();
            String text = new String(response, StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("slow GET answered " + text.substring(0, Math.max(0, headEnd)));
            }
            return Arrays.copyOfRange(response, headEnd + 4, response.length);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("slow GET failed", e);
        }
    }

    private static boolean refuses(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            s.getOutputStream().write("GET /out/v1/time HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return s.getInputStream().read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    static byte[] bigSegment(Path dir) throws Exception {
        Path f = dir.resolve("big.ts");
        Process ff = new ProcessBuilder(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-t", "8", "-c:v", "libx264", "-preset", "ultrafast",
                "-qp", "10", "-g", "50", "-f", "mpegts", f.toString()).redirectErrorStream(true).start();
        String log = new String(ff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ff.waitFor(60, TimeUnit.SECONDS) || ff.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + log);
        }
        return Files.readAllBytes(f);
    }

    static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
