package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.testing.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away under a live channel: ingest answers 503 with Retry-After (encoders retry) instead
 * of hanging or failing with 500, readiness goes false, and everything recovers by itself when Redis
 * is back, with no restart.
 */
class RedisOutageIT {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void ingestAnswers503WhileRedisIsDownAndRecoversByItself() throws Exception {
        List<byte[]> segments = ReplayPusher.makeSegments(Files.createTempDirectory("wharf-outage"), 8, 0);
        try (RedisServerProcess redis = new RedisServerProcess();
             Packager p = Packager.start(TestPackagers.config(redis.url(), null))) {
            String ready = "http://127.0.0.1:" + p.adminPort() + "/health/ready";
            String playlist = "http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/hls/index_1.m3u8";
            try (ReplayPusher a = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1, segments, 1_000_000)) {
                a.push(0);
                a.push(1);
                assertThat(status(ready)).isEqualTo(200);
                assertThat(status(playlist)).isEqualTo(200);

                long down = System.nanoTime();
                redis.stop();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> status(ready) == 503);
                long notReady = System.nanoTime();
                RawHttp.Response refused = putRaw(p, segments.get(2));
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotBlank();

                redis.start(); // same port, empty: the encoder goes on
                long up = System.nanoTime();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> status(ready) == 200);
                long readyAgain = System.nanoTime();
                a.push(2);
                System.out.printf("[RedisOutageIT] Redis stopped -> /health/ready 503 in %d ms; Redis answering PING ->"
                                + " ready again in %d ms, next PUT accepted %d ms after%n", (notReady - down) / 1_000_000,
                        (readyAgain - up) / 1_000_000, (System.nanoTime() - readyAgain) / 1_000_000);
                a.push(3);
                assertThat(status(playlist)).isEqualTo(200);
                assertThat(IngestBadInputIT.get(playlist)).contains("index_1_");
            }
        }
    }

    /** One authenticated PUT on a fresh connection, answer returned as is. */
    static RawHttp.Response putRaw(Packager p, byte[] body) throws Exception {
        String path = "/in/v2/live/news/in1/outage.ts";
        String challenge;
        try (RawHttp h = new RawHttp(p.ingestPort())) {
            challenge = RawHttp.md5Challenge(h.request("PUT", path, java.util.Map.of(), new byte[0]));
        }
        try (RawHttp h = new RawHttp(p.ingestPort())) {
            return h.request("PUT", path, java.util.Map.of("Authorization",
                    RawHttp.digest(challenge, TestPackagers.USER1, TestPackagers.PASS1, "PUT", path, 1)), body);
        }
    }
}
