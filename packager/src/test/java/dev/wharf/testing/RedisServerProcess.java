package dev.wharf.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} on 127.0.0.1 and a free port, for integration tests.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = new RedisServerProcess()) {
 *     store = new RedisSegmentStore(RedisStoreConfig.standalone(redis.url()));
 *     redis.stop();   // outage
 *     redis.start();  // back, same port, empty (no persistence)
 * }
 * }</pre>
 *
 * <p>No persistence ({@code --save "" --appendonly no}), so a restart comes back empty. The server's
 * output is appended to {@code target/external-processes/redis-<port>.log}; a JVM shutdown hook kills
 * whatever is still running.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final long STOP_GRACE_MILLIS = 5_000;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger SEQ = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "redis-server-process-reaper"));
    }

    private final Path binary;
    private final int port;
    private final Path dir;
    private final Path logFile;
    private final List<String> extraArgs;
    private Process process;

    /** Starts a redis-server on a free port. */
    public RedisServerProcess() {
        this(List.of());
    }

    /**
     * Starts a redis-server on a free port with additional arguments, e.g. {@code List.of("--requirepass",
     * "secret")} or {@code List.of("--replicaof", "127.0.0.1", "6380")}.
     */
    public RedisServerProcess(List<String> extraArgs) {
        this.binary = ExternalTools.redisServer();
        this.port = FreePorts.next();
        this.extraArgs = List.copyOf(extraArgs);
        try {
            this.dir = Files.createTempDirectory("wharf-redis-" + port + "-");
            Path logs = targetDir().resolve("external-processes");
            Files.createDirectories(logs);
            this.logFile = logs.resolve("redis-" + port + "-" + ProcessHandle.current().pid() + "-"
                    + SEQ.incrementAndGet() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /** (Re)starts the server on the same port; no-op while it runs. Waits until it answers PING. */
    public synchronized RedisServerProcess start() {
        if (isRunning()) {
            return this;
        }
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", dir.toString()));
        cmd.addAll(extraArgs);
        try {
            Files.writeString(logFile, "=== starting: " + String.join(" ", cmd) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", cmd), e);
        }
        RUNNING.add(process);
        awaitPing();
        return this;
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        String lastError = "no attempt";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                RUNNING.remove(process);
                throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue()
                        + " before answering PING. Output (" + logFile + "):\n" + output());
            }
            try {
                if (pingOnce()) {
                    return;
                }
                lastError = "unexpected reply";
            } catch (IOException e) {
                lastError = e.toString();
            }
            sleep(25);
        }
        process.destroyForcibly();
        RUNNING.remove(process);
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT_MILLIS + " ms (last: " + lastError + "). Output (" + logFile + "):\n" + output());
    }

    private boolean pingOnce() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            if (n <= 0) {
                return false;
            }
            String reply = new String(buf, 0, n, StandardCharsets.US_ASCII);
            // +PONG, or -NOAUTH when started with --requirepass: ready. -LOADING and the like: not yet.
            return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
        }
    }

    /** Stops the server: SIGTERM, then SIGKILL after 5 s. Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(p);
        }
    }

    /** Kills the server with SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroyForcibly();
        try {
            p.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(p);
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:<port>}, the form sentinel and cluster node lists use. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public Path dir() {
        return dir;
    }

    /** The server's output so far (all runs). */
    public String output() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Stops the server and deletes its working directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir, best effort
        }
    }

    @Override
    public String toString() {
        return "redis-server " + url();
    }

    private static Path targetDir() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "target");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
