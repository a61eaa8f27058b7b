package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/** {@code mfhd} MovieFragmentHeaderBox (ISO/IEC 14496-12 8.8.5): the fragment's sequence number. */
public record MovieFragmentHeaderBox(long sequenceNumber) implements Box {

    public static final String FOURCC = "mfhd";

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + 4;
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), FOURCC, 0, 0).u32(sequenceNumber);
    }
}
