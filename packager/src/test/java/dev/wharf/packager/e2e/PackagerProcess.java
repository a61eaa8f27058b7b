package dev.wharf.packager.e2e;

import dev.wharf.packager.PackagerMain;
import dev.wharf.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A packager in its own JVM, started as production starts it ({@code PackagerMain --config file}) with
 * this test JVM's java and class path, on free loopback ports; so a test can SIGKILL or SIGTERM it.
 * Output goes to {@code target/external-processes/packager-<playbackPort>.log}.
 */
final class PackagerProcess implements AutoCloseable {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    final int playbackPort = FreePorts.next();
    final int ingestPort = FreePorts.next();
    final int adminPort = FreePorts.next();
    private final Process process;
    private final Path log;

    /**
     * Starts a packager with {@link TestPackagers#yaml}'s channel, {@code storage} (a whole {@code storage:}
     * line) and {@code serverExtra} (more {@code server} settings, may be empty), and waits until it is live.
     */
    PackagerProcess(String storage, String serverExtra) {
        String server = "playbackPort: " + playbackPort + ", ingestPort: " + ingestPort + ", adminPort: " + adminPort
                + (serverExtra.isEmpty() ? "" : ", " + serverExtra);
        try {
            Path dir = Files.createTempDirectory("wharf-packager-process");
            Path config = dir.resolve("packager.yaml");
            Files.writeString(config, TestPackagers.yaml(server, storage, null));
            Path logs = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "external-processes");
            Files.createDirectories(logs);
            log = logs.resolve("packager-" + playbackPort + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), PackagerMain.class.getName(), "--config", config.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RUNNING.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!live()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("packager process did not come up; log " + log + ":\n" + log());
            }
            sleep(100);
        }
    }

    private boolean live() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health/live"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crashed node or an OOM kill: no drain, no goodbye. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }

    /** SIGTERM, as Kubernetes stops a pod. */
    void terminate() {
        process.destroy();
    }

    Process process() {
        return process;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        RUNNING.remove(process);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
