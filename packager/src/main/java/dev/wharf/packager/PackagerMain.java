package dev.wharf.packager;

import dev.wharf.packager.config.ConfigException;
import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.packager.config.ConfigWatcher;
import dev.wharf.packager.config.PackagerConfig;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.logging.LogManager;

/**
 * {@code java -jar wharf-packager.jar --config packager.yaml [--demo-encoder]}: the packager alone,
 * without Kubernetes. With {@code --demo-encoder} and ffmpeg on the PATH it also starts a test-pattern
 * encoder pushing to the first channel's first ingest endpoint.
 */
public final class PackagerMain {
    private PackagerMain() {}

    public static void main(String[] args) throws Exception {
        configureLogging();
        Path configFile = null;
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = Path.of(args[++i]);
                case "--demo-encoder" -> demo = true;
                case "-h", "--help" -> {
                    System.out.println("usage: wharf-packager --config <file.yaml> [--demo-encoder]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        PackagerConfig config;
        try {
            config = configFile == null ? new PackagerConfig() : ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            System.err.println((configFile == null ? "" : configFile + ": ") + e.getMessage());
            System.exit(2);
            return;
        }
        Packager packager = Packager.start(config);
        ConfigWatcher watcher = configFile == null ? null : new ConfigWatcher(configFile, packager.registry(), 2000);
        DemoEncoder encoder = demo ? DemoEncoder.startIfPossible(config, packager) : null;
        Runnable stop = () -> {
            if (encoder != null) {
                encoder.close();
            }
            if (watcher != null) {
                watcher.close();
            }
            packager.drainAndClose();
        };
        // SIGTERM (Kubernetes) and SIGINT: drain, finish in-flight requests, exit 0. Handled here rather than
        // in a shutdown hook, which would end with status 143 and run while logging is being torn down.
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> Thread.ofPlatform().name("shutdown").start(() -> {
                stop.run();
                System.exit(0);
            }));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(packager::close, "shutdown-hook")); // any other exit
        System.out.printf("Wharf packager up: playback :%d, ingest :%d, admin :%d (/metrics, /health/ready)%n",
                packager.playbackPort(), packager.ingestPort(), packager.adminPort());
        if (encoder == null) {
            DemoEncoder.printUrls(config, packager, false);
        }
        Thread.currentThread().join();
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = PackagerMain.class.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (Exception e) {
            System.err.println("logging configuration not loaded: " + e);
        }
    }
}
