package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/** {@code trex} TrackExtendsBox (ISO/IEC 14496-12 8.8.3): the defaults the fragments of a track use. */
public record TrackExtendsBox(long trackId, long defaultSampleDescriptionIndex, long defaultSampleDuration,
                              long defaultSampleSize, long defaultSampleFlags) implements Box {

    public static final String FOURCC = "trex";

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + 20;
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), FOURCC, 0, 0).u32(trackId).u32(defaultSampleDescriptionIndex)
                .u32(defaultSampleDuration).u32(defaultSampleSize).u32(defaultSampleFlags);
    }
}
