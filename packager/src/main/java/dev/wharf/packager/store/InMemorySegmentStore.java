package dev.wharf.packager.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: everything in this JVM's heap, expiring like Redis keys do. The default for
 * the standalone packager and the fake behind unit tests; the same contract suite runs against it
 * and a Redis store.
 */
public final class InMemorySegmentStore implements SegmentStore {

    private static final Logger LOG = LoggerFactory.getLogger(InMemorySegmentStore.class);

    private record Expiring<T>(T value, long expiresAtMillis) {}

    private static final class Rendition {
        RenditionState state = RenditionState.EMPTY;
        final TreeMap<Long, TimelineEntry> entries = new TreeMap<>();
        /**
         * Not expired until its first append sets the TTL: with 0 here, a reader or the sweeper running
         * between {@code computeIfAbsent} and the append's lock removed the new rendition, and the append
         * then went into an orphan (lost appends under concurrency).
         */
        volatile long expiresAtMillis = Long.MAX_VALUE;
    }

    private final Clock clock;
    private final Map<String, Expiring<byte[]>> files = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> meta = new ConcurrentHashMap<>();
    private final Map<String, Long> metaExpiry = new ConcurrentHashMap<>();
    private final Map<String, Rendition> renditions = new ConcurrentHashMap<>();
    private final List<Consumer<ChannelKey>> listeners = new CopyOnWriteArrayList<>();
    private long nextSweepMillis;

    public InMemorySegmentStore() {
        this(Clock.systemUTC());
    }

    public InMemorySegmentStore(Clock clock) {
        this.clock = clock;
    }

    private static String key(ChannelKey channel, String input, String name) {
        return channel.tag() + '\u0000' + input + '\u0000' + name;
    }

    private long now() {
        return clock.millis();
    }

    @Override
    public void putFile(ChannelKey channel, String input, String file, byte[] bytes, Duration ttl) {
        sweepIfDue();
        files.put(key(channel, input, file), new Expiring<>(bytes.clone(), now() + ttl.toMillis()));
    }

    @Override
    public void putFiles(ChannelKey channel, String input, Map<String, byte[]> files, Duration ttl) {
        sweepIfDue();
        long expires = now() + ttl.toMillis();
        // in the map's order: a concurrent reader may see the first files before the last (so callers list what
        // others name last), and nothing outlives this process for a failover or a crash to split
        files.forEach((file, bytes) -> this.files.put(key(channel, input, file), new Expiring<>(bytes.clone(), expires)));
    }

