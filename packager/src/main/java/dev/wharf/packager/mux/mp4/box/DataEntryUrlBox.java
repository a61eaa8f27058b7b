package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code url } DataEntryUrlBox (ISO/IEC 14496-12 8.7.2): only the self-contained form (flags 1, no
 * location: the media data is in the same file).
 */
public record DataEntryUrlBox() implements Box {

    public static final String FOURCC = "url ";
    public static final int SELF_CONTAINED = 0x000001;

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
        w.fullBoxHeader(size(), FOURCC, 0, SELF_CONTAINED);
    }
}
