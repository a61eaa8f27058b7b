package dev.wharf.packager.timeline;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.hls.MediaPlaylist;
import dev.wharf.packager.hls.MediaSegment;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.TimelineEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongBiFunction;
import java.util.function.ToLongFunction;

/**
 * Turns each media playlist an encoder PUTs into timeline entries: the segments it has not seen
 * yet get the next output sequence numbers, so the output media sequence is continuous across
 * playlist refreshes, encoder restarts and replicas (the state lives in the store and is updated
 * by compare-and-set).
 */
public final class TimelineWriter {
    private static final int MAX_ATTEMPTS = 16;

    private final SegmentStore store;
    private final Clock clock;

    public TimelineWriter(SegmentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The clock entries are stamped and trimmed with; the ingest keeps its init snapshots by it too. */
    public Clock clock() {
        return clock;
    }

    /** What one playlist changed. */
    public record Update(int appended, boolean restarted, boolean ended, int waitingForBytes) {
        public boolean changed() {
            return appended > 0;
        }
    }

    /**
     * Applies an ingested media playlist.
     *
     * @param rendition   the playlist's file path under the input, which names the rendition
     * @param storedSize  the stored size of a segment file (resolved path), or -1 while it has not arrived
     */
    public Update apply(Channel channel, String input, String rendition, MediaPlaylist playlist,
                        ToLongFunction<String> storedSize) {
        return apply(channel, input, rendition, playlist, storedSize, file -> -1);
    }

    /**
     * Applies an ingested media playlist, recording each new segment's first PTS.
     *
     * @param mediaTime the first PTS (90 kHz) of a stored segment file, or -1 when unknown
     */
    public Update apply(Channel channel, String input, String rendition, MediaPlaylist playlist,
                        ToLongFunction<String> storedSize, ToLongFunction<String> mediaTime) {
        return apply(channel, input, rendition, playlist, storedSize, init -> null, (file, init) -> mediaTime.applyAsLong(file));
    }

    /**
     * Applies an ingested media playlist whose segments may need an init segment ({@code EXT-X-MAP}, fMP4).
     *
     * @param initSnapshot the stored name of an init segment's current bytes (resolved path in, see
     *                     {@link TimelineEntry#initFile()}), or null while it has not arrived: its segments wait
     * @param mediaTime    the first presentation time (90 kHz) of a stored segment file, given the stored name of
     *                     its init segment ("" for none), or -1 when unknown
     */
    public Update apply(Channel channel, String input, String rendition, MediaPlaylist playlist,
                        ToLongFunction<String> storedSize, Function<String, String> initSnapshot,
                        ToLongBiFunction<String, String> mediaTime) {
        return apply(channel, input, rendition, playlist, Function.identity(), storedSize, initSnapshot, mediaTime);
    }

    /**
     * Applies an ingested media playlist whose segment names resolve to immutable stored keys (see
     * {@link dev.wharf.packager.store.SegmentVersions}): each new entry records the key its name has when the playlist
     * lists it, so a later PUT of the same name (a restarted encoder) never changes what the entry serves.
     *
     * @param storedKey  the stored key of a segment's current bytes (resolved path in), or null while it has not
     *                   arrived; {@code storedSize} and {@code mediaTime} are then asked about that key
     */
    public Update apply(Channel channel, String input, String rendition, MediaPlaylist playlist,
                        Function<String, String> storedKey, ToLongFunction<String> storedSize,
                        Function<String, String> initSnapshot, ToLongBiFunction<String, String> mediaTime) {
        boolean restartedAtFirst = false;
        boolean hasMap = playlist.segments().stream().anyMatch(s -> s.map() != null);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            RenditionState state = store.renditionState(channel.key(), input, rendition);
            String previousInit = "";
            if (hasMap && state.nextSequence() > 0) {
                List<TimelineEntry> last = store.lastEntries(channel.key(), input, rendition, 1);
                previousInit = last.isEmpty() ? "" : last.getFirst().initFile();
            }
            Plan plan = plan(state, rendition, playlist, storedKey, storedSize, initSnapshot, previousInit, mediaTime,
                    clock.millis());
            if (attempt == 0) {
                restartedAtFirst = plan.restarted;
            } else if (plan.restarted && !restartedAtFirst) {
                // Not a restart: a newer playlist of the same encoder was appended while this one was
                // planned, so this one is older and everything it lists is in the timeline already.
                return new Update(0, false, state.ended(), 0);
            }
            if (plan.entries.isEmpty() && plan.next.ended() == state.ended()) {
                return new Update(0, false, state.ended(), plan.waiting);
            }
            if (store.append(channel.key(), input, rendition, state, plan.next, plan.entries, channel.retention())) {
                if (!plan.entries.isEmpty()) {
                    store.trim(channel.key(), input, rendition, clock.millis() - channel.retention().toMillis());
                }
                store.publishChange(channel.key());
                return new Update(plan.entries.size(), plan.restarted, plan.next.ended(), plan.waiting);
            }
        }
        throw new IllegalStateException("timeline of " + channel.key() + "/" + input + "/" + rendition
                + " kept changing under " + MAX_ATTEMPTS + " attempts");
    }

