package dev.wharf.operator.push;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@code PUT http://<podIp>:<adminPort>/admin/config} with {@code Authorization: Bearer <token>}; 204 means applied. */
public final class HttpPackagerConfigPusher implements PackagerConfigPusher {
    private final int adminPort;
    private final HttpClient client;

    public HttpPackagerConfigPusher(int adminPort) {
        this.adminPort = adminPort;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public Result push(String podIp, String adminToken, String yaml) {
        String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
        var request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + adminPort + "/admin/config"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 204 || status == 200) {
                return Result.ok();
            }
            String body = response.body() == null ? "" : response.body().strip();
            if (body.length() > 500) {
                body = body.substring(0, 500) + "...";
            }
            return Result.failed("HTTP " + status + (body.isEmpty() ? "" : ": " + body));
        } catch (IOException e) {
            return Result.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted");
        }
    }
}
