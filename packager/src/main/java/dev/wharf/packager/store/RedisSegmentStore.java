package dev.wharf.packager.store;

import static dev.wharf.packager.store.RedisKeys.bytes;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The shared store: segments and timelines in Redis (standalone, Sentinel or Cluster), so any number of
 * packagers serve the same channels. Key layout in {@link RedisKeys}, entry encoding in
 * {@link TimelineEntryCodec}. The only class that talks to Jedis.
 *
 * <ul>
 *   <li>Every write sets the TTL it is given ({@code SET PX}; {@code PEXPIRE} of hash and sorted set on
 *       each write), so retention needs no cleanup job.</li>
 *   <li>{@link #append} is an atomic compare-and-set across processes (a Lua script on the rendition's
 *       state hash and timeline; both share the channel's hash tag, so it works in Cluster).</li>
 *   <li>{@link #trim} removes timeline entries from the head while they are older than the cutoff
 *       (ingest times grow along the timeline), in batches, without blocking Redis.</li>
 *   <li>{@link #onChange} keeps one subscriber connection (taken from the pool, which is sized one larger
 *       for it) on a daemon thread that resubscribes with backoff after Redis went away. Changes
 *       published while it was disconnected are lost: listeners must not rely on seeing every one.</li>
 *   <li>Any Redis failure surfaces as {@link StoreUnavailableException}.</li>
 *   <li>{@link #putFiles} sets several files in one Lua call: atomic, replicated as one unit.</li>
 *   <li>With {@link RedisStoreConfig.Durability.Mode#REPLICATED} durability, every write ({@link #putFile},
 *       {@link #putFiles},
 *       {@link #putMeta}, {@link #append}) is pipelined with {@code WAIT replicas timeout} on the same
 *       connection (WAIT counts the acknowledgements of the writes of its own connection), and fails
 *       with {@link StoreUnavailableException} when fewer replicas acknowledged in time.</li>
 * </ul>
 */
public final class RedisSegmentStore implements SegmentStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSegmentStore.class);

    /** Compare-and-set of a rendition: the state hash's version must equal the expected one. */
    static final String APPEND_SCRIPT = """
            -- KEYS[1] state hash, KEYS[2] timeline sorted set
            -- ARGV[1] expected version, ARGV[2] ttl ms, ARGV[3] n = number of state field/value args,
            -- ARGV[4 .. 3+n] state field/value pairs, then sequence/member pairs
            local current = redis.call('HGET', KEYS[1], 'version')
            if not current then current = '0' end
            if current ~= ARGV[1] then return 0 end
            local n = tonumber(ARGV[3])
            local state = {}
            for i = 4, 3 + n do state[#state + 1] = ARGV[i] end
            redis.call('HSET', KEYS[1], unpack(state))
            for i = 4 + n, #ARGV, 2 do
              redis.call('ZREMRANGEBYSCORE', KEYS[2], ARGV[i], ARGV[i])
              redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            return 1
            """;

    /** HSET one field and refresh the hash's TTL in one round trip. */
    static final String PUT_META_SCRIPT = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    /**
     * SET several files with one TTL: KEYS the files, ARGV their bytes then the TTL in ms. A script is atomic and
     * reaches replicas and the AOF as one transaction, so a failover keeps all of them or none.
     */
    static final String PUT_FILES_SCRIPT = """
            local px = ARGV[#KEYS + 1]
            for i, key in ipairs(KEYS) do
              redis.call('SET', key, ARGV[i], 'PX', px)
            end
            return #KEYS
            """;

    /** HSETNX one field, refresh the hash's TTL, and return the field's value (this call's or the first writer's). */
    static final String PUT_META_IF_ABSENT_SCRIPT = """
            redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return redis.call('HGET', KEYS[1], ARGV[1])
            """;

    private static final byte[] PLUS_INF = bytes("+inf");
    private static final byte[] MINUS_INF = bytes("-inf");
    private static final int TRIM_BATCH = 64;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private static final String F_VERSION = "version";
    private static final String F_NEXT_SEQUENCE = "nextSequence";
    private static final String F_LAST_INGEST_SEQUENCE = "lastIngestSequence";
    private static final String F_LAST_FILE = "lastFile";
    private static final String F_MAX_DURATION = "maxDurationMicros";
    private static final String F_DISCONTINUITY_COUNT = "discontinuityCount";
    private static final String F_ENDED = "ended";
    private static final String F_UPDATED_AT = "updatedAtMillis";

    private final RedisStoreConfig config;
    private final UnifiedJedis client;
    private final Script appendScript = new Script(APPEND_SCRIPT);
    private final Script putMetaScript = new Script(PUT_META_SCRIPT);
    private final Script putFilesScript = new Script(PUT_FILES_SCRIPT);
    private final Script putMetaIfAbsentScript = new Script(PUT_META_IF_ABSENT_SCRIPT);
    private final List<Consumer<ChannelKey>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService pingExecutor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("wharf-redis-ping-", 0).factory());
    private final Object subscriberLock = new Object();
    private Thread subscriberThread;
    private volatile JedisPubSub subscription;
    private volatile boolean closed;

    public RedisSegmentStore(RedisStoreConfig config) {
        this.config = config;
        try {
            this.client = connect(config);
        } catch (JedisException | IllegalArgumentException e) {
            throw new StoreUnavailableException("cannot set up redis client for " + config + ": " + e.getMessage(), e);
        }
        LOG.info("Redis segment store: {}", config);
    }

    private static UnifiedJedis connect(RedisStoreConfig config) {
        int timeoutMillis = (int) config.timeout().toMillis();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        // one more than configured: the change subscriber holds a connection for as long as it runs
        pool.setMaxTotal(config.maxConnections() + 1);
        pool.setMaxIdle(config.maxConnections() + 1);
        pool.setMinIdle(0);
        pool.setMaxWait(config.timeout()); // never block forever when the pool is exhausted
        pool.setBlockWhenExhausted(true);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(15)); // idle connections get PINGed

        DefaultJedisClientConfig.Builder data = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .clientName("wharf-packager");
        if (config.password() != null) {
            // Sentinel and Cluster data nodes: asked on every new connection, so a rotated password file applies
            data.credentialsProvider(credentials(config.password()));
        }
        JedisClientConfig clientConfig = data.build();
        DefaultJedisClientConfig.Builder sentinelConfig = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .clientName("wharf-packager-sentinel");
        if (config.sentinelPassword() != null) {
            sentinelConfig.credentialsProvider(credentials(config.sentinelPassword()));
        }

        return switch (config.mode()) {
            case STANDALONE -> {
                // credentials, database, TLS and ?protocol= from the URL (StandaloneClientBuilder.fromURI is
                // deprecated in Jedis 8.0.2; DefaultJedisClientConfig.builder(URI) is its replacement)
                URI uri = URI.create(config.url());
                yield RedisClient.builder()
                        .clientConfig(DefaultJedisClientConfig.builder(uri)
                                .connectionTimeoutMillis(timeoutMillis)
                                .socketTimeoutMillis(timeoutMillis)
                                .clientName("wharf-packager")
                                .build())
                        .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                        .poolConfig(pool)
                        .build();
            }
            case SENTINEL -> RedisSentinelClient.builder()
                    .masterName(config.sentinelMaster())
                    .sentinels(hostAndPorts(config.sentinelNodes()))
                    .clientConfig(clientConfig)
                    .sentinelClientConfig(sentinelConfig.build())
                    .poolConfig(pool)
                    .build();
            case CLUSTER -> RedisClusterClient.builder()
                    .nodes(hostAndPorts(config.clusterNodes()))
                    .clientConfig(clientConfig)
                    .poolConfig(pool)
                    .maxAttempts(5)
                    .maxTotalRetriesDuration(config.timeout().multipliedBy(2))
                    .build();
        };
    }

    private static java.util.function.Supplier<redis.clients.jedis.RedisCredentials> credentials(RedisPassword password) {
        return () -> new redis.clients.jedis.DefaultRedisCredentials((String) null, password.get());
    }

    private static Set<HostAndPort> hostAndPorts(List<String> nodes) {
        Set<HostAndPort> out = new LinkedHashSet<>();
        for (String n : nodes) {
            RedisStoreConfig.HostPort hp = RedisStoreConfig.parseHostPort(n);
            out.add(new HostAndPort(hp.host(), hp.port()));
        }
        return out;
    }

    public RedisStoreConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- files and metadata

    @Override
    public void putFile(ChannelKey channel, String input, String file, byte[] bytes, Duration ttl) {
        byte[] key = bytes(RedisKeys.file(channel, input, file));
        SetParams px = SetParams.setParams().px(ttlMillis(ttl));
        if (config.durability().replicated()) {
            durableWrite("putFile", key, p -> p.set(key, bytes, px));
            return;
        }
        call("putFile", () -> client.set(key, bytes, px));
    }

    @Override
    public void putFiles(ChannelKey channel, String input, Map<String, byte[]> files, Duration ttl) {
        List<byte[]> keys = new ArrayList<>(files.size());
        List<byte[]> args = new ArrayList<>(files.size() + 1);
        files.forEach((file, bytes) -> {
            keys.add(bytes(RedisKeys.file(channel, input, file))); // one channel: one hash tag, one Cluster slot
            args.add(bytes);
        });
        args.add(bytes(Long.toString(ttlMillis(ttl))));
        if (config.durability().replicated()) {
            durableWrite("putFiles", keys.get(0), p -> p.eval(putFilesScript.source, keys, args));
            return;
        }
        eval(putFilesScript, "putFiles", keys, args);
    }

    @Override
    public Optional<byte[]> getFile(ChannelKey channel, String input, String file) {
        byte[] key = bytes(RedisKeys.file(channel, input, file));
        return Optional.ofNullable(call("getFile", () -> client.get(key)));
    }

    @Override
    public void putMeta(ChannelKey channel, String input, String field, String value, Duration ttl) {
        byte[] key = bytes(RedisKeys.meta(channel, input));
        List<byte[]> args = List.of(bytes(field), bytes(value), bytes(Long.toString(ttlMillis(ttl))));
        if (config.durability().replicated()) {
            durableWrite("putMeta", key, p -> p.eval(putMetaScript.source, List.of(key), args));
            return;
        }
        eval(putMetaScript, "putMeta", List.of(key), args);
    }

    @Override
    public String putMetaIfAbsent(ChannelKey channel, String input, String field, String value, Duration ttl) {
        byte[] key = bytes(RedisKeys.meta(channel, input));
        List<byte[]> args = List.of(bytes(field), bytes(value), bytes(Long.toString(ttlMillis(ttl))));
        Object stored = config.durability().replicated()
                ? durableWrite("putMetaIfAbsent", key, p -> p.eval(putMetaIfAbsentScript.source, List.of(key), args))
                : eval(putMetaIfAbsentScript, "putMetaIfAbsent", List.of(key), args);
        return stored instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(stored);
    }

    @Override
    public Map<String, String> meta(ChannelKey channel, String input) {
        String key = RedisKeys.meta(channel, input);
        return new HashMap<>(call("meta", () -> client.hgetAll(key)));
    }

    // ---------------------------------------------------------------- timelines

    @Override
    public RenditionState renditionState(ChannelKey channel, String input, String rendition) {
        String key = RedisKeys.renditionState(channel, input, rendition);
        return decodeState(call("renditionState", () -> client.hgetAll(key)));
    }

    @Override
    public boolean append(ChannelKey channel, String input, String rendition,
                          RenditionState expected, RenditionState next, List<TimelineEntry> entries, Duration ttl) {
        List<byte[]> keys = List.of(bytes(RedisKeys.renditionState(channel, input, rendition)),
                bytes(RedisKeys.timeline(channel, input, rendition)));
        List<byte[]> state = encodeState(next);
        List<byte[]> args = new ArrayList<>(3 + state.size() + 2 * entries.size());
        args.add(bytes(Long.toString(expected.version())));
        args.add(bytes(Long.toString(ttlMillis(ttl))));
        args.add(bytes(Integer.toString(state.size())));
        args.addAll(state);
        for (TimelineEntry e : entries) {
            args.add(bytes(Long.toString(e.sequence())));
            args.add(TimelineEntryCodec.encode(e));
        }
        Object result = config.durability().replicated()
                ? durableWrite("append", keys.get(0), p -> p.eval(appendScript.source, keys, args))
                : eval(appendScript, "append", keys, args);
        return result instanceof Long l && l == 1L;
    }

    @Override
    public List<TimelineEntry> entries(ChannelKey channel, String input, String rendition, long fromSequence, int max) {
        if (max <= 0) {
            return List.of();
        }
        byte[] key = bytes(RedisKeys.timeline(channel, input, rendition));
        byte[] min = bytes(Long.toString(fromSequence));
        // ZRANGE key min +inf BYSCORE LIMIT 0 max (= ZRANGEBYSCORE, which Jedis 8 and Redis 6.2 deprecate)
        ZRangeParams byScore = new ZRangeParams(Protocol.Keyword.BYSCORE, min, PLUS_INF).limit(0, max);
        return decodeEntries(call("entries", () -> client.zrange(key, byScore)));
    }

    @Override
    public List<TimelineEntry> lastEntries(ChannelKey channel, String input, String rendition, int count) {
        if (count <= 0) {
            return List.of(); // ZRANGE -0 -1 would be the whole set
        }
        byte[] key = bytes(RedisKeys.timeline(channel, input, rendition));
        return decodeEntries(call("lastEntries", () -> client.zrange(key, -count, -1)));
    }

    @Override
    public void trim(ChannelKey channel, String input, String rendition, long ingestedBeforeMillis) {
        byte[] key = bytes(RedisKeys.timeline(channel, input, rendition));
        while (true) {
            List<byte[]> head = call("trim", () -> client.zrange(key, 0, TRIM_BATCH - 1));
            long lastOld = Long.MIN_VALUE;
            int old = 0;
            for (byte[] member : head) {
                TimelineEntry e = TimelineEntryCodec.decode(member);
                if (e.ingestedAtMillis() >= ingestedBeforeMillis) {
                    break;
                }
                lastOld = e.sequence();
                old++;
            }
            if (old == 0) {
                return;
            }
            byte[] max = bytes(Long.toString(lastOld));
            call("trim", () -> client.zremrangeByScore(key, MINUS_INF, max));
            if (old < TRIM_BATCH) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- change notification

    @Override
    public void resetChannel(ChannelKey channel) {
        // All of a channel's keys share its hash tag, hence one slot: SCAN with that pattern and DEL work in
        // a cluster too.
        String pattern = RedisKeys.channelPrefix(channel) + ":*";
        call("resetChannel", () -> {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(pattern).count(500);
            do {
                ScanResult<String> page = client.scan(cursor, params);
                List<String> keys = page.getResult();
                if (!keys.isEmpty()) {
                    client.del(keys.toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return null;
        });
    }

    @Override
    public void publishChange(ChannelKey channel) {
        String message = RedisKeys.changeMessage(channel);
        // This process's listeners hear it at once (a reader on this replica must see its own
        // write); the others through Redis pub/sub, a moment later.
        deliver(channel);
        call("publishChange", () -> client.publish(RedisKeys.CHANGES_CHANNEL, message));
    }

    /**
     * Registers a listener; the first one starts the subscriber thread and waits (up to the timeout)
     * until it is subscribed, so changes published after this returns are seen.
     */
    @Override
    public void onChange(Consumer<ChannelKey> listener) {
        listeners.add(listener);
        CountDownLatch subscribed;
        synchronized (subscriberLock) {
            if (closed || subscriberThread != null) {
                return;
            }
            subscribed = new CountDownLatch(1);
            subscriberThread = Thread.ofPlatform().daemon().name("wharf-redis-changes")
                    .start(() -> subscribeLoop(subscribed));
        }
        try {
            if (!subscribed.await(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Not yet subscribed to {} after {}; will keep trying in the background",
                        RedisKeys.CHANGES_CHANNEL, config.timeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on the subscriber thread until {@link #close}: subscribe, and after any failure back off and again. */
    private void subscribeLoop(CountDownLatch firstSubscribed) {
        long backoff = 100;
        boolean[] failing = {false};
        while (!closed) {
            JedisPubSub pubSub = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int subscribedChannels) {
                    if (closed) {
                        unsubscribe();
                        return;
                    }
                    if (failing[0]) {
                        LOG.info("Resubscribed to {}", RedisKeys.CHANGES_CHANNEL);
                        failing[0] = false;
                    }
                    firstSubscribed.countDown();
                }

                @Override
                public void onMessage(String channel, String message) {
                    RedisKeys.parseChangeMessage(message).ifPresentOrElse(
                            RedisSegmentStore.this::deliver,
                            () -> LOG.warn("Ignoring malformed change message {}", message));
                }
            };
            subscription = pubSub;
            try {
                client.subscribe(pubSub, RedisKeys.CHANGES_CHANNEL); // blocks while subscribed
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                if (!failing[0]) {
                    LOG.warn("Lost the change subscription to {} ({}); resubscribing with backoff",
                            RedisKeys.CHANGES_CHANNEL, e.toString());
                    failing[0] = true;
                    backoff = 100;
                }
            }
            if (closed) {
                break;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
        subscription = null;
    }

    private void deliver(ChannelKey channel) {
        for (Consumer<ChannelKey> l : listeners) {
            try {
                l.accept(channel);
            } catch (RuntimeException e) {
                LOG.warn("Change listener failed for {}", channel, e);
            }
        }
    }

    // ---------------------------------------------------------------- health and lifecycle

    /** True iff Redis answers PING within the configured timeout. Never throws. */
    @Override
    public boolean ping() {
        if (closed) {
            return false;
        }
        CompletableFuture<Boolean> f;
        try {
            f = CompletableFuture.supplyAsync(() -> "PONG".equalsIgnoreCase(client.ping()), pingExecutor);
        } catch (RuntimeException e) {
            return false;
        }
        try {
            return f.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            f.cancel(true);
            return false;
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (subscriberLock) {
            if (closed) {
                return;
            }
            closed = true;
            t = subscriberThread;
        }
        if (t != null) {
            JedisPubSub s = subscription;
            if (s != null) {
                try {
                    s.unsubscribe(); // the subscriber's onSubscribe also checks `closed`, closing the race
                } catch (RuntimeException ignored) {
                    // not subscribed (yet), or the connection is already gone
                }
            }
            t.interrupt(); // wakes it from a backoff sleep; a blocking socket read ignores it
            try {
                t.join(config.timeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pingExecutor.shutdownNow();
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the redis client failed", e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Runs a command, mapping Jedis failures to {@link StoreUnavailableException}. A connection failure
     * other than a read timeout is retried once after dropping the idle pooled connections: after a
     * Redis restart every idle connection is dead, and Jedis (no test-on-borrow) would otherwise fail one
     * request per stale connection. Retrying is safe: all commands are idempotent, and a repeated
     * {@link #append} script can't apply twice (its version check fails, the caller re-reads).
     */
    private <T> T call(String operation, Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisConnectionException first) {
            if (closed || first.getCause() instanceof SocketTimeoutException) {
                throw unavailable(operation, first);
            }
            dropIdleConnections();
            try {
                return command.get();
            } catch (JedisException again) {
                again.addSuppressed(first);
                throw unavailable(operation, again);
            }
        } catch (JedisException e) {
            throw unavailable(operation, e);
        }
    }

    /**
     * Sends {@code writes} and {@code WAIT replicas timeout} in one pipeline on one connection and returns
     * the writes' result once enough replicas acknowledged; otherwise throws
     * {@link StoreUnavailableException} (the write may be on the primary only: the caller answers 503
     * and the encoder's retry rewrites it). EVAL, not EVALSHA: a pipeline can't fall back on NOSCRIPT.
     */
    private <T> T durableWrite(String operation, byte[] sampleKey, Function<AbstractPipeline, Response<T>> writes) {
        RedisStoreConfig.Durability d = config.durability();
        return call(operation, () -> {
            Response<T> result;
            Response<Long> acks;
            try (AbstractPipeline p = client.pipelined()) {
                result = writes.apply(p);
                acks = p.waitReplicas(sampleKey, d.replicas(), d.timeout().toMillis());
                p.sync();
            }
            T value = result.get();
            long acknowledged = acks.get();
            if (acknowledged < d.replicas()) {
                throw new StoreUnavailableException("redis " + operation + ": " + acknowledged + " of " + d.replicas()
                        + " replicas acknowledged within " + d.timeout().toMillis() + " ms", null);
            }
            return value;
        });
    }

    private void dropIdleConnections() {
        if (client instanceof RedisClient standalone) {
            try {
                standalone.getPool().clear();
            } catch (RuntimeException e) {
                LOG.debug("Clearing the redis pool failed", e);
            }
        }
        // Sentinel replaces its pool on failover; Cluster retries and refreshes its slot map itself.
    }

    private StoreUnavailableException unavailable(String operation, RuntimeException e) {
        return new StoreUnavailableException("redis " + operation + " failed: " + e.getMessage(), e);
    }

    /** EVALSHA, falling back to EVAL (which also caches the script) when the server doesn't know it yet. */
    private Object eval(Script script, String operation, List<byte[]> keys, List<byte[]> args) {
        return call(operation, () -> {
            try {
                return client.evalsha(script.sha1, keys, args);
            } catch (JedisNoScriptException e) {
                return client.eval(script.source, keys, args);
            }
        });
    }

    private static long ttlMillis(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }

    private static List<byte[]> encodeState(RenditionState s) {
        return List.of(
                bytes(F_VERSION), bytes(Long.toString(s.version())),
                bytes(F_NEXT_SEQUENCE), bytes(Long.toString(s.nextSequence())),
                bytes(F_LAST_INGEST_SEQUENCE), bytes(Long.toString(s.lastIngestSequence())),
                bytes(F_LAST_FILE), bytes(s.lastFile()),
                bytes(F_DISCONTINUITY_COUNT), bytes(Long.toString(s.discontinuityCount())),
                bytes(F_MAX_DURATION), bytes(Long.toString(s.maxDurationMicros())),
                bytes(F_ENDED), bytes(s.ended() ? "1" : "0"),
                bytes(F_UPDATED_AT), bytes(Long.toString(s.updatedAtMillis())));
    }

    private static RenditionState decodeState(Map<String, String> h) {
        if (h == null || h.isEmpty() || !h.containsKey(F_VERSION)) {
            return RenditionState.EMPTY;
        }
        try {
            return new RenditionState(
                    Long.parseLong(h.get(F_VERSION)),
                    Long.parseLong(h.getOrDefault(F_NEXT_SEQUENCE, "0")),
                    Long.parseLong(h.getOrDefault(F_LAST_INGEST_SEQUENCE, "-1")),
                    h.getOrDefault(F_LAST_FILE, ""),
                    Long.parseLong(h.getOrDefault(F_DISCONTINUITY_COUNT, "0")),
                    Long.parseLong(h.getOrDefault(F_MAX_DURATION, "0")),
                    "1".equals(h.get(F_ENDED)),
                    Long.parseLong(h.getOrDefault(F_UPDATED_AT, "0")));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("corrupt rendition state in redis: " + h, e);
        }
    }

    private static List<TimelineEntry> decodeEntries(List<byte[]> members) {
        List<TimelineEntry> out = new ArrayList<>(members.size());
        for (byte[] m : members) {
            out.add(TimelineEntryCodec.decode(m));
        }
        return out;
    }

    /** A Lua script and its SHA-1, computed locally so EVALSHA needs no SCRIPT LOAD round trip. */
    private static final class Script {
        final byte[] source;
        final byte[] sha1;

        Script(String source) {
            this.source = source.getBytes(StandardCharsets.UTF_8);
            try {
                this.sha1 = bytes(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(this.source)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
