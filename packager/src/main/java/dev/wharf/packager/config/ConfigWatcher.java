package dev.wharf.packager.config;

import dev.wharf.packager.channel.ChannelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies configuration changes without a restart: re-reads the configuration file when its bytes
 * change (on Kubernetes a mounted ConfigMap, which the kubelet updates in place), and takes a whole
 * configuration pushed to {@code PUT /admin/config}. A configuration that does not validate is
 * refused and the running one stays.
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

    public ConfigWatcher(Path file, ChannelRegistry registry, long periodMillis) {
        this.file = file;
        this.registry = registry;
        this.last = read();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-config-watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    synchronized void poll() {
        byte[] now = read();
        if (now == null || Arrays.equals(now, last)) {
            return;
        }
        last = now;
        try {
            registry.update(ConfigLoader.parse(new String(now, java.nio.charset.StandardCharsets.UTF_8)));
            LOG.info("configuration reloaded from " + file);
        } catch (ConfigException e) {
            LOG.log(Level.WARNING, "configuration in " + file + " refused, keeping the running one: " + e.getMessage());
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
