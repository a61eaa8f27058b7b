package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.List;

/**
 * {@code trun} TrackRunBox (ISO/IEC 14496-12 8.8.8): the samples of a track in a fragment. Version 1
 * has signed composition time offsets (CMAF allows them, and they spare an edit list); each per-sample field is present
 * when its flag is set.
 *
 * @param dataOffset       offset of the first sample's data from the base (the {@code moof} with
 *                         default-base-is-moof), when {@link #DATA_OFFSET_PRESENT}
 * @param firstSampleFlags when {@link #FIRST_SAMPLE_FLAGS_PRESENT}
 */
public record TrackRunBox(int version, int flags, int dataOffset, long firstSampleFlags, List<Entry> entries)
        implements Box {

    public static final String FOURCC = "trun";
    public static final int DATA_OFFSET_PRESENT = 0x000001;
    public static final int FIRST_SAMPLE_FLAGS_PRESENT = 0x000004;
    public static final int SAMPLE_DURATION_PRESENT = 0x000100;
    public static final int SAMPLE_SIZE_PRESENT = 0x000200;
    public static final int SAMPLE_FLAGS_PRESENT = 0x000400;
    public static final int SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT = 0x000800;

    /** Sample flags (8.8.3.1) of a sync sample: sample_depends_on 2 (an I picture), is_non_sync_sample 0. */
    public static final int SYNC_SAMPLE_FLAGS = 0x0200_0000;
    /** Sample flags of a non-sync sample: sample_depends_on 1, is_non_sync_sample 1. */
    public static final int NON_SYNC_SAMPLE_FLAGS = 0x0101_0000;

    /**
     * One sample. {@code compositionTimeOffset} is signed in version 1 and unsigned in version 0, so
     * a version 0 box reads back offsets above 2^31 - 1 as negative ints: it is the same 32 bits.
     */
    public record Entry(long duration, long size, int flags, int compositionTimeOffset) { }

    public TrackRunBox {
        entries = List.copyOf(entries);
        if (version != 0 && version != 1) {
            throw new IllegalArgumentException("trun version " + version);
        }
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    private boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Bytes per sample entry for these flags. */
    public int entrySize() {
        return (has(SAMPLE_DURATION_PRESENT) ? 4 : 0) + (has(SAMPLE_SIZE_PRESENT) ? 4 : 0)
                + (has(SAMPLE_FLAGS_PRESENT) ? 4 : 0) + (has(SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT) ? 4 : 0);
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + 4
                + (has(DATA_OFFSET_PRESENT) ? 4 : 0) + (has(FIRST_SAMPLE_FLAGS_PRESENT) ? 4 : 0)
                + (long) entrySize() * entries.size();
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), FOURCC, version, flags).u32(entries.size());
        if (has(DATA_OFFSET_PRESENT)) {
            w.i32(dataOffset);
        }
        if (has(FIRST_SAMPLE_FLAGS_PRESENT)) {
            w.u32(firstSampleFlags);
        }
        boolean duration = has(SAMPLE_DURATION_PRESENT);
        boolean size = has(SAMPLE_SIZE_PRESENT);
        boolean sampleFlags = has(SAMPLE_FLAGS_PRESENT);
        boolean cto = has(SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT);
        for (Entry e : entries) {
            if (duration) {
                w.u32(e.duration());
            }
            if (size) {
                w.u32(e.size());
            }
            if (sampleFlags) {
                w.i32(e.flags());
            }
            if (cto) {
                w.i32(e.compositionTimeOffset());
            }
        }
    }
}
