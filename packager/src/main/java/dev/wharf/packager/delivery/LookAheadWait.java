package dev.wharf.packager.delivery;

import dev.wharf.packager.mux.mp4.SmoothFragmentWriter.Chunk;
import dev.wharf.packager.store.TimelineEntry;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Holds a request for the newest live Smooth fragment until the fragment after it exists, so that its {@code tfrf}
 * can name it (what IIS does with {@code LookAheadFragmentCount}).
 *
 * <p>Why: a live Smooth client learns the next chunk only from the {@code tfrf} of the fragment it loads (dash.js's
 * MSS module never reloads the manifest). A fragment served the moment it was ingested has no successor to list,
 * so a client that caught up with the live edge stops for good (evidence in docs/players.md). Holding such a
 * request for about one segment duration costs that client one segment of latency and nothing else.
 *
 * <p>The wait is bounded by when the successor is due: the fragment's last input segment's ingest time plus
 * {@code segmentsDue} of its durations and one second. A stream that ended (the encoder's {@code EXT-X-ENDLIST})
 * or stopped, or a request for a fragment that is old enough, is answered at once with the look-ahead there is
 * (possibly none). Concurrent requests for
 * one fragment share one wait ({@link SingleFlight}): one store lookup per fragment every {@link #POLL_MILLIS}.
 */
final class LookAheadWait {
    static final long POLL_MILLIS = 100;
    /** Never longer than this, whatever the segment duration says. */
    static final long MAX_WAIT_MILLIS = 15_000;

    private final SingleFlight<String, List<Chunk>> waits = new SingleFlight<>();
    private final Held held;

    /** Told of every request that was held: how long, and whether the next fragment came. */
    @FunctionalInterface
    interface Held {
        void held(String channel, long nanos, boolean found);
    }

    LookAheadWait(Held held) {
        this.held = held;
    }

    /**
     * The look-ahead of a fragment: {@code now} when it is not empty, else {@code lookAhead} as soon as it is not
     * (polled with fresh store reads), or empty when its successor is not there by the time it is due.
     *
     * @param channel     names the channel for {@link Held}
     * @param key         the fragment (requests with one key share the wait)
     * @param last        the newest input segment of the fragment
     * @param segmentsDue after how many input segment durations past {@code last}'s ingest the successor is due
     *                    (1 for a fragment per input segment, the group size for joined ones)
     * @param clock       the clock ingest stamps entries with
     * @param ended       whether the stream has ended (no successor will come); asked again on every poll
     * @param now         the look-ahead the caller found; null when none will come (the next segment exists and
     *                    starts another run: a discontinuity)
     * @param lookAhead   computes the look-ahead again from the store, as {@code now}; called on every poll
     */
    List<Chunk> await(String channel, String key, TimelineEntry last, int segmentsDue, Clock clock, BooleanSupplier ended,
                      List<Chunk> now, Supplier<List<Chunk>> lookAhead) {
        List<Chunk> next = now;
        if (next == null) {
            return List.of();
        }
        if (!next.isEmpty() || ended.getAsBoolean()) {
            return next;
        }
        long due = last.ingestedAtMillis() + (segmentsDue + 1) * Math.max(1, last.durationMicros() / 1000) + 1000;
        long waitMillis = Math.min(MAX_WAIT_MILLIS, due - clock.millis());
        if (waitMillis <= 0) {
            return next;
        }
        long start = System.nanoTime();
        List<Chunk> found = waits.get(key, () -> {
            long end = System.nanoTime() + waitMillis * 1_000_000;
            while (true) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the request was cut off: waiters of this key wait again
                    throw new IllegalStateException("interrupted while waiting for the look-ahead of " + key, e);
                }
                List<Chunk> polled = lookAhead.get();
                if (polled == null) {
                    return List.of();
                }
                if (!polled.isEmpty() || System.nanoTime() - end >= 0 || ended.getAsBoolean()) {
                    return polled;
                }
            }
        });
        held.held(channel, System.nanoTime() - start, !found.isEmpty());
        return found;
    }

    /** Fragments whose requests are waiting now (for metrics and tests). */
    int waiting() {
        return waits.inFlight();
    }
}
