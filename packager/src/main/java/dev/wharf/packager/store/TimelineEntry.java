package dev.wharf.packager.store;

import java.util.List;

/**
 * One segment of a rendition's timeline, as the packager serves it.
 *
 * @param sequence             output media sequence number, assigned by the timeline, never reused
 * @param file                 the stored key of the segment bytes under the input's prefix: the key of the PUT the
 *                             playlist named ({@code {name}@{upload id}}, see {@link SegmentVersions}), which no later
 *                             PUT of the same name changes; in entries written before that scheme, the bare ingested
 *                             name. {@link SegmentVersions#name} gives the ingested name (its extension) for both
 * @param durationMicros       duration from the ingested EXTINF, in microseconds
 * @param discontinuity        an {@code EXT-X-DISCONTINUITY} precedes this segment
 * @param discontinuitySequence number of discontinuities in the rendition up to and including this entry, so
 *                             any window's {@code EXT-X-DISCONTINUITY-SEQUENCE} follows from its first entry
 * @param programDateTimeMillis wall-clock time of the segment start (source PDT, else derived from ingest time)
 * @param sizeBytes            size of the segment bytes
 * @param ingestedAtMillis     when the segment entered the timeline (drives retention and Last-Updated)
 * @param tags                 ingested tags kept for later stages (cue tags, date ranges), raw lines in order
 * @param mediaTime90k         the segment's first presentation time (33-bit MPEG-TS PTS, 90 kHz) read from its
 *                             bytes, or -1 when unknown; lines up redundant inputs at a failover. In a channel's
 *                             output timeline it is unwrapped: it continues past 2^33 instead of wrapping, so
 *                             fMP4 decode times derived from it never go back
 * @param source               in a channel's output timeline, the ingest endpoint whose file this is; "" in an
 *                             input's own timeline
 * @param initFile             for an fMP4 segment, the stored init segment it needs (its {@code EXT-X-MAP}): the
 *                             snapshot the ingest took of the init bytes ({@code {path}@{hash}}, never overwritten
 *                             by a later init of the same name); "" for MPEG-TS and other self-contained segments
 */
public record TimelineEntry(
        long sequence,
        String file,
        long durationMicros,
        boolean discontinuity,
        long discontinuitySequence,
        long programDateTimeMillis,
        long sizeBytes,
        long ingestedAtMillis,
        List<String> tags,
        long mediaTime90k,
        String source,
        String initFile) {

    public TimelineEntry {
        tags = List.copyOf(tags);
        source = source == null ? "" : source;
        initFile = initFile == null ? "" : initFile;
    }

    /** An entry of a self-contained segment (no init segment). */
    public TimelineEntry(long sequence, String file, long durationMicros, boolean discontinuity, long discontinuitySequence,
                         long programDateTimeMillis, long sizeBytes, long ingestedAtMillis, List<String> tags,
                         long mediaTime90k, String source) {
        this(sequence, file, durationMicros, discontinuity, discontinuitySequence, programDateTimeMillis, sizeBytes,
                ingestedAtMillis, tags, mediaTime90k, source, "");
    }

    /** An entry of an input's own timeline whose media time is not known. */
    public TimelineEntry(long sequence, String file, long durationMicros, boolean discontinuity, long discontinuitySequence,
                         long programDateTimeMillis, long sizeBytes, long ingestedAtMillis, List<String> tags) {
        this(sequence, file, durationMicros, discontinuity, discontinuitySequence, programDateTimeMillis, sizeBytes,
                ingestedAtMillis, tags, -1, "", "");
    }

    /** End of the segment's PDT, in milliseconds. */
    public long programDateTimeEndMillis() {
        return programDateTimeMillis + durationMicros / 1000;
    }
}
