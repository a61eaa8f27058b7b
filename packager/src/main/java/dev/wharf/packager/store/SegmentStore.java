package dev.wharf.packager.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where ingested bytes and channel timelines live. Two implementations share one contract test
 * suite: {@link InMemorySegmentStore} (standalone default) and a Redis store.
 *
 * <p>Everything is scoped by channel and input (the ingest endpoint id). Everything written carries
 * a time to live, the channel's retention, so nothing needs explicit deletion.
 */
public interface SegmentStore extends AutoCloseable {

    /** Stores an ingested file (segment, init segment, playlist) for {@code ttl}. Replaces any earlier bytes. */
    void putFile(ChannelKey channel, String input, String file, byte[] bytes, Duration ttl);

    /**
     * Stores several files of one input for {@code ttl} as one write: a failover or a crash keeps all of them or
     * none (a promoted Redis replica too), and a durable store waits for its replicas once for the whole set. A
     * concurrent reader may see the files in {@code files}' iteration order: list what the others name last.
     * Replaces any earlier bytes.
     */
    void putFiles(ChannelKey channel, String input, Map<String, byte[]> files, Duration ttl);

    /** The bytes of an ingested file, if still retained. */
    Optional<byte[]> getFile(ChannelKey channel, String input, String file);

    /** Sets one metadata field of an input (master playlist, rendition info...), refreshing its ttl. */
    void putMeta(ChannelKey channel, String input, String field, String value, Duration ttl);

    /**
     * Sets one metadata field of an input only if it has no value yet, atomically across every packager sharing
     * the store, refreshing the input's metadata ttl either way.
     *
     * @return the field's value after the call: {@code value} when this call set it, else the value another
     *         writer set first (every caller racing on one field gets the same answer)
     */
    String putMetaIfAbsent(ChannelKey channel, String input, String field, String value, Duration ttl);

    /** All metadata fields of an input; empty when none. */
    Map<String, String> meta(ChannelKey channel, String input);

    /** The rendition's state, {@link RenditionState#EMPTY} when it has none. */
    RenditionState renditionState(ChannelKey channel, String input, String rendition);

    /**
     * Appends entries and replaces the state atomically, only if the stored state's version still
     * equals {@code expected.version()}.
     *
     * @return false when another writer changed the state first (read again and retry)
     */
    boolean append(ChannelKey channel, String input, String rendition,
                   RenditionState expected, RenditionState next, List<TimelineEntry> entries, Duration ttl);

    /** Up to {@code max} entries with sequence number at least {@code fromSequence}, ascending. */
    List<TimelineEntry> entries(ChannelKey channel, String input, String rendition, long fromSequence, int max);

    /** The last {@code count} entries, ascending. */
    List<TimelineEntry> lastEntries(ChannelKey channel, String input, String rendition, int count);

    /** Removes the entries that entered the timeline before {@code ingestedBeforeMillis}. */
    void trim(ChannelKey channel, String input, String rendition, long ingestedBeforeMillis);

    /**
     * Forgets everything stored for a channel (files, metadata, timelines, failover state), like
     * MediaPackage's ResetChannelState: a restarted encoder with reset timestamps then starts cleanly.
     */
    void resetChannel(ChannelKey channel);

    /** Tells every packager sharing this store that a channel changed (rendered manifests are stale). */
    void publishChange(ChannelKey channel);

    /** Registers a listener for {@link #publishChange} from any packager, this one included. */
    void onChange(Consumer<ChannelKey> listener);

    /** True when the store answers. */
    boolean ping();

    @Override
    void close();
}
