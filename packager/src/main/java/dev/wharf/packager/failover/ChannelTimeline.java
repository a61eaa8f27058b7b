package dev.wharf.packager.failover;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.Input;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.TimelineEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Input redundancy: builds each rendition's <em>output</em> timeline from the channel's active input,
 * and switches the active input when it stops delivering.
 *
 * <p>Both inputs keep their own timelines (every segment received is stored). The channel's decision
 * (which input is active, how many failovers) and the output timelines live in the store and change
 * only by compare-and-set, so every replica, whichever PUT it receives, sees one active input and
 * one output timeline.
 *
 * <p>When an input other than the active one delivers a segment and the active input has delivered
 * nothing for the input-loss threshold (or has ended its stream), the channel switches to it. The
 * output then continues from the next media time: a segment of the new input whose first PTS equals
 * the end of the last output segment (redundant encoders with locked outputs) continues seamlessly,
 * from segments the new input had already delivered; otherwise the output takes the new input's first
 * segment that starts after the last output segment's wall-clock end, behind one discontinuity. A
 * switch back happens only when the new input fails in turn.
 */
public final class ChannelTimeline {
    private static final Logger LOG = Logger.getLogger(ChannelTimeline.class.getName());
    /** Pseudo input holding the channel's output timelines (one per rendition). */
    public static final String OUTPUT = "~out";
    /** Pseudo input holding the channel's failover decision, as a rendition state updated by compare-and-set. */
    static final String CONTROL = "~channel";
    static final String DECISION = "active-input";
    /** PTS distance within which two inputs' segment starts count as the same media time (100 ms). */
    public static final long ALIGN_TOLERANCE_90K = 9_000;
    private static final long PTS_MODULO = 1L << 33;
    private static final int ATTEMPTS = 16;
    private static final int FIRST_COPY_MAX = 10_000;

    /** Told about every switch of a channel's active input (metrics, logs, Kubernetes events). */
    public interface Listener {
        void switched(Channel channel, String from, String to, long failovers);
    }

    private final SegmentStore store;
    private final Clock clock;
    private final Listener listener;
    /** Per channel: when this process last rewrote the decision to restart its time to live (see {@link #decide}). */
    private final java.util.Map<dev.wharf.packager.store.ChannelKey, Long> refreshedAt =
            new java.util.concurrent.ConcurrentHashMap<>();

    public ChannelTimeline(SegmentStore store, Clock clock, Listener listener) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    /** The channel's decision: the active input ("" before any content) and the number of failovers. */
    public record Decision(String activeInput, long failovers, long switchedAtMillis) {}

    public Decision decision(Channel channel) {
        RenditionState s = store.renditionState(channel.key(), CONTROL, DECISION);
        return new Decision(s.lastFile(), s.nextSequence(), s.updatedAtMillis());
    }

    /**
     * Called after {@code input} appended segments to {@code rendition}: maybe switch, then extend the output.
     *
     * @return the channel's active input
     */
    public String advance(Channel channel, String input, String rendition) {
        String active = decide(channel, input, rendition);
        // Also on the standby's content: the output may have to end (both inputs ended).
        extendOutput(channel, active, rendition);
        return active;
    }

