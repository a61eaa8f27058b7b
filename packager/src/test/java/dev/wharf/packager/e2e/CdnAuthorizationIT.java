package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.ConfigException;
import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.packager.config.ConfigWatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * CDN authorization (MediaPackage {@code authorization}): an endpoint that has it answers 403 to any request without
 * the right {@code X-MediaPackage-CDNIdentifier} header (manifests and segments, GET and HEAD) and serves the CDN that
 * sends it; other endpoints of the channel are not affected; the identifier is re-read when its file is replaced
 * (a Secret rotation) and never appears in logs or error bodies.
 */
class CdnAuthorizationIT {
    static final String HEADER = "X-MediaPackage-CDNIdentifier";
    static final String FIRST = "9f0c1f7e-5b7a-4d53-9c55-1f0b2a3c4d5e";
    static final String SECOND = "0d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void onlyTheCdnWithTheIdentifierIsServed() throws Exception {
        List<String> log = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (log) {
                    log.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("").addHandler(capture);
        List<byte[]> segments = ReplayPusher.makeSegments(Files.createTempDirectory("wharf-cdn-src"), 3, 0);
        Path dir = Files.createTempDirectory("wharf-cdn");
        Path identifier = Files.writeString(dir.resolve("cdn-identifier"), FIRST + "\n");
        Path file = dir.resolve("packager.yaml");
        Files.writeString(file, TestPackagers.yaml("playbackPort: 0, ingestPort: 0, adminPort: 0", "storage: {type: memory}", """
                  - metadata: {namespace: live, name: cdn}
                    spec:
                      channelName: news
                      hlsPackage: {segmentDurationSeconds: 1}
                      authorization: {cdnIdentifierSecret: {name: cdn-secret, key: id}, cdnIdentifierFile: %s}
                """.formatted(identifier)));
        List<String> bodies = new ArrayList<>();
        try (Packager p = Packager.start(ConfigLoader.load(file));
             ConfigWatcher watcher = new ConfigWatcher(file, p.registry(), 100);
             ReplayPusher encoder = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                     segments, 1_000_000)) {
            for (int i = 0; i < 3; i++) {
                encoder.push(i);
            }
            String out = "http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/";
            await().atMost(Duration.ofSeconds(10)).until(() -> status("GET", out + "cdn/index_1.m3u8", FIRST) == 200);
            List<String> urls = List.of(out + "cdn/index.m3u8", out + "cdn/index_1.m3u8", out + "cdn/index_1_0.ts");
            for (String url : urls) {
                for (String method : List.of("GET", "HEAD")) {
                    assertThat(status(method, url, FIRST)).as("%s %s with the identifier", method, url).isEqualTo(200);
                    assertThat(status(method, url, null)).as("%s %s without", method, url).isEqualTo(403);
                    assertThat(status(method, url, SECOND)).as("%s %s with another", method, url).isEqualTo(403);
                    assertThat(status(method, url, FIRST + "0")).as("%s %s with a longer one", method, url).isEqualTo(403);
                }
                HttpResponse<String> refused = send("GET", url, FIRST.substring(0, 20));
                assertThat(refused.body()).contains("CDN authorization").doesNotContain(FIRST.substring(20));
                bodies.add(refused.body());
            }
            assertThat(status("GET", out + "hls/index_1.m3u8", null)).as("an endpoint without authorization").isEqualTo(200);

            // The Secret rotates: the kubelet replaces the file; the packager re-reads it.
            Path tmp = dir.resolve(".cdn.tmp");
            Files.writeString(tmp, SECOND + "\n");
            Files.move(tmp, identifier, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(status("GET", out + "cdn/index_1.m3u8", SECOND)).as("new identifier").isEqualTo(200);
                assertThat(status("GET", out + "cdn/index_1.m3u8", FIRST)).as("old identifier").isEqualTo(403);
            });
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        String logs;
        synchronized (log) {
            logs = String.join("\n", log);
        }
        for (String secret : List.of(FIRST, SECOND)) {
            assertThat(logs).doesNotContain(secret);
            assertThat(String.join("\n", bodies)).doesNotContain(secret);
        }
    }

    @Test
    void anIdentifierThatCannotBeReadClosesTheEndpointNotTheChannel() throws Exception {
        Path dir = Files.createTempDirectory("wharf-cdn-bad");
        Path missing = dir.resolve("not-yet");
        Path file = dir.resolve("packager.yaml");
        Files.writeString(file, TestPackagers.yaml("playbackPort: 0, ingestPort: 0, adminPort: 0", "storage: {type: memory}", """
                  - metadata: {namespace: live, name: cdn}
                    spec:
                      channelName: news
                      hlsPackage: {segmentDurationSeconds: 1}
                      authorization: {cdnIdentifierSecret: {name: s, key: k}, cdnIdentifierFile: %s}
                  - metadata: {namespace: live, name: cdn-short}
                    spec:
                      channelName: news
                      hlsPackage: {segmentDurationSeconds: 1}
                      authorization: {cdnIdentifierSecret: {name: s, key: k}, cdnIdentifier: short}
                """.formatted(missing)));
        List<byte[]> segments = ReplayPusher.makeSegments(Files.createTempDirectory("wharf-cdn-bad-src"), 2, 0);
        try (Packager p = Packager.start(ConfigLoader.load(file));
             ConfigWatcher watcher = new ConfigWatcher(file, p.registry(), 100);
             ReplayPusher encoder = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                     segments, 1_000_000)) {
            encoder.push(0);
            encoder.push(1);
            String out = "http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/";
            await().atMost(Duration.ofSeconds(10)).until(() -> status("GET", out + "hls/index_1.m3u8", null) == 200);
            assertThat(status("GET", out + "cdn/index_1.m3u8", null)).as("no file: closed").isEqualTo(403);
            assertThat(status("GET", out + "cdn/index_1.m3u8", FIRST)).as("no file: closed").isEqualTo(403);
            assertThat(status("GET", out + "cdn/index_1.m3u8", "")).as("an empty header never matches").isEqualTo(403);
            assertThat(status("GET", out + "cdn-short/index_1.m3u8", "short")).as("out of bounds: closed").isEqualTo(403);
            // the Secret appears: the kubelet writes the file, the endpoint opens to the CDN
            Files.writeString(missing, FIRST + "\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> status("GET", out + "cdn/index_1.m3u8", FIRST) == 200);
            assertThat(status("GET", out + "cdn/index_1.m3u8", null)).isEqualTo(403);
        }
        String server = "playbackPort: 0, ingestPort: 0, adminPort: 0";
        assertThatThrownBy(() -> Packager.start(ConfigLoader.parse(TestPackagers.yaml(server, "storage: {type: memory}", """
                  - metadata: {namespace: live, name: cdn}
                    spec:
                      channelName: news
                      hlsPackage: {}
                      authorization: {cdnIdentifierSecret: {name: s, key: k}}
                """))).close())
                .isInstanceOf(ConfigException.class).hasMessageContaining("live/news/cdn")
                .hasMessageContaining("needs cdnIdentifier or cdnIdentifierFile");
    }

    private static int status(String method, String url, String identifier) throws Exception {
        return send(method, url, identifier).statusCode();
    }

    private static HttpResponse<String> send(String method, String url, String identifier) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (identifier != null) {
            b.header(HEADER, identifier);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
