package dev.wharf.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the real external programs integration tests drive (redis-server, ffmpeg, nginx...), installing
 * the Debian package once when the binary is missing and we may (root, apt-get present).
 *
 * <p>Never skips: when a tool can't be found or installed the test fails with what to install, so a CI
 * image without the tool goes red instead of silently testing less.
 */
public final class ExternalTools {

    private static final Path APT_LOCK = Path.of(System.getProperty("java.io.tmpdir", "/tmp"), "wharf-apt-install.lock");
    private static final long APT_TIMEOUT_MINUTES = 15;
    /** Packages this JVM already tried to install (successfully or not): never twice. */
    private static final Set<String> ATTEMPTED = ConcurrentHashMap.newKeySet();
    private static volatile boolean aptUpdated;

    private ExternalTools() {}

    public static Path redisServer() {
        return require("redis-server", "redis-server");
    }

    public static Path redisSentinel() {
        return require("redis-sentinel", "redis-sentinel");
    }

    public static Path ffmpeg() {
        return require("ffmpeg", "ffmpeg");
    }

    public static Path ffprobe() {
        return require("ffprobe", "ffmpeg");
    }

    public static Path nginx() {
        return require("nginx", "nginx-light");
    }

    /**
     * The path of {@code binary}, searched on PATH then /usr/bin, /usr/sbin, /usr/local/bin, /sbin; if
     * missing, installs {@code debianPackage} with apt-get (root only, once per JVM, serialized across
     * JVMs with a file lock).
     *
     * @throws IllegalStateException when the binary is still missing, saying what to install
     */
    public static Path require(String binary, String debianPackage) {
        return require(binary, debianPackage, true);
    }

    static Path require(String binary, String debianPackage, boolean mayInstall) {
        Optional<Path> found = find(binary);
        if (found.isPresent()) {
            return found.get();
        }
        synchronized (ExternalTools.class) {
            found = find(binary);
            if (found.isPresent()) {
                return found.get();
            }
            String why = mayInstall ? tryInstall(debianPackage) : "installing disabled";
            found = find(binary);
            if (found.isPresent()) {
                return found.get();
            }
            throw new IllegalStateException("Required external tool '" + binary + "' is not installed and could not be"
                    + " installed automatically (" + why + "). Install the Debian package '" + debianPackage
                    + "' (apt-get install -y " + debianPackage + ") or put '" + binary + "' on PATH."
                    + " Integration tests never skip a missing tool.");
        }
    }

    /** Searches PATH and the usual system directories for an executable {@code binary}. */
    public static Optional<Path> find(String binary) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/bin", "/sbin"));
        for (String d : dirs) {
            Path p = Path.of(d, binary);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Installs a package when allowed; returns a short reason when it did not (or could not) install it. */
    @SuppressWarnings("try") // the lock is held by the try block, never referenced
    private static String tryInstall(String debianPackage) {
        if (!isRoot()) {
            return "not running as root, so no apt-get install";
        }
        Optional<Path> aptGet = find("apt-get");
        if (aptGet.isEmpty()) {
            return "apt-get not available";
        }
        if (!ATTEMPTED.add(debianPackage)) {
            return "installing '" + debianPackage + "' already failed earlier in this JVM";
        }
        log("'" + debianPackage + "' is missing; installing it with apt-get (waiting for lock " + APT_LOCK + ")");
        try (FileChannel ch = FileChannel.open(APT_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (!aptUpdated && !hasPackageLists()) {
                run(List.of(aptGet.get().toString(), "update"));
                aptUpdated = true;
            }
            int rc = install(aptGet.get(), debianPackage);
            if (rc != 0 && !aptUpdated) {
                log("install failed (exit " + rc + "); running apt-get update and retrying");
                run(List.of(aptGet.get().toString(), "update"));
                aptUpdated = true;
                rc = install(aptGet.get(), debianPackage);
            }
            return rc == 0 ? "apt-get installed '" + debianPackage + "' but the binary is still not found"
                    : "apt-get install " + debianPackage + " exited with " + rc;
        } catch (IOException e) {
            return "apt-get failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while installing";
        }
    }

    private static int install(Path aptGet, String debianPackage) throws IOException, InterruptedException {
        return run(List.of(aptGet.toString(), "install", "-y", "--no-install-recommends", debianPackage));
    }

    private static boolean hasPackageLists() {
        try (Stream<Path> s = Files.list(Path.of("/var/lib/apt/lists"))) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith("_Packages")
                    || p.getFileName().toString().contains("_Packages."));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        log("running: DEBIAN_FRONTEND=noninteractive " + String.join(" ", command));
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        // apt's output goes to our stderr (captured by surefire), never to stdout.
        Thread pump = Thread.ofPlatform().daemon().start(() -> {
            try (var in = p.getInputStream()) {
                in.transferTo(System.err);
            } catch (IOException ignored) {
                // process gone
            }
        });
        if (!p.waitFor(APT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            log("timed out after " + APT_TIMEOUT_MINUTES + " min: " + String.join(" ", command));
            return -1;
        }
        pump.join(1000);
        log("exit " + p.exitValue() + ": " + String.join(" ", command));
        return p.exitValue();
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void log(String message) {
        System.err.println("[ExternalTools] " + message);
        System.err.flush();
    }
}
