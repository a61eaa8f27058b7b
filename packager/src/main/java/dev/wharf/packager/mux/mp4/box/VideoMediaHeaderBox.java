package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code vmhd} VideoMediaHeaderBox (ISO/IEC 14496-12 12.1.2): flags 1, graphicsmode 0 (copy),
 * opcolor 0.
 */
public record VideoMediaHeaderBox() implements Box {

    public static final String FOURCC = "vmhd";

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
        w.fullBoxHeader(size(), FOURCC, 0, 1).u16(0).zeros(6);
    }
}