    record Plan(List<TimelineEntry> entries, RenditionState next, boolean restarted, int waiting) {}

    static Plan plan(RenditionState state, String rendition, MediaPlaylist playlist, ToLongFunction<String> storedSize,
                     ToLongFunction<String> mediaTime, long nowMillis) {
        return plan(state, rendition, playlist, storedSize, init -> null, "", (file, init) -> mediaTime.applyAsLong(file),
                nowMillis);
    }

    /**
     * @param previousInit the init of the last entry already in the timeline ("" for none): a segment with another
     *                     init starts a discontinuity (a new init is a new decoder configuration, and every fMP4
     *                     output keeps one init per discontinuity sequence)
     */
    static Plan plan(RenditionState state, String rendition, MediaPlaylist playlist, ToLongFunction<String> storedSize,
                     Function<String, String> initSnapshot, String previousInit, ToLongBiFunction<String, String> mediaTime,
                     long nowMillis) {
        return plan(state, rendition, playlist, Function.identity(), storedSize, initSnapshot, previousInit, mediaTime,
                nowMillis);
    }

    static Plan plan(RenditionState state, String rendition, MediaPlaylist playlist, Function<String, String> storedKey,
                     ToLongFunction<String> storedSize, Function<String, String> initSnapshot, String previousInit,
                     ToLongBiFunction<String, String> mediaTime, long nowMillis) {
        List<MediaSegment> segments = playlist.segments();
        boolean restarted = false;
        int from = 0;
        if (state.lastIngestSequence() >= 0 && !segments.isEmpty()) {
            MediaSegment last = segments.get(segments.size() - 1);
            String lastPath = IngestPaths.resolve(rendition, last.uri());
            boolean wentBack = last.sequence() < state.lastIngestSequence()
                    || (last.sequence() == state.lastIngestSequence() && !lastPath.equals(state.lastFile()));
            if (wentBack) {
                // The encoder restarted with its own numbering: everything it lists now is new.
                restarted = true;
            } else {
                while (from < segments.size() && segments.get(from).sequence() <= state.lastIngestSequence()) {
                    from++;
                }
            }
        }
        // Only segments whose bytes have arrived enter the timeline, in order: a player never sees
        // a segment it cannot fetch. The rest wait for the next playlist.
        List<MediaSegment> fresh = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> inits = new ArrayList<>();
        java.util.Map<String, String> snapshots = new java.util.HashMap<>();
        int waiting = 0;
        for (int i = from; i < segments.size(); i++) {
            MediaSegment s = segments.get(i);
            // resolved once: the entry's key, size and media time all describe the same stored bytes
            String key = storedKey.apply(IngestPaths.resolve(rendition, s.uri()));
            long size = key == null ? -1 : storedSize.applyAsLong(key);
            String init = "";
            if (s.map() != null) {
                init = snapshots.computeIfAbsent(IngestPaths.resolve(rendition, s.map().uri()),
                        path -> java.util.Objects.requireNonNullElse(initSnapshot.apply(path), ""));
            }
            if (size < 0 || (s.map() != null && init.isEmpty())) {
                waiting = segments.size() - i;
                break;
            }
            fresh.add(s);
            sizes.add(size);
            keys.add(key);
            inits.add(init);
        }
        long seq = state.nextSequence();
        long disc = state.discontinuityCount();
        long maxDuration = state.maxDurationMicros();
        long remainingMicros = 0;
        for (MediaSegment s : fresh) {
            remainingMicros += s.durationMicros();
        }
        List<TimelineEntry> entries = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            MediaSegment s = fresh.get(i);
            String init = inits.get(i);
            boolean initChanged = !init.equals(i == 0 ? previousInit : inits.get(i - 1));
            boolean discontinuity = s.discontinuity() || (restarted && i == 0) || initChanged;
            if (discontinuity && seq > 0) {
                disc++;
            } else {
                discontinuity = false; // nothing precedes the first segment of a rendition
            }
            long pdt = s.programDateTimeMillis() >= 0
                    ? s.programDateTimeMillis()
                    : nowMillis - remainingMicros / 1000; // derived from arrival: the newest segment ends now
            remainingMicros -= s.durationMicros();
            String file = keys.get(i);
            entries.add(new TimelineEntry(seq++, file, s.durationMicros(), discontinuity, disc, pdt, sizes.get(i),
                    nowMillis, s.tags(), mediaTime.applyAsLong(file, init), "", init));
            maxDuration = Math.max(maxDuration, s.durationMicros());
        }
        boolean ended = playlist.endList() && waiting == 0;
        RenditionState next = state;
        if (!entries.isEmpty()) {
            MediaSegment last = fresh.get(fresh.size() - 1);
            next = new RenditionState(state.version() + 1, seq, last.sequence(),
                    IngestPaths.resolve(rendition, last.uri()), disc, maxDuration, ended, nowMillis);
        } else if (ended != state.ended()) {
            next = new RenditionState(state.version() + 1, state.nextSequence(), state.lastIngestSequence(),
                    state.lastFile(), state.discontinuityCount(), state.maxDurationMicros(), ended, nowMillis);
        }
        return new Plan(entries, next, restarted, waiting);
    }
}
