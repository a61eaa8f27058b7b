package dev.wharf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-sentinel} (Debian's package) on 127.0.0.1 and a free port, monitoring one primary
 * under a master name, with short timings so a failover takes seconds: the primary counts as down after
 * {@code downAfterMillis} without answering, and a failover is retried after 5 s.
 *
 * <p>Sentinel rewrites its configuration file, so each process gets its own in a temporary directory.
 * Its output goes to {@code target/external-processes/sentinel-<port>.log}.
 */
public final class RedisSentinelProcess implements AutoCloseable {
    private final int port;
    private final Process process;
    private final Path dir;
    private final Path log;

    public RedisSentinelProcess(String masterName, int primaryPort, int quorum, int downAfterMillis) {
        this(masterName, primaryPort, quorum, downAfterMillis, "");
    }

    /** @param extraConfig more sentinel.conf lines, e.g. {@code sentinel auth-pass} and {@code requirepass} */
    public RedisSentinelProcess(String masterName, int primaryPort, int quorum, int downAfterMillis, String extraConfig) {
        Path binary = ExternalTools.redisSentinel();
        this.port = FreePorts.next();
        try {
            dir = Files.createTempDirectory("wharf-sentinel-" + port + "-");
            Path logs = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "external-processes");
            Files.createDirectories(logs);
            log = logs.resolve("sentinel-" + port + ".log");
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, """
                    port %d
                    bind 127.0.0.1
                    daemonize no
                    dir %s
                    sentinel monitor %s 127.0.0.1 %d %d
                    sentinel down-after-milliseconds %s %d
                    sentinel failover-timeout %s 5000
                    sentinel parallel-syncs %s 1
                    """.formatted(port, dir, masterName, primaryPort, quorum, masterName, downAfterMillis,
                    masterName, masterName) + extraConfig);
            process = new ProcessBuilder(binary.toString(), conf.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("redis-sentinel did not start on " + port + "; see " + log);
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, the form a Sentinel node list uses. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return log;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
