package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code tfdt} TrackFragmentBaseMediaDecodeTimeBox (ISO/IEC 14496-12 8.8.12): the decode time of the
 * fragment's first sample in media timescale. Always version 1 (64 bits): a 90 kHz clock overflows
 * 32 bits after 13 hours, well within a live channel's life.
 */
public record TrackFragmentBaseMediaDecodeTimeBox(long baseMediaDecodeTime) implements Box {

    public static final String FOURCC = "tfdt";

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + 8;
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), FOURCC, 1, 0).u64(baseMediaDecodeTime);
    }
}
