package dev.wharf.packager.config;

import dev.wharf.packager.channel.ChannelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies configuration changes without a restart: re-reads the configuration file when its bytes
 * change (on Kubernetes a mounted ConfigMap, which the kubelet updates in place), re-reads the
 * password files when theirs change (a credential rotation updates the mounted Secret, not the
 * configuration), and takes a whole configuration pushed to {@code PUT /admin/config}. A
 * configuration that does not validate is refused and the running one stays.
 *
 * <p>Only channels and origin endpoints change at run time; server, storage and cache settings
 * are read at start.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

    private final Path file;
    private final ChannelRegistry registry;
    private final ScheduledExecutorService timer;
    private byte[] last;
    private Map<Path, byte[]> lastPasswords;

    public ConfigWatcher(Path file, ChannelRegistry registry, long periodMillis) {
        this.file = file;
        this.registry = registry;
        this.last = read();
        this.lastPasswords = passwords();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-config-watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private byte[] read() {
        return read(file);
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            return null;
        }
    }

    /** The contents of the password files the running configuration names (null for an unreadable one). */
    private Map<Path, byte[]> passwords() {
        Map<Path, byte[]> m = new HashMap<>();
        for (Path p : registry.passwordFiles()) {
            m.put(p, read(p));
        }
        return m;
    }

    private static boolean same(Map<Path, byte[]> a, Map<Path, byte[]> b) {
        return a.size() == b.size() && a.entrySet().stream().allMatch(e -> b.containsKey(e.getKey())
                && Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    synchronized void poll() {
        byte[] now = read();
        if (now != null && !Arrays.equals(now, last)) {
            last = now;
            try {
                registry.update(ConfigLoader.parse(new String(now, java.nio.charset.StandardCharsets.UTF_8)));
                LOG.info("configuration reloaded from " + file);
            } catch (ConfigException e) {
                LOG.log(Level.WARNING, "configuration in " + file + " refused, keeping the running one: " + e.getMessage());
            }
            lastPasswords = passwords();
            return;
        }
        Map<Path, byte[]> passwords = passwords();
        if (same(passwords, lastPasswords)) {
            return;
        }
        lastPasswords = passwords;
        // The running configuration may have been pushed, and be newer than the file: re-apply it, not the file.
        try {
            registry.reloadPasswordFiles();
            LOG.info("password files changed: credentials reloaded");
        } catch (ConfigException e) {
            LOG.log(Level.WARNING, "password files changed but were refused, keeping the running credentials: " + e.getMessage());
        }
    }

    /** Applies a configuration pushed over HTTP; throws {@link ConfigException} when it does not validate. */
    public static void apply(ChannelRegistry registry, String yaml) {
        registry.update(ConfigLoader.parse(yaml));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
