package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.packager.config.ConfigWatcher;
import dev.wharf.packager.config.PackagerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed configuration is served within seconds, without a restart: from the file, or pushed over HTTP. */
class ConfigReloadIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static String yaml(String endpointName) {
        return """
                server: {host: 127.0.0.1, playbackPort: 0, ingestPort: 0, adminPort: 0}
                channels:
                  - metadata: {namespace: live, name: news}
                    spec:
                      ingestEndpoints: [{id: in1, username: enc, password: password-1}]
                originEndpoints:
                  - metadata: {namespace: live, name: %s}
                    spec: {channelName: news, hlsPackage: {}}
                """.formatted(endpointName);
    }

    static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body()
                .startsWith("no endpoint") ? 0 : 1;
    }

    @Test
    void aChangedFileAddsAnEndpointAndABrokenOneIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("packager.yaml");
        Files.writeString(file, yaml("first"));
        PackagerConfig config = ConfigLoader.load(file);
        try (Packager p = Packager.start(config);
             ConfigWatcher watcher = new ConfigWatcher(file, p.registry(), 100)) {
            String base = "http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/";
            assertThat(status(base + "first/index.m3u8")).isEqualTo(1);
            assertThat(status(base + "second/index.m3u8")).isZero();

            Files.writeString(file, yaml("second"));
            await().atMost(Duration.ofSeconds(5)).until(() -> status(base + "second/index.m3u8") == 1);
            assertThat(status(base + "first/index.m3u8")).isZero();

            Files.writeString(file, yaml("BAD NAME"));
            Thread.sleep(500);
            assertThat(status(base + "second/index.m3u8")).as("the running configuration stays").isEqualTo(1);
        }
    }

    @Test
    void aConfigurationPushedToTheAdminSocketNeedsTheTokenAndMustValidate(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("admin-token");
        Files.writeString(token, "t0ken-for-the-operator\n");
        PackagerConfig config = ConfigLoader.parse(yaml("first"));
        config.server.adminTokenFile = token.toString();
        try (Packager p = Packager.start(config)) {
            String admin = "http://127.0.0.1:" + p.adminPort() + "/admin/config";
            HttpResponse<String> noToken = HTTP.send(HttpRequest.newBuilder(URI.create(admin))
                    .PUT(HttpRequest.BodyPublishers.ofString(yaml("second"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noToken.statusCode()).isEqualTo(401);
            HttpResponse<String> invalid = HTTP.send(HttpRequest.newBuilder(URI.create(admin))
                    .header("Authorization", "Bearer t0ken-for-the-operator")
                    .PUT(HttpRequest.BodyPublishers.ofString(yaml("BAD NAME"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.body()).contains("originEndpoints[0].metadata.name");
            HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(admin))
                    .header("Authorization", "Bearer t0ken-for-the-operator")
                    .PUT(HttpRequest.BodyPublishers.ofString(yaml("second"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(204);
            assertThat(status("http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/second/index.m3u8")).isEqualTo(1);
        }
    }

    static int pushConfig(int adminPort, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/admin/config"))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aRotatedAdminTokenIsInEffectWithoutARestartAndItsSchemeIsCaseInsensitive(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("admin-token");
        Files.writeString(token, "old-admin-token-1\n");
        PackagerConfig config = ConfigLoader.parse(yaml("first"));
        config.server.adminTokenFile = token.toString();
        try (Packager p = Packager.start(config)) {
            int admin = p.adminPort();
            // RFC 9110 11.1: the auth-scheme is case-insensitive
            assertThat(pushConfig(admin, "bearer old-admin-token-1", yaml("first"))).isEqualTo(204);
            assertThat(pushConfig(admin, "BEARER old-admin-token-1", yaml("first"))).isEqualTo(204);
            assertThat(pushConfig(admin, "Basic old-admin-token-1", yaml("first"))).isEqualTo(401);
            assertThat(pushConfig(admin, "Bearer", yaml("first"))).isEqualTo(401);

            // a Secret rotation as the kubelet does it: the mounted file is replaced atomically
            Path tmp = dir.resolve(".admin-token.tmp");
            Files.writeString(tmp, "new-admin-token-2\n");
            Files.move(tmp, token, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertThat(pushConfig(admin, "Bearer old-admin-token-1", yaml("second"))).as("old token").isEqualTo(401);
            assertThat(status("http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/second/index.m3u8"))
                    .as("a refused push changes nothing").isZero();
            assertThat(pushConfig(admin, "Bearer new-admin-token-2", yaml("second"))).as("new token").isEqualTo(204);
            assertThat(status("http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/second/index.m3u8")).isEqualTo(1);

            // mid-rotation (the file briefly empty): the last good token stays, nothing opens up
            Files.writeString(token, "");
            assertThat(pushConfig(admin, "Bearer ", yaml("first"))).isEqualTo(401);
            assertThat(pushConfig(admin, "Bearer new-admin-token-2", yaml("first"))).isEqualTo(204);
        }
    }

    @Test
    void aRotatedPasswordFileIsInEffectWithoutARestartAndKeepsAPushedConfiguration(@TempDir Path dir) throws Exception {
        // As on Kubernetes: the configuration names password files; a rotation rewrites the file, not the configuration.
        Path password = dir.resolve("in1");
        Files.writeString(password, "first-password-1\n");
        Path token = dir.resolve("admin-token");
        Files.writeString(token, "t0ken-for-the-operator\n");
        String yaml = """
                server: {host: 127.0.0.1, playbackPort: 0, ingestPort: 0, adminPort: 0, adminTokenFile: %s}
                channels:
                  - metadata: {namespace: live, name: news}
                    spec:
                      ingestEndpoints: [{id: in1, username: enc, passwordFile: %s}]
                originEndpoints:
                  - metadata: {namespace: live, name: %s}
                    spec: {channelName: news, hlsPackage: {}}
                """;
        Path file = dir.resolve("packager.yaml");
        Files.writeString(file, yaml.formatted(token, password, "first"));
        try (Packager p = Packager.start(ConfigLoader.load(file));
             ConfigWatcher watcher = new ConfigWatcher(file, p.registry(), 100)) {
            String ingest = "/in/v2/live/news/in1/probe.ts";
            assertThat(digestDelete(p.ingestPort(), ingest, "enc", "first-password-1")).isEqualTo(204);
            // A pushed configuration (newer than the file, which the kubelet has not refreshed yet)...
            HttpResponse<String> pushed = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.adminPort() + "/admin/config"))
                    .header("Authorization", "Bearer t0ken-for-the-operator")
                    .PUT(HttpRequest.BodyPublishers.ofString(yaml.formatted(token, password, "second"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pushed.statusCode()).isEqualTo(204);

            Path tmp = dir.resolve(".in1.tmp");
            Files.writeString(tmp, "second-password-2\n");
            Files.move(tmp, password, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(digestDelete(p.ingestPort(), ingest, "enc", "first-password-1")).as("old password").isEqualTo(401);
                assertThat(digestDelete(p.ingestPort(), ingest, "enc", "second-password-2")).as("new password").isEqualTo(204);
            });
            // ...stays in effect: the credentials were re-read for it, the stale file was not re-applied.
            String base = "http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/";
            assertThat(status(base + "second/index.m3u8")).isEqualTo(1);
            assertThat(status(base + "first/index.m3u8")).isZero();

            Files.writeString(password, "short\n");
            Thread.sleep(500);
            assertThat(digestDelete(p.ingestPort(), ingest, "enc", "second-password-2"))
                    .as("a password file that does not validate is refused; the running credentials stay").isEqualTo(204);
        }
    }

    /** Final status of a Digest-authenticated DELETE (answered 204 without storing anything). */
    static int digestDelete(int port, String path, String user, String password) throws Exception {
        String challenge;
        try (RawHttp h = new RawHttp(port)) {
            challenge = RawHttp.md5Challenge(h.request("DELETE", path, Map.of(), null));
        }
        try (RawHttp h = new RawHttp(port)) {
            return h.request("DELETE", path, Map.of("Authorization", RawHttp.digest(challenge, user, password, "DELETE", path, 1)), null)
                    .status();
        }
    }
}