    /** Makes the switch decision; returns the active input after it. */
    String decide(Channel channel, String input, String rendition) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            RenditionState d = store.renditionState(channel.key(), CONTROL, DECISION);
            String active = d.lastFile();
            long now = clock.millis();
            RenditionState next;
            if (active.isEmpty() || channel.input(active).isEmpty()) {
                // The first input to deliver becomes active (or the configured inputs changed).
                next = new RenditionState(d.version() + 1, d.nextSequence(), -1, input, 0, 0, false, now);
            } else if (active.equals(input)) {
                // The decision carries the channel's retention as its time to live and changes only on a switch:
                // unrefreshed, it expired one retention after the first segment, every reader then saw no active
                // input (404 on every playlist and segment) until the next PUT wrote it again, and a standby that
                // PUT first became active. So the active input's PUTs rewrite it, unchanged, a few times per retention.
                Long last = refreshedAt.get(channel.key());
                if (last != null && now - last < channel.retention().toMillis() / 4) {
                    return active;
                }
                RenditionState same = new RenditionState(d.version() + 1, d.nextSequence(), d.lastIngestSequence(),
                        d.lastFile(), d.discontinuityCount(), d.maxDurationMicros(), d.ended(), d.updatedAtMillis());
                if (store.append(channel.key(), CONTROL, DECISION, d, same, List.of(), channel.retention())) {
                    refreshedAt.put(channel.key(), now);
                    return active;
                }
                continue; // another writer changed the decision: read it again
            } else {
                RenditionState activeState = store.renditionState(channel.key(), active, rendition);
                RenditionState inputState = store.renditionState(channel.key(), input, rendition);
                long silentMillis = now - activeState.updatedAtMillis();
                boolean activeLost = silentMillis > threshold(channel, inputState).toMillis();
                boolean activeEnded = activeState.ended() && !inputState.ended();
                if (!activeLost && !activeEnded) {
                    return active;
                }
                next = new RenditionState(d.version() + 1, d.nextSequence() + 1, -1, input, 0, 0, false, now);
            }
            if (store.append(channel.key(), CONTROL, DECISION, d, next, List.of(), channel.retention())) {
                if (!d.lastFile().isEmpty() && !d.lastFile().equals(input)) {
                    LOG.warning("channel " + channel.key() + ": input " + d.lastFile() + " lost, switched to " + input
                            + " (failover " + next.nextSequence() + ")");
                    listener.switched(channel, d.lastFile(), input, next.nextSequence());
                }
                store.publishChange(channel.key());
                return input;
            }
        }
        throw new IllegalStateException("failover decision of " + channel.key() + " kept changing");
    }

    static java.time.Duration threshold(Channel channel, RenditionState rendition) {
        if (channel.inputLossThreshold() != null) {
            return channel.inputLossThreshold();
        }
        long target = Math.max(1_000_000, rendition.maxDurationMicros());
        return java.time.Duration.ofMillis(target * 3 / 2 / 1000);
    }

    private void extendOutput(Channel channel, String active, String rendition) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            RenditionState out = store.renditionState(channel.key(), OUTPUT, rendition);
            List<TimelineEntry> last = store.lastEntries(channel.key(), OUTPUT, rendition, 1);
            TimelineEntry lastOut = last.isEmpty() ? null : last.get(0);
            List<TimelineEntry> source;
            boolean forceDiscontinuity = false;
            if (lastOut == null) {
                source = store.entries(channel.key(), active, rendition, 0, FIRST_COPY_MAX);
            } else if (lastOut.source().equals(active)) {
                source = store.entries(channel.key(), active, rendition, out.lastIngestSequence() + 1, FIRST_COPY_MAX);
            } else {
                List<TimelineEntry> candidates = store.lastEntries(channel.key(), active, rendition, 64);
                int from = aligned(lastOut, candidates);
                if (from < 0) {
                    from = firstAfter(lastOut, candidates);
                    forceDiscontinuity = true;
                }
                source = from < 0 ? List.of() : candidates.subList(from, candidates.size());
            }
            boolean ended = allEnded(channel, rendition);
            if (source.isEmpty() && ended == out.ended()) {
                return;
            }
            long seq = out.nextSequence();
            long disc = out.discontinuityCount();
            long maxDuration = out.maxDurationMicros();
            long lastSourceSeq = out.lastIngestSequence();
            long now = clock.millis();
            List<TimelineEntry> entries = new ArrayList<>(source.size());
            long mediaTime = lastOut == null ? -1 : lastOut.mediaTime90k();
            for (int i = 0; i < source.size(); i++) {
                TimelineEntry e = source.get(i);
                // a new init segment (fMP4 source) is a new decoder configuration: one init per discontinuity sequence
                boolean initChanged = !e.initFile().equals(i > 0 ? source.get(i - 1).initFile()
                        : lastOut == null ? e.initFile() : lastOut.initFile());
                boolean discontinuity = (e.discontinuity() || (forceDiscontinuity && i == 0) || initChanged) && seq > 0;
                if (discontinuity) {
                    disc++;
                }
                long unwrapped = unwrapAfter(mediaTime, e.mediaTime90k());
                if (unwrapped >= 0) {
                    mediaTime = unwrapped;
                }
                entries.add(new TimelineEntry(seq++, e.file(), e.durationMicros(), discontinuity, disc,
                        e.programDateTimeMillis(), e.sizeBytes(), now, e.tags(), unwrapped, active, e.initFile()));
                maxDuration = Math.max(maxDuration, e.durationMicros());
                lastSourceSeq = e.sequence();
            }
            RenditionState next = new RenditionState(out.version() + 1, seq, lastSourceSeq, active, disc, maxDuration,
                    ended, now);
            if (store.append(channel.key(), OUTPUT, rendition, out, next, entries, channel.retention())) {
                if (!entries.isEmpty()) {
                    store.trim(channel.key(), OUTPUT, rendition, now - channel.retention().toMillis());
                }
                store.publishChange(channel.key());
                return;
            }
        }
        throw new IllegalStateException("output timeline of " + channel.key() + "/" + rendition + " kept changing");
    }

    /**
     * The 33-bit PTS {@code raw33} placed on the output timeline's unwrapped line, next to {@code previous}
     * (the unwrapped media time of the output entry before it, or -1): the nearest value congruent to
     * {@code raw33} modulo 2^33. So the output's media times keep increasing over the PTS wrap (every 26.5 h)
     * and fMP4 decode times made from them never go back. -1 when {@code raw33} is unknown.
     */
    static long unwrapAfter(long previous, long raw33) {
        if (raw33 < 0) {
            return -1;
        }
        if (previous < 0) {
            return raw33;
        }
        long delta = Math.floorMod(raw33 - previous, PTS_MODULO);
        if (delta >= PTS_MODULO / 2) {
            delta -= PTS_MODULO;
        }
        long t = previous + delta;
        return t < 0 ? raw33 : t;
    }

    /** Index of the candidate starting at the media time where {@code lastOut} ends, or -1. */
    static int aligned(TimelineEntry lastOut, List<TimelineEntry> candidates) {
        if (lastOut.mediaTime90k() < 0) {
            return -1;
        }
        long expected = (lastOut.mediaTime90k() + lastOut.durationMicros() * 9 / 100) % PTS_MODULO;
        for (int i = 0; i < candidates.size(); i++) {
            long t = candidates.get(i).mediaTime90k();
            if (t < 0) {
                continue;
            }
            long diff = Math.floorMod(t - expected, PTS_MODULO);
            if (diff <= ALIGN_TOLERANCE_90K || PTS_MODULO - diff <= ALIGN_TOLERANCE_90K) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first candidate starting after {@code lastOut} ends in wall-clock time; else the newest. */
    static int firstAfter(TimelineEntry lastOut, List<TimelineEntry> candidates) {
        if (candidates.isEmpty()) {
            return -1;
        }
        long end = lastOut.programDateTimeEndMillis();
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).programDateTimeMillis() >= end - 500) {
                return i;
            }
        }
        return candidates.size() - 1;
    }

    /** The output ends only when every input that delivered this rendition has ended its stream. */
    private boolean allEnded(Channel channel, String rendition) {
        boolean any = false;
        for (Input in : channel.inputs()) {
            RenditionState s = store.renditionState(channel.key(), in.id(), rendition);
            if (s.nextSequence() == 0) {
                continue;
            }
            any = true;
            if (!s.ended()) {
                return false;
            }
        }
        return any;
    }
}
