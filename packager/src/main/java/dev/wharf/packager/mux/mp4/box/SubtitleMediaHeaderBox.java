package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/** {@code sthd} SubtitleMediaHeaderBox (ISO/IEC 14496-12 12.6.2): an empty full box. */
public record SubtitleMediaHeaderBox() implements Box {

    public static final String FOURCC = "sthd";

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE;
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), FOURCC, 0, 0);
    }
}
