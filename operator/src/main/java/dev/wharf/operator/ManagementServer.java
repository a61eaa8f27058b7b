package dev.wharf.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** The operator's own endpoints: {@code /metrics} on one port, {@code /healthz} and {@code /readyz} on another. */
public final class ManagementServer implements AutoCloseable {
    private final HttpServer metrics;
    private final HttpServer health;

    public ManagementServer(int metricsPort, int healthPort, PrometheusMeterRegistry registry, BooleanSupplier live,
            BooleanSupplier ready) throws IOException {
        metrics = HttpServer.create(new InetSocketAddress(metricsPort), 0);
        metrics.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        health = HttpServer.create(new InetSocketAddress(healthPort), 0);
        health.createContext("/healthz", ex -> check(ex, live));
        health.createContext("/readyz", ex -> check(ex, ready));
        for (HttpServer s : new HttpServer[] {metrics, health}) {
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
        }
    }

    public int metricsPort() {
        return metrics.getAddress().getPort();
    }

    public int healthPort() {
        return health.getAddress().getPort();
    }

    private static void check(HttpExchange ex, BooleanSupplier ok) throws IOException {
        boolean good = ok.getAsBoolean();
        send(ex, good ? 200 : 503, "text/plain", good ? "ok\n" : "not ok\n");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        metrics.stop(0);
        health.stop(0);
    }
}
