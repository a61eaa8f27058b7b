package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code tfhd} TrackFragmentHeaderBox (ISO/IEC 14496-12 8.8.7). Optional fields are present when their
 * flag is set; values of absent fields are ignored (and read back as 0).
 */
public record TrackFragmentHeaderBox(int flags, long trackId, long baseDataOffset, long sampleDescriptionIndex,
                                     long defaultSampleDuration, long defaultSampleSize,
                                     long defaultSampleFlags) implements Box {

    public static final String FOURCC = "tfhd";
    public static final int BASE_DATA_OFFSET_PRESENT = 0x000001;
    public static final int SAMPLE_DESCRIPTION_INDEX_PRESENT = 0x000002;
    public static final int DEFAULT_SAMPLE_DURATION_PRESENT = 0x000008;
    public static final int DEFAULT_SAMPLE_SIZE_PRESENT = 0x000010;
    public static final int DEFAULT_SAMPLE_FLAGS_PRESENT = 0x000020;
    public static final int DURATION_IS_EMPTY = 0x010000;
    public static final int DEFAULT_BASE_IS_MOOF = 0x020000;

    /**
     * Only the track id, data offsets relative to the {@code moof}: CMAF (ISO/IEC 23000-19) requires
     * default-base-is-moof.
     */
    public static TrackFragmentHeaderBox defaultBaseIsMoof(long trackId) {
        return new TrackFragmentHeaderBox(DEFAULT_BASE_IS_MOOF, trackId, 0, 0, 0, 0, 0);
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    private boolean has(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + 4
                + (has(BASE_DATA_OFFSET_PRESENT) ? 8 : 0)
                + (has(SAMPLE_DESCRIPTION_INDEX_PRESENT) ? 4 : 0)
                + (has(DEFAULT_SAMPLE_DURATION_PRESENT) ? 4 : 0)
                + (has(DEFAULT_SAMPLE_SIZE_PRESENT) ? 4 : 0)
                + (has(DEFAULT_SAMPLE_FLAGS_PRESENT) ? 4 : 0);
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), FOURCC, 0, flags).u32(trackId);
        if (has(BASE_DATA_OFFSET_PRESENT)) {
            w.u64(baseDataOffset);
        }
        if (has(SAMPLE_DESCRIPTION_INDEX_PRESENT)) {
            w.u32(sampleDescriptionIndex);
        }
        if (has(DEFAULT_SAMPLE_DURATION_PRESENT)) {
            w.u32(defaultSampleDuration);
        }
        if (has(DEFAULT_SAMPLE_SIZE_PRESENT)) {
            w.u32(defaultSampleSize);
        }
        if (has(DEFAULT_SAMPLE_FLAGS_PRESENT)) {
            w.u32(defaultSampleFlags);
        }
    }
}
