package dev.wharf.packager;

import dev.wharf.packager.admin.AdminService;
import dev.wharf.packager.admin.AdminToken;
import dev.wharf.packager.channel.ChannelRegistry;
import dev.wharf.packager.config.PackagerConfig;
import dev.wharf.packager.delivery.PlaybackService;
import dev.wharf.packager.delivery.SegmentCache;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.http.ProtocolErrors;
import dev.wharf.packager.ingest.DigestAuthenticator;
import dev.wharf.packager.ingest.IngestService;
import dev.wharf.packager.metrics.PackagerMetrics;
import dev.wharf.packager.store.InMemorySegmentStore;
import dev.wharf.packager.store.RedisPassword;
import dev.wharf.packager.store.RedisSegmentStore;
import dev.wharf.packager.store.RedisStoreConfig;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.timeline.TimelineWriter;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.accesslog.AccessLogFeature;
import io.helidon.webserver.http.HttpRouting;
import dev.wharf.packager.config.ConfigException;
import dev.wharf.packager.config.ConfigWatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.logging.Logger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running packager: the store, the three sockets (playback on the default socket, "ingest" and
 * "admin"), and everything between. Tests start it in-process exactly as {@link PackagerMain} does.
 */
public final class Packager implements AutoCloseable {
    public static final String INGEST = "ingest";
    public static final String ADMIN = "admin";
    /**
     * What each socket gives the requests still in flight when it stops. Helidon stops its sockets one
     * after the other, each waiting up to its own grace period, so the shutdown grace proper
     * ({@code server.shutdownGraceSeconds}) is spent before, waiting for requests in flight on all sockets
     * at once; this short one only covers requests that arrived during that wait.
     */
    public static final Duration SOCKET_STOP_GRACE = Duration.ofSeconds(2);
    /** Sockets stopped one after the other: playback, ingest, admin. */
    public static final int SOCKETS = 3;

    private static final Logger LOG = Logger.getLogger(Packager.class.getName());

    private final SegmentStore store;
    private final WebServer server;
    private final PackagerMetrics metrics;
    private final ChannelRegistry registry;
    private final RequestDeadline deadline;
    private final Duration drain;
    private final Duration shutdownGrace;
    private final AtomicBoolean stopping = new AtomicBoolean();

    private Packager(SegmentStore store, WebServer server, PackagerMetrics metrics, ChannelRegistry registry,
                     RequestDeadline deadline, Duration drain, Duration shutdownGrace) {
        this.store = store;
        this.server = server;
        this.metrics = metrics;
        this.registry = registry;
        this.deadline = deadline;
        this.drain = drain;
        this.shutdownGrace = shutdownGrace;
    }

    public static Packager start(PackagerConfig config) {
        SegmentStore store = switch (config.storage.type) {
            case memory -> new InMemorySegmentStore();
            case redis -> new RedisSegmentStore(redisConfig(config.storage.redis));
        };
        return start(config, store);
    }

    public static Packager start(PackagerConfig config, SegmentStore store) {
        Clock clock = Clock.systemUTC();
        ChannelRegistry registry = ChannelRegistry.of(config);
        PackagerMetrics metrics = new PackagerMetrics();
        SegmentCache cache = new SegmentCache(config.cache.segmentBytes);
        String configuredSecret = config.server.nonceSecret != null ? config.server.nonceSecret
                : System.getenv("WHARF_NONCE_SECRET");
        byte[] secret = configuredSecret != null && configuredSecret.length() >= 16
                ? configuredSecret.getBytes(StandardCharsets.UTF_8)
                : randomSecret();
        DigestAuthenticator digest = new DigestAuthenticator(config.server.realm, secret,
                Duration.ofSeconds(config.server.nonceLifetimeSeconds), clock, 100_000);
        ChannelTimeline channelTimeline = new ChannelTimeline(store, clock,
                (channel, from, to, failovers) -> metrics.failover(channel.key().name()));
        IngestService ingest = new IngestService(registry, store, cache, digest, new TimelineWriter(store, clock),
                channelTimeline, metrics,
                config.server.maxIngestBodyBytes);
        PlaybackService playback = new PlaybackService(registry, store, cache,
                new SegmentCache(config.cache.packagedBytes), metrics, channelTimeline, clock);
        Packager[] self = new Packager[1];
        var s = config.server;
        Duration idle = Duration.ofSeconds(s.idleTimeoutSeconds);
        // Helidon checks for idle connections every idleConnectionPeriod (default 2 min): check 4 times per timeout
        Duration idleCheck = Duration.ofMillis(Math.max(250, idle.toMillis() / 4));
        Duration grace = SOCKET_STOP_GRACE;
        RequestDeadline deadline = new RequestDeadline(Duration.ofSeconds(s.requestTimeoutSeconds));
        io.micrometer.core.instrument.FunctionCounter.builder("wharf.requests.cut.off", deadline, RequestDeadline::cutOff)
                .description("Requests cut off after server.requestTimeoutSeconds (slow readers, stalled uploads)")
                .register(metrics.registry());
        WebServer server = WebServer.builder()
                // we stop the server ourselves (PackagerMain's hook): readiness first, and after the demo
                // encoder has finished its stream
                .shutdownHook(false)
                .host(s.host)
                .port(s.playbackPort)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .writeBufferSize(64 * 1024)
                .maxTcpConnections(s.maxConnections)
                .idleConnectionTimeout(idle)
                .idleConnectionPeriod(idleCheck)
                .shutdownGracePeriod(grace)
                .directHandlers(ProtocolErrors.handlers())
                .routing(r -> playback.routing(r.addFilter(deadline)))
                .putSocket(INGEST, l -> l.host(s.host).port(s.ingestPort)
                        .connectionOptions(o -> o.tcpNoDelay(true))
                        .maxPayloadSize(s.maxIngestBodyBytes)
                        .maxTcpConnections(s.maxConnections)
                        .idleConnectionTimeout(idle)
                        .idleConnectionPeriod(idleCheck)
                        .shutdownGracePeriod(grace)
                        .directHandlers(ProtocolErrors.handlers())
                        .routing(r -> ingest.routing(r.addFilter(deadline))))
                .putSocket(ADMIN, l -> l.host(s.host).port(s.adminPort)
                        .connectionOptions(o -> o.tcpNoDelay(true))
                        .directHandlers(ProtocolErrors.handlers())
                        .routing(new AdminService(store, metrics, registry, channelTimeline, adminToken(s.adminTokenFile),
                                () -> self[0] != null && self[0].stopping.get(), clock)::routing))
                .addFeature(AccessLogFeature.builder().commonLogFormat().sockets(Set.of("@default", INGEST)).build())
                .build()
                .start();
        self[0] = new Packager(store, server, metrics, registry, deadline, Duration.ofSeconds(s.drainSeconds),
                Duration.ofSeconds(s.shutdownGraceSeconds));
        return self[0];
    }

