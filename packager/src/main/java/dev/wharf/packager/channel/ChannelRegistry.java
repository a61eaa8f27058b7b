package dev.wharf.packager.channel;

import dev.wharf.api.v1.AuthorizationSpec;
import dev.wharf.api.v1.IngestEndpointSpec;
import dev.wharf.packager.config.ConfigException;
import dev.wharf.packager.config.PackagerConfig;
import dev.wharf.packager.delivery.Cidr;
import dev.wharf.packager.store.ChannelKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The channels and endpoints this packager serves, resolved from the configuration. Replaced as a
 * whole when the configuration changes, so a request always sees one consistent snapshot.
 */
public final class ChannelRegistry {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ChannelRegistry.class.getName());
    /** Retention when nothing asks for more: at least 4 playlist windows, never under a minute. */
    static final int MIN_RETENTION_SECONDS = 60;

    private final AtomicReference<Map<ChannelKey, Channel>> channels = new AtomicReference<>(Map.of());
    /** The configuration in effect (from the file or pushed), so password files can be re-read. */
    private volatile PackagerConfig config = new PackagerConfig();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Called after every successful {@link #update}. */
    public void onUpdate(Runnable listener) {
        listeners.add(listener);
    }

    public static ChannelRegistry of(PackagerConfig config) {
        ChannelRegistry r = new ChannelRegistry();
        r.update(config);
        return r;
    }

    public synchronized void update(PackagerConfig config) {
        Map<ChannelKey, Channel> next = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (var ch : config.channels) {
            ChannelKey key = new ChannelKey(ch.metadata.namespace, ch.metadata.name);
            List<Endpoint> endpoints = new ArrayList<>();
            long retention = MIN_RETENTION_SECONDS;
            for (var ep : config.originEndpoints) {
                if (!ep.metadata.namespace.equals(key.namespace()) || !key.name().equals(ep.spec.channelName)) {
                    continue;
                }
                List<Cidr> whitelist = ep.spec.whitelist.stream().map(Cidr::parse).toList();
                endpoints.add(new Endpoint(key, ep.metadata.name, ep.spec, ep.spec.hlsPackage, whitelist,
                        cdnIdentifier(key + "/" + ep.metadata.name, ep.spec.authorization, problems)));
                if (ep.spec.startoverWindowSeconds != null) {
                    retention = Math.max(retention, ep.spec.startoverWindowSeconds);
                }
                long delay = ep.spec.timeDelaySeconds == null ? 0 : ep.spec.timeDelaySeconds;
                if (ep.spec.hlsPackage != null) {
                    retention = Math.max(retention, 4L * ep.spec.hlsPackage.playlistWindowSeconds + delay);
                }
                if (ep.spec.cmafPackage != null) {
                    for (var m : ep.spec.cmafPackage.hlsManifests) {
                        retention = Math.max(retention, 4L * CmafDefaults.playlistWindowSeconds(m) + delay);
                    }
                    if (ep.spec.cmafPackage.encryption != null) {
                        LOG.warning("endpoint " + key + "/" + ep.metadata.name
                                + ": cmafPackage.encryption is not in effect yet: the output is NOT encrypted");
                    }
                }
                if (ep.spec.mssPackage != null) {
                    retention = Math.max(retention, 4L * MssDefaults.manifestWindowSeconds(ep.spec.mssPackage) + delay);
                    String off = MssDefaults.notInEffect(ep.spec.mssPackage);
                    if (!off.isEmpty()) {
                        LOG.warning("endpoint " + key + "/" + ep.metadata.name + ": mssPackage fields not in effect yet: "
                                + off);
                    }
                }
                if (ep.spec.dashPackage != null) {
                    retention = Math.max(retention, 4L * DashDefaults.manifestWindowSeconds(ep.spec.dashPackage) + delay);
                    String off = DashDefaults.notInEffect(ep.spec.dashPackage);
                    if (!off.isEmpty()) {
                        LOG.warning("endpoint " + key + "/" + ep.metadata.name + ": dashPackage fields not in effect yet: "
                                + off);
                    }
                }
            }
            if (ch.spec.retentionSeconds != null) {
                retention = ch.spec.retentionSeconds;
            }
            List<Input> inputs = new ArrayList<>();
            for (IngestEndpointSpec in : ch.spec.ingestEndpoints) {
                inputs.add(new Input(in.id, in.username, password(in, problems)));
            }
            Duration threshold = ch.spec.inputLossThresholdSeconds == null ? null
                    : Duration.ofMillis(Math.round(ch.spec.inputLossThresholdSeconds * 1000));
            next.put(key, new Channel(key, ch.spec.description, List.copyOf(inputs), List.copyOf(endpoints),
                    Duration.ofSeconds(retention), threshold));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        channels.set(Map.copyOf(next));
        this.config = config;
        listeners.forEach(Runnable::run);
    }

    /**
     * Re-reads the password files of the configuration in effect (a credential rotation replaces
     * them in place, the configuration itself is unchanged). Atomic with {@link #update}, so a
     * configuration pushed meanwhile is never replaced by the older one.
     *
     * @throws ConfigException when a file cannot be read; the running credentials stay
     */
    public synchronized void reloadPasswordFiles() {
        update(config);
    }

    /** The secret files the configuration in effect names: ingest passwords and CDN identifiers. */
    public List<Path> passwordFiles() {
        List<Path> files = new ArrayList<>();
        for (var ch : config.channels) {
            for (IngestEndpointSpec in : ch.spec.ingestEndpoints) {
                if (in.passwordFile != null) {
                    files.add(Path.of(in.passwordFile));
                }
            }
        }
        for (var ep : config.originEndpoints) {
            if (ep.spec.authorization != null && ep.spec.authorization.cdnIdentifierFile != null) {
                files.add(Path.of(ep.spec.authorization.cdnIdentifierFile));
            }
        }
        return files;
    }

    /**
     * The CDN identifier of an endpoint with {@code authorization} (MediaPackage: 8 to 128 characters), from
     * {@code cdnIdentifier} or {@code cdnIdentifierFile}; null without authorization. An identifier that cannot be
     * read or is out of bounds (a missing or wrong Secret on Kubernetes) closes the endpoint: {@link Endpoint#DENY_ALL},
     * every request 403 (MediaPackage: "lookup failure: 403"), with a WARNING; the rest of the configuration, other
     * endpoints and channels apply, and the file is re-read when it changes. Neither field set is a configuration
     * error. Messages name the endpoint and the file, never the value.
     */
    private static byte[] cdnIdentifier(String endpoint, AuthorizationSpec auth, List<String> problems) {
        if (auth == null) {
            return null;
        }
        String value = auth.cdnIdentifier;
        String from = "cdnIdentifier";
        if (value == null && auth.cdnIdentifierFile != null) {
            from = "cdnIdentifierFile " + auth.cdnIdentifierFile;
            try {
                value = Files.readString(Path.of(auth.cdnIdentifierFile)).strip();
            } catch (IOException e) {
                LOG.warning("endpoint " + endpoint + ": cannot read " + from + " (" + e.getClass().getSimpleName()
                        + "): every request on it gets 403 until the file can be read");
                return Endpoint.DENY_ALL;
            }
        }
        if (value == null) {
            problems.add("endpoint " + endpoint + ": authorization needs cdnIdentifier or cdnIdentifierFile (on Kubernetes the"
                    + " operator sets the file from cdnIdentifierSecret)");
            return Endpoint.DENY_ALL;
        }
        if (value.length() < 8 || value.length() > 128) {
            LOG.warning("endpoint " + endpoint + ": the CDN identifier in " + from + " has " + value.length()
                    + " characters, 8 to 128 are allowed: every request on it gets 403");
            return Endpoint.DENY_ALL;
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static char[] password(IngestEndpointSpec in, List<String> problems) {
        if (in.password != null) {
            return in.password.toCharArray();
        }
        try {
            String s = Files.readString(Path.of(in.passwordFile)).strip();
            if (s.length() < 8) {
                problems.add("ingest endpoint " + in.id + ": password in " + in.passwordFile + " has fewer than 8 characters");
            }
            return s.toCharArray();
        } catch (IOException e) {
            problems.add("ingest endpoint " + in.id + ": cannot read passwordFile " + in.passwordFile + ": " + e.getMessage());
            return new char[0];
        }
    }

    public Optional<Channel> channel(String namespace, String name) {
        return Optional.ofNullable(channels.get().get(new ChannelKey(namespace, name)));
    }

    public Optional<Channel> channel(ChannelKey key) {
        return Optional.ofNullable(channels.get().get(key));
    }

    public Collection<Channel> channels() {
        return channels.get().values();
    }
}
