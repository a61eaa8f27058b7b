package dev.wharf.operator.inputs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET http://<podIp>:<adminPort>/admin/channels/<namespace>/<name>}: a channel's input health as
 * one packager pod sees it (all replicas share it through Redis). No token: the read needs none.
 */
public class PackagerStatusReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The packager's answer (AdminService#channelStatus). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Answer(String activeInput, long failovers, long switchedAtMillis, List<Input> inputs) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Input(String id, boolean active, long lastContentMillis, Double secondsSinceContent, boolean ended) {}
    }

    /** The outcome of one read: the answer, or why there is none; {@code transientFailure} for I/O errors and 5xx. */
    public record Result(Answer answer, String error, boolean transientFailure) {}

    private final int adminPort;
    private final HttpClient client;

    public PackagerStatusReader(int adminPort) {
        this.adminPort = adminPort;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    public Result read(String podIp, String namespace, String name) {
        String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
        var request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + adminPort + "/admin/channels/"
                        + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(3)).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                Answer a = JSON.readValue(response.body(), Answer.class);
                return new Result(a.inputs() == null ? new Answer(a.activeInput(), a.failovers(), a.switchedAtMillis(), List.of()) : a,
                        null, false);
            }
            String body = response.body() == null ? "" : response.body().strip();
            if (body.length() > 200) {
                body = body.substring(0, 200) + "...";
            }
            return new Result(null, "HTTP " + response.statusCode() + (body.isEmpty() ? "" : ": " + body), response.statusCode() >= 500);
        } catch (IOException e) {
            return new Result(null, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted", true);
        }
    }
}
