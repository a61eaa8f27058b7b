package dev.wharf.packager.delivery;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.TimelineEntry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The re-segmentation group size of each discontinuity run, pinned in the store the first time it is computed.
 *
 * <p>Why: the group size {@code n = round(segmentDurationSeconds / input target)} is derived from the rendition's
 * longest input segment. An encoder that sends one segment half a second over its target would change {@code n},
 * and with it every output segment number and URL at once. So the first computation for a (channel,
 * {@code segmentDurationSeconds}, rendition, discontinuity run) is stored with
 * {@link SegmentStore#putMetaIfAbsent} in the output timeline's metadata: every replica and a restarted packager
 * read the value that was stored first, whatever they would compute now.
 *
 * <p>A new run (encoder restart, input switch: the encoder may have been reconfigured) computes its size afresh.
 * When it differs from the previous run's, the run also gets a numbering {@code offset}: the run's output
 * segments are numbered by {@link OutputSegmentation} with its own {@code n}, plus the offset, chosen so that the
 * run's first segment gets the number it would have had with the previous run's {@code n} and offset (the
 * single-size numbering is gapless across a discontinuity). Numbers therefore never go back or skip.
 *
 * <p>A run of another format than MPEG-TS (packed audio, fMP4: only TS segments are joined) pins size 1 with offset
 * 0: it is served with the pass-through numbering (the input sequence), and the next TS run's offset continues from
 * that numbering. The size of a TS run is one value for the whole channel ({@link #CHANNEL_FIELD}: the first
 * rendition that computes it stores it), so every rendition cuts the same groups and DASH/MSS representations stay
 * aligned; the offset stays per rendition (it depends on the rendition's own sequence numbers).
 *
 * <p>Stored as {@code n,offset,writtenAtMillis} with the channel's retention, rewritten (same {@code n} and
 * offset) when half of it has passed, as the DASH anchors are.
 */
final class GroupSizePins {
    static final String FIELD = "group.";
    /** The channel-wide group size of a run: {@code groupsize.{segmentDurationSeconds}.{run}} = {@code n,0,writtenAt}. */
    static final String CHANNEL_FIELD = "groupsize.";

    /** A run's group size and the offset added to its output segments' numbers. */
    record Pin(int groupSize, long offset) {}

    private final SegmentStore store;
    private final Clock clock;

    GroupSizePins(SegmentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static String field(int segmentDurationSeconds, String rendition, long run) {
        return FIELD + segmentDurationSeconds + "." + rendition + "." + run;
    }

    /**
     * The pins of every run in {@code entries} (and of the rendition's newest run), computing and storing the
     * missing ones, oldest run first.
     *
     * @param entries the newest entries of the rendition's output timeline, ascending
     */
    Map<Long, Pin> resolve(Channel channel, int segmentDurationSeconds, String rendition, RenditionState state,
                           List<TimelineEntry> entries) {
        Map<String, String> meta = store.meta(channel.key(), ChannelTimeline.OUTPUT);
        TreeSet<Long> runs = new TreeSet<>();
        for (TimelineEntry e : entries) {
            runs.add(e.discontinuitySequence());
        }
        runs.add(state.discontinuityCount());
        Map<Long, Pin> pins = new HashMap<>();
        for (long run : runs) {
            Pin previous = pins.get(run - 1);
            if (previous == null && run > 0) {
                previous = stored(channel, meta, field(segmentDurationSeconds, rendition, run - 1));
            }
            pins.put(run, pin(channel, segmentDurationSeconds, rendition, state, run, entries, meta, previous));
        }
        return pins;
    }

    /** The stored pin of one run, or null when none is stored. */
    Pin stored(Channel channel, int segmentDurationSeconds, String rendition, long run) {
        Map<String, String> meta = store.meta(channel.key(), ChannelTimeline.OUTPUT);
        return stored(channel, meta, field(segmentDurationSeconds, rendition, run));
    }

    private Pin stored(Channel channel, Map<String, String> meta, String field) {
        String value = meta.get(field);
        Pin p = parse(value);
        if (p != null && needsRefresh(channel, value)) {
            store.putMeta(channel.key(), ChannelTimeline.OUTPUT, field, format(p), channel.retention());
        }
        return p;
    }

    private Pin pin(Channel channel, int segmentDurationSeconds, String rendition, RenditionState state, long run,
                    List<TimelineEntry> entries, Map<String, String> meta, Pin previous) {
        String field = field(segmentDurationSeconds, rendition, run);
        Pin p = stored(channel, meta, field);
        if (p != null) {
            return p;
        }
        int n = tsRun(entries, run, state) ? channelSize(channel, segmentDurationSeconds, run, state, meta) : 1;
        long offset = previous == null || n == 1 ? 0 : previous.offset();
        if (n > 1 && previous != null && previous.groupSize() != n) {
            TimelineEntry start = runStart(entries, run);
            if (start != null) {
                offset += continuingOffset(channel, rendition, start.sequence(), previous.groupSize(), n);
            }
        }
        String winner = store.putMetaIfAbsent(channel.key(), ChannelTimeline.OUTPUT, field, format(new Pin(n, offset)),
                channel.retention());
        Pin won = parse(winner);
        return won == null ? new Pin(n, offset) : won;
    }

    /**
     * The group size of a run for the whole channel: the first TS rendition that computes it stores it, every other
     * rendition takes that value, so all representations of a DASH or MSS stream cut the same groups.
     */
    private int channelSize(Channel channel, int segmentDurationSeconds, long run, RenditionState state,
                            Map<String, String> meta) {
        String field = CHANNEL_FIELD + segmentDurationSeconds + "." + run;
        Integer n = parseSize(meta.get(field));
        if (n != null) {
            String value = meta.get(field);
            if (needsRefresh(channel, value)) {
                store.putMeta(channel.key(), ChannelTimeline.OUTPUT, field, n + ",0," + clock.millis(),
                        channel.retention());
            }
            return n;
        }
        int computed = HlsTsOutput.groupSize(segmentDurationSeconds, state);
        String winner = store.putMetaIfAbsent(channel.key(), ChannelTimeline.OUTPUT, field,
                computed + ",0," + clock.millis(), channel.retention());
        Integer won = parseSize(winner);
        return won == null ? computed : won;
    }

    private static Integer parseSize(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Math.max(1, Integer.parseInt(value.split(",")[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Whether a run's segments are MPEG-TS (the only ones joined): a switch of format is always a discontinuity, so a
     * run never mixes formats. Judged from the run's entries, else (a run not yet in {@code entries}) from the
     * rendition's newest file.
     */
    static boolean tsRun(List<TimelineEntry> entries, long run, RenditionState state) {
        for (TimelineEntry e : entries) {
            if (e.discontinuitySequence() == run) {
                return HlsManifestWriter.extension(e.file()).equals("ts");
            }
        }
        return run != state.discontinuityCount() || state.lastFile() == null || state.lastFile().isEmpty()
                || HlsManifestWriter.extension(state.lastFile()).equals("ts");
    }

    /** The run's first entry (its discontinuity), if it is among {@code entries}. */
    private static TimelineEntry runStart(List<TimelineEntry> entries, long run) {
        for (TimelineEntry e : entries) {
            if (e.discontinuitySequence() == run) {
                return e.discontinuity() ? e : null;
            }
        }
        return null;
    }

    /**
     * The number of the output segment starting at {@code start} with group size {@code before}, minus its number
     * with {@code after} (both from {@link OutputSegmentation}, from their groups' first entries); 0 when those
     * entries have expired.
     */
    private long continuingOffset(Channel channel, String rendition, long start, int before, int after) {
        long from = Math.min(Math.floorDiv(start, Math.max(1, before)) * Math.max(1, before),
                Math.floorDiv(start, Math.max(1, after)) * Math.max(1, after));
        List<TimelineEntry> group = store.entries(channel.key(), ChannelTimeline.OUTPUT, rendition, from,
                (int) (start - from + 1));
        OutputSegmentation.OutputSegment a = OutputSegmentation.find(group, before, true, start);
        OutputSegmentation.OutputSegment b = OutputSegmentation.find(group, after, true, start);
        return a == null || b == null ? 0 : a.mediaSequence() - b.mediaSequence();
    }

    private boolean needsRefresh(Channel channel, String value) {
        String[] f = value.split(",");
        try {
            return f.length < 3 || clock.millis() - Long.parseLong(f[2]) > channel.retention().toMillis() / 2;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private String format(Pin p) {
        return p.groupSize() + "," + p.offset() + "," + clock.millis();
    }

    private static Pin parse(String value) {
        if (value == null) {
            return null;
        }
        String[] f = value.split(",");
        try {
            return f.length < 2 ? null : new Pin(Integer.parseInt(f[0]), Long.parseLong(f[1]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
