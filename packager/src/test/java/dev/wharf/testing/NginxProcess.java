package dev.wharf.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx on loopback as the load balancer in front of several packagers: one server block
 * per listen port, each proxying round-robin to its upstreams, configured the way an ingress for
 * streaming uploads must be (no request buffering, no body size limit, HTTP/1.1 keep-alive upstream).
 */
public final class NginxProcess implements AutoCloseable {
    /** One balanced port: nginx listens on {@code listenPort} and spreads requests over {@code upstreamPorts}. */
    public record Balance(int listenPort, List<Integer> upstreamPorts) {}

    private final Process process;
    private final Path dir;

    public NginxProcess(List<Balance> balances) throws IOException, InterruptedException {
        Path nginx = ExternalTools.nginx();
        dir = Files.createTempDirectory("wharf-nginx");
        StringBuilder http = new StringBuilder();
        int n = 0;
        for (Balance b : balances) {
            http.append("  upstream u").append(n).append(" {\n");
            for (int port : b.upstreamPorts()) {
                http.append("    server 127.0.0.1:").append(port).append(" max_fails=0;\n");
            }
            http.append("    keepalive 16;\n  }\n");
            http.append("  server {\n    listen 127.0.0.1:").append(b.listenPort()).append(";\n")
                    .append("    location / {\n      proxy_pass http://u").append(n).append(";\n")
                    .append("      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n")
                    .append("      proxy_request_buffering off;\n      proxy_buffering off;\n")
                    .append("      proxy_next_upstream error timeout http_502 http_503 non_idempotent;\n")
                    .append("    }\n  }\n");
            n++;
        }
        String conf = """
                daemon off;
                worker_processes 1;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_max_body_size 0;
                  client_body_temp_path %s/body;
                  proxy_temp_path %s/proxy;
                %s}
                """.formatted(dir, dir, dir, dir, http);
        Files.writeString(dir.resolve("nginx.conf"), conf);
        process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        for (Balance b : balances) {
            waitForPort(b.listenPort());
        }
    }

    private void waitForPort(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("stdout.log"))
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
