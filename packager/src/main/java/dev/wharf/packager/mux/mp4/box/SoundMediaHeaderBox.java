package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/** {@code smhd} SoundMediaHeaderBox (ISO/IEC 14496-12 12.2.2): balance 0 (centre). */
public record SoundMediaHeaderBox() implements Box {

    public static final String FOURCC = "smhd";

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
        w.fullBoxHeader(size(), FOURCC, 0, 0).u16(0).u16(0);
    }
}