    @Override
    public Optional<byte[]> getFile(ChannelKey channel, String input, String file) {
        Expiring<byte[]> e = files.get(key(channel, input, file));
        if (e == null || e.expiresAtMillis() <= now()) {
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    @Override
    public void putMeta(ChannelKey channel, String input, String field, String value, Duration ttl) {
        String k = key(channel, input, "");
        meta.computeIfAbsent(k, x -> new ConcurrentHashMap<>()).put(field, value);
        metaExpiry.put(k, now() + ttl.toMillis());
    }

    @Override
    public String putMetaIfAbsent(ChannelKey channel, String input, String field, String value, Duration ttl) {
        String k = key(channel, input, "");
        synchronized (meta) {
            Long exp = metaExpiry.get(k);
            if (exp != null && exp <= now()) {
                meta.remove(k); // expired as a whole, as meta() sees it
            }
            String stored = meta.computeIfAbsent(k, x -> new ConcurrentHashMap<>()).putIfAbsent(field, value);
            metaExpiry.put(k, now() + ttl.toMillis());
            return stored == null ? value : stored;
        }
    }

    @Override
    public Map<String, String> meta(ChannelKey channel, String input) {
        String k = key(channel, input, "");
        Long exp = metaExpiry.get(k);
        Map<String, String> m = meta.get(k);
        if (m == null || exp == null || exp <= now()) {
            return Map.of();
        }
        return new HashMap<>(m);
    }

    private Rendition live(ChannelKey channel, String input, String rendition) {
        String k = key(channel, input, rendition);
        Rendition r = renditions.get(k);
        if (r != null && r.expiresAtMillis <= now()) {
            renditions.remove(k, r);
            return null;
        }
        return r;
    }

    @Override
    public RenditionState renditionState(ChannelKey channel, String input, String rendition) {
        Rendition r = live(channel, input, rendition);
        if (r == null) {
            return RenditionState.EMPTY;
        }
        synchronized (r) {
            return r.state;
        }
    }

    @Override
    public boolean append(ChannelKey channel, String input, String rendition,
                          RenditionState expected, RenditionState next, List<TimelineEntry> entries, Duration ttl) {
        String k = key(channel, input, rendition);
        live(channel, input, rendition);
        Rendition r = renditions.computeIfAbsent(k, x -> new Rendition());
        synchronized (r) {
            if (r.state.version() != expected.version()) {
                return false;
            }
            r.state = next;
            for (TimelineEntry e : entries) {
                r.entries.put(e.sequence(), e);
            }
            r.expiresAtMillis = now() + ttl.toMillis();
            return true;
        }
    }

    @Override
    public List<TimelineEntry> entries(ChannelKey channel, String input, String rendition, long fromSequence, int max) {
        Rendition r = live(channel, input, rendition);
        if (r == null) {
            return List.of();
        }
        synchronized (r) {
            List<TimelineEntry> out = new ArrayList<>(Math.min(max, r.entries.size()));
            for (TimelineEntry e : r.entries.tailMap(fromSequence, true).values()) {
                if (out.size() >= max) {
                    break;
                }
                out.add(e);
            }
            return out;
        }
    }

    @Override
    public List<TimelineEntry> lastEntries(ChannelKey channel, String input, String rendition, int count) {
        Rendition r = live(channel, input, rendition);
        if (r == null) {
            return List.of();
        }
        synchronized (r) {
            List<TimelineEntry> out = new ArrayList<>(Math.min(count, r.entries.size()));
            for (TimelineEntry e : r.entries.descendingMap().values()) {
                if (out.size() >= count) {
                    break;
                }
                out.add(0, e);
            }
            return out;
        }
    }

    @Override
    public void trim(ChannelKey channel, String input, String rendition, long ingestedBeforeMillis) {
        Rendition r = live(channel, input, rendition);
        if (r == null) {
            return;
        }
        synchronized (r) {
            r.entries.values().removeIf(e -> e.ingestedAtMillis() < ingestedBeforeMillis);
        }
    }

    @Override
    public void resetChannel(ChannelKey channel) {
        String prefix = channel.tag() + '\u0000';
        files.keySet().removeIf(k -> k.startsWith(prefix));
        meta.keySet().removeIf(k -> k.startsWith(prefix));
        metaExpiry.keySet().removeIf(k -> k.startsWith(prefix));
        renditions.keySet().removeIf(k -> k.startsWith(prefix));
    }

    @Override
    public void publishChange(ChannelKey channel) {
        for (Consumer<ChannelKey> l : listeners) {
            try {
                l.accept(channel);
            } catch (RuntimeException e) {
                // a broken listener must neither fail the publisher (ingest) nor starve the other listeners
                LOG.warn("Change listener failed for {}", channel, e);
            }
        }
    }

    @Override
    public void onChange(Consumer<ChannelKey> listener) {
        listeners.add(listener);
    }

    @Override
    public boolean ping() {
        return true;
    }

    @Override
    public void close() {
        files.clear();
        meta.clear();
        renditions.clear();
    }

    /** Drops expired files at most once a second, so the heap is bounded by retention, not by uptime. */
    private void sweepIfDue() {
        long now = now();
        synchronized (this) {
            if (now < nextSweepMillis) {
                return;
            }
            nextSweepMillis = now + 1000;
        }
        files.values().removeIf(e -> e.expiresAtMillis() <= now);
        renditions.values().removeIf(r -> r.expiresAtMillis <= now);
        metaExpiry.entrySet().removeIf(e -> {
            if (e.getValue() <= now) {
                meta.remove(e.getKey());
                return true;
            }
            return false;
        });
    }
}
