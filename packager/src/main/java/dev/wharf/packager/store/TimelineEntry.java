package dev.wharf.packager.store;

import java.util.List;

/**
 * One segment of a rendition's timeline, as the packager serves it.
 *
 * @param sequence             output media sequence number, assigned by the timeline, never reused
 * @param file                 the ingested file name (under the input's prefix) holding the segment bytes
 * @param durationMicros       duration from the ingested EXTINF, in microseconds
 * @param discontinuity        an {@code EXT-X-DISCONTINUITY} precedes this segment
 * @param discontinuitySequence number of discontinuities in the rendition up to and including this entry, so
 *                             any window's {@code EXT-X-DISCONTINUITY-SEQUENCE} follows from its first entry
 * @param programDateTimeMillis wall-clock time of the segment start (source PDT, else derived from ingest time)
 * @param sizeBytes            size of the segment bytes
 * @param ingestedAtMillis     when the segment entered the timeline (drives retention and Last-Updated)
 * @param tags                 ingested tags kept for later stages (cue tags, date ranges), raw lines in order
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
        List<String> tags) {

    public TimelineEntry {
        tags = List.copyOf(tags);
    }
}
