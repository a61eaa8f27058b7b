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
 * streaming uploads must be (no body size limit, HTTP/1.1 keep-alive upstream, failed requests, PUT
 * included, passed to the next upstream). Every request is logged to {@link #accessLog()} with the
 * upstreams tried: {@code <method> <uri> <status> <upstream_addr> <upstream_status>}.
 */
public final class NginxProcess implements AutoCloseable {
    /**
     * One balanced port: nginx listens on {@code listenPort} and spreads requests over {@code upstreamPorts}.
     * With {@code bufferRequests} nginx reads a request body completely before passing it on, which is what
     * lets it resend a PUT to the next upstream when the first one fails (unbuffered, it can't: the body
     * is already gone); without, uploads stream through. Buffered balances also finish a request whose
     * client went away after sending it ({@code proxy_ignore_client_abort on}): ffmpeg closes its connection
     * right after its last upload without waiting for the answer, and nginx would otherwise drop that upload.
     */
    public record Balance(int listenPort, List<Integer> upstreamPorts, boolean bufferRequests) {
        public Balance(int listenPort, List<Integer> upstreamPorts) {
            this(listenPort, upstreamPorts, false);
        }
    }

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
                    .append("      proxy_request_buffering ").append(b.bufferRequests() ? "on" : "off")
                    .append(";\n      proxy_buffering off;\n")
                    .append(b.bufferRequests() ? "      proxy_ignore_client_abort on;\n" : "")
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
                  log_format upstreams '$request_method $request_uri $status $upstream_addr $upstream_status';
                  access_log %s/access.log upstreams;
                  client_max_body_size 0;
                  client_body_buffer_size 16m;
                  client_body_temp_path %s/body;
                  proxy_temp_path %s/proxy;
                %s}
                """.formatted(dir, dir, dir, dir, dir, http);
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

    /** The access log so far, one request per line (see the class comment). */
    public List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** nginx's error log so far. */
    public String errorLog() throws IOException {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "";
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
