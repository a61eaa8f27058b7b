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
import java.time.Duration;
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
}
