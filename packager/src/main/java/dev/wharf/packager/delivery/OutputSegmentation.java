package dev.wharf.packager.delivery;

import dev.wharf.packager.store.TimelineEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Output segments made of consecutive input segments (re-segmentation), as a pure function of the output
 * timeline: every replica, and a restarted packager, cuts the same segments and numbers them alike.
 *
 * <p><b>Group size.</b> Like MediaPackage ("the output segment duration is rounded to the nearest multiple of
 * the input segment duration", ../shared/MEDIAPACKAGE.md, segment duration rule), an output segment joins
 * {@code n = max(1, round(segmentDurationSeconds / inputTargetSeconds))} input segments. Each input segment
 * starts with a keyframe, so every output segment does too.
 *
 * <p><b>Boundaries.</b> Group {@code k} holds the entries with {@code floor(sequence / n) == k}: aligned to the
 * timeline's absolute sequence numbers, never to the first entry a process happened to see. Inside a group,
 * every discontinuity starts a new output segment (never join across a discontinuity). When the group's first
 * entry is itself a discontinuity, the group is also cut after it (at the first following entry that is not a
 * discontinuity): that keeps the numbering below gapless, see {@link #segments}.
 *
 * <p><b>Numbers.</b> The {@code i}-th output segment of group {@code k} has media sequence
 * {@code k + D + i}, where {@code D} is the number of discontinuities before the group's first entry (its
 * {@code discontinuitySequence}, minus one if it is a discontinuity itself). Group {@code k} has one output
 * segment plus one per discontinuity in it, so group {@code k + 1} starts exactly after it: the numbering has
 * no gaps and needs nothing but the group's own entries.
 *
 * <p><b>Live edge.</b> An output segment is listed only once it is complete: its group is whole, or the entry
 * that ends it (a discontinuity, the cut after one, or the next group) is in the timeline. The incomplete tail
 * is listed only when the rendition ended.
 */
public final class OutputSegmentation {

    private OutputSegmentation() {}

    /**
     * Input segments per output segment.
     *
     * @param segmentDurationSeconds the endpoint's {@code segmentDurationSeconds}
     * @param inputTargetSeconds     the input's target duration (its longest segment rounded to whole seconds, as
     *                               {@code EXT-X-TARGETDURATION}); 0 when unknown
     */
    public static int groupSize(int segmentDurationSeconds, long inputTargetSeconds) {
        if (inputTargetSeconds <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.round((double) segmentDurationSeconds / inputTargetSeconds));
    }

    /**
     * One output segment.
     *
     * @param mediaSequence its media sequence number in the output playlist
     * @param entries       the input entries it joins, consecutive, at least one
     */
    public record OutputSegment(long mediaSequence, List<TimelineEntry> entries) {
        public OutputSegment {
            entries = List.copyOf(entries);
        }

        public TimelineEntry first() {
            return entries.getFirst();
        }

        public TimelineEntry last() {
            return entries.getLast();
        }

        /** The first entry's sequence: names the segment in URLs. */
        public long firstSequence() {
            return first().sequence();
        }

        public long durationMicros() {
            long d = 0;
            for (TimelineEntry e : entries) {
                d += e.durationMicros();
            }
            return d;
        }

        /**
         * The segment as one timeline entry, as the playlist writer consumes it: its media sequence, the first
         * entry's file, discontinuity and program date time, the summed duration and size, the newest ingest time.
         */
        public TimelineEntry asEntry() {
            TimelineEntry f = first();
            long size = 0;
            long ingested = 0;
            List<String> tags = new ArrayList<>();
            for (TimelineEntry e : entries) {
                size += e.sizeBytes();
                ingested = Math.max(ingested, e.ingestedAtMillis());
                tags.addAll(e.tags());
            }
            return new TimelineEntry(mediaSequence, f.file(), durationMicros(), f.discontinuity(),
                    f.discontinuitySequence(), f.programDateTimeMillis(), size, ingested, tags, f.mediaTime90k(),
                    f.source());
        }
    }

    /**
     * The complete output segments of {@code entries}.
     *
     * @param entries ascending by sequence; leading entries before the first group start (a sequence divisible
     *                by {@code n}) are skipped, since the numbering needs a group's first entry
     * @param n       the group size, at least 1; 1 gives one output segment per entry, numbered like it
     * @param ended   the rendition ended: the incomplete tail is listed too
     */
    public static List<OutputSegment> segments(List<TimelineEntry> entries, int n, boolean ended) {
        List<OutputSegment> out = new ArrayList<>();
        if (n <= 1) {
            for (TimelineEntry e : entries) {
                out.add(new OutputSegment(e.sequence(), List.of(e)));
            }
            return out;
        }
        int i = 0;
        while (i < entries.size() && Math.floorMod(entries.get(i).sequence(), n) != 0) {
            i++;
        }
        while (i < entries.size()) {
            long k = Math.floorDiv(entries.get(i).sequence(), n);
            int end = i;
            // the group's entries present: consecutive sequences within [kn, kn + n)
            while (end < entries.size() && Math.floorDiv(entries.get(end).sequence(), n) == k
                    && entries.get(end).sequence() == entries.get(i).sequence() + (end - i)) {
                end++;
            }
            List<TimelineEntry> group = entries.subList(i, end);
            boolean whole = group.size() == n;
            cutGroup(group, k, n, whole || ended, out);
            if (!whole && !ended) {
                break; // nothing after an incomplete group is listed
            }
            if (end < entries.size() && Math.floorMod(entries.get(end).sequence(), n) != 0) {
                // sequence gap into the middle of a group: skip to the next group start
                while (end < entries.size() && Math.floorMod(entries.get(end).sequence(), n) != 0) {
                    end++;
                }
            }
            i = end;
        }
        return out;
    }

    /**
     * Cuts one group (its entries from the group's start; all of them when {@code complete}) and adds its
     * complete output segments.
     */
    private static void cutGroup(List<TimelineEntry> group, long k, int n, boolean complete, List<OutputSegment> out) {
        TimelineEntry head = group.getFirst();
        long base = k + head.discontinuitySequence() - (head.discontinuity() ? 1 : 0);
        List<Integer> cuts = new ArrayList<>();
        boolean extraPending = head.discontinuity();
        for (int j = 1; j < group.size(); j++) {
            if (group.get(j).discontinuity()) {
                cuts.add(j);
            } else if (extraPending) {
                cuts.add(j); // the cut after a group-opening discontinuity
                extraPending = false;
            }
        }
        int from = 0;
        long number = base;
        for (int cut : cuts) {
            out.add(new OutputSegment(number++, group.subList(from, cut)));
            from = cut;
        }
        // The last piece ends at the group's end: complete only when the group is (or the rendition ended).
        if (complete && from < group.size()) {
            out.add(new OutputSegment(number, group.subList(from, group.size())));
        }
    }

    /**
     * The output segment that starts at input sequence {@code firstSequence}, if it is complete.
     *
     * @param entries the group's entries from its start ({@code floor(firstSequence / n) * n}), plus the next
     *                entry when there is one
     */
    public static OutputSegment find(List<TimelineEntry> entries, int n, boolean ended, long firstSequence) {
        for (OutputSegment s : segments(entries, n, ended)) {
            if (s.firstSequence() == firstSequence) {
                return s;
            }
        }
        return null;
    }
}