    static RedisStoreConfig redisConfig(PackagerConfig.Redis r) {
        return new RedisStoreConfig(r.url, r.sentinelMaster, r.sentinelNodes, r.clusterNodes, r.maxConnections,
                Duration.ofMillis(r.timeoutMillis), "replicated".equals(r.durability)
                        ? RedisStoreConfig.Durability.replicated(r.replicas, Duration.ofMillis(r.replicationTimeoutMillis))
                        : RedisStoreConfig.Durability.PRIMARY)
                .withPasswords(secretFile("storage.redis.passwordFile", r.passwordFile),
                        secretFile("storage.redis.sentinelPasswordFile", r.sentinelPasswordFile));
    }

    /** A password read from a mounted Secret file (now, and again for each new connection); null when not configured. */
    private static RedisPassword secretFile(String field, String file) {
        if (file == null) {
            return null;
        }
        try {
            return RedisPassword.file(Path.of(file));
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigException(List.of(field + ": " + e.getCause().getMessage()));
        }
    }

    private static byte[] randomSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static AdminToken adminToken(String file) {
        return file == null ? null : AdminToken.load(file);
    }

    public int playbackPort() {
        return server.port();
    }

    public int ingestPort() {
        return server.port(INGEST);
    }

    public int adminPort() {
        return server.port(ADMIN);
    }

    public ChannelRegistry registry() {
        return registry;
    }

    public SegmentStore store() {
        return store;
    }

    public PackagerMetrics metrics() {
        return metrics;
    }

    /** Requests cut off so far because they exceeded {@code server.requestTimeoutSeconds}. */
    public long requestsCutOff() {
        return deadline.cutOff();
    }

    /**
     * What SIGTERM does (PackagerMain's signal handler): readiness goes false and the packager keeps
     * serving for {@code server.drainSeconds}, so load balancers and Kubernetes endpoints stop routing to
     * it while nothing is refused; then it waits up to {@code server.shutdownGraceSeconds} for the
     * requests in flight on every socket; then {@link #close()}. At most drain + grace +
     * {@link #SOCKETS} x {@link #SOCKET_STOP_GRACE} in all.
     */
    public void drainAndClose() {
        if (stopping.compareAndSet(false, true)) {
            LOG.info("Stopping: /health/ready answers 503; still serving for " + drain.toSeconds() + " s");
            try {
                Thread.sleep(drain.toMillis());
                int inFlight = deadline.inFlight();
                if (inFlight > 0) {
                    LOG.info("Waiting up to " + shutdownGrace.toSeconds() + " s for " + inFlight + " request(s) in flight");
                }
                if (!deadline.awaitIdle(shutdownGrace)) {
                    LOG.warning("Stopping with " + deadline.inFlight() + " request(s) still in flight after "
                            + shutdownGrace.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /**
     * Readiness goes false, the sockets stop accepting (one after the other, each giving its requests in
     * flight {@link #SOCKET_STOP_GRACE}), then the store closes. No drain: in-process users (tests) stop
     * at once; {@link #drainAndClose()} is the graceful path.
     */
    @Override
    public void close() {
        stopping.set(true);
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        server.stop();
        deadline.close();
        store.close();
        LOG.info("Stopped");
    }

    private boolean closed;
}
