package dev.wharf.packager.store;

/**
 * The bookkeeping of one rendition's timeline, updated together with its entries by compare-and-set.
 *
 * @param version              incremented on every update; the compare-and-set token
 * @param nextSequence         the output sequence number the next appended segment gets
 * @param lastIngestSequence   the encoder's media sequence number of the last appended segment (-1: none)
 * @param lastFile             the file name of the last appended segment ("" when none)
 * @param discontinuityCount   discontinuities appended so far (the last entry's discontinuity sequence)
 * @param maxDurationMicros    the longest segment seen, for a TARGETDURATION that never shrinks
 * @param ended                the encoder's last playlist carried {@code EXT-X-ENDLIST}
 * @param updatedAtMillis      wall-clock time of the last change
 */
public record RenditionState(
        long version,
        long nextSequence,
        long lastIngestSequence,
        String lastFile,
        long discontinuityCount,
        long maxDurationMicros,
        boolean ended,
        long updatedAtMillis) {

    public static final RenditionState EMPTY = new RenditionState(0, 0, -1, "", 0, 0, false, 0);
}
