package dev.wharf.operator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback standing in for a packager pod's admin port: it records every
 * {@code PUT /admin/config} and answers 204 (or the status a test sets).
 */
public final class RecordingPackager implements AutoCloseable {
    public record Push(String authorization, String body) {}

    private final HttpServer server;
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private volatile int status = 204;
    private volatile String errorBody = "";
    private volatile String channelStatus;
    private final AtomicInteger statusReads = new AtomicInteger();

    public RecordingPackager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/admin/config", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!"PUT".equals(ex.getRequestMethod())) {
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                pushes.add(new Push(ex.getRequestHeaders().getFirst("Authorization"), body));
                int s = status;
                if (s == 204) {
                    ex.sendResponseHeaders(204, -1);
                } else {
                    byte[] b = errorBody.getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(s, b.length);
                    ex.getResponseBody().write(b);
                }
            } finally {
                ex.close();
            }
        });
        server.createContext("/admin/channels/", ex -> {
            try (ex) {
                statusReads.incrementAndGet();
                String body = channelStatus;
                if (body == null) {
                    byte[] b = "no such channel\n".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(404, b.length);
                    ex.getResponseBody().write(b);
                    return;
                }
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
        });
        server.start();
    }

    /** What {@code GET /admin/channels/{ns}/{name}} answers from now on (null: 404, the channel is unknown). */
    public void channelStatus(String json) {
        this.channelStatus = json;
    }

    /** How many times the input health was read. */
    public int statusReads() {
        return statusReads.get();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Push> pushes() {
        return pushes;
    }

    public Push last() {
        return pushes.isEmpty() ? null : pushes.get(pushes.size() - 1);
    }

    public void answer(int status, String body) {
        this.status = status;
        this.errorBody = body;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
