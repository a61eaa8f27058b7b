package dev.wharf.packager.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Immutable stored segments on top of any {@link SegmentStore}: each PUT of a segment is stored under a key of its
 * own, {@code {name}@{upload id}}, and a small index file {@code {name}@} names the newest one. A timeline entry
 * records the key ({@link TimelineEntry#file()}), never the bare name, so an encoder that restarts and PUTs the same
 * name again (ffmpeg's counter starts at 0 again) cannot replace the bytes an older entry serves.
 *
 * <p>The upload id is 64 random bits (base 36): free, unlike a content hash (SHA-256 of a 4 MB segment costs about
 * 5 ms on the CI machine), and unique across replicas without coordination. An identical re-PUT (an encoder retry)
 * gets a new key holding the same bytes: entries already written keep the old key, entries written later take the
 * new one, and either way a player gets the same bytes. Both files carry the channel's retention, so an old
 * version expires like any ingested file; nothing is deleted explicitly.
 *
 * <p>Keys cannot collide with ingested names: an ingested segment name ends with its extension
 * ({@code .ts}, {@code .m4s}...), while a key ends with {@code @} and a dot-free id; {@link #name} tells them apart.
 * Entries written before this scheme name the bare file, whose bytes an older packager stored there; reading an
 * entry's {@code file} works for both.
 */
public final class SegmentVersions {
    /** Separates a name from its upload id (as {@code Fmp4Ingest} separates an init's path from its hash). */
    public static final char MARK = '@';

    private final SegmentStore store;

    public SegmentVersions(SegmentStore store) {
        this.store = store;
    }

    /**
     * Stores one PUT of {@code name}: its bytes under a new key and the index naming that key, in one atomic write
     * ({@link SegmentStore#putFiles}). Two writes would each wait for the replicas with {@code replicated}
     * durability (twice the latency), and with {@code primary} durability a failover could keep the bytes but lose
     * the index, which then still names an earlier PUT of the same name (an encoder's previous run).
     *
     * @return the new key
     */
    public String put(ChannelKey channel, String input, String name, byte[] bytes, Duration ttl) {
        String key = name + MARK + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        Map<String, byte[]> files = new LinkedHashMap<>(); // bytes first: the index never names missing bytes
        files.put(key, bytes);
        files.put(indexName(name), key.getBytes(StandardCharsets.UTF_8));
        store.putFiles(channel, input, files, ttl);
        return key;
    }

    /**
     * The key of the newest stored PUT of {@code name}; the name itself when only an older packager's bare copy
     * exists; empty while nothing of that name is stored.
     */
    public Optional<String> current(ChannelKey channel, String input, String name) {
        Optional<byte[]> index = store.getFile(channel, input, indexName(name));
        if (index.isPresent()) {
            return Optional.of(new String(index.get(), StandardCharsets.UTF_8));
        }
        return store.getFile(channel, input, name).map(b -> name);
    }

    /** The bytes of the newest stored PUT of {@code name}; empty while nothing of that name is stored. */
    public Optional<byte[]> read(ChannelKey channel, String input, String name) {
        return current(channel, input, name).flatMap(key -> store.getFile(channel, input, key));
    }

    /** The ingested name a stored key (or a bare name) stands for: {@code seg.ts@k3j2} and {@code seg.ts} give {@code seg.ts}. */
    public static String name(String key) {
        int mark = key.lastIndexOf(MARK);
        if (mark < 0 || key.indexOf('.', mark) >= 0 || key.indexOf('/', mark) >= 0) {
            return key; // a bare name: the part after its last '@' (if any) holds the extension
        }
        return key.substring(0, mark);
    }

    static String indexName(String name) {
        return name + MARK;
    }
}
