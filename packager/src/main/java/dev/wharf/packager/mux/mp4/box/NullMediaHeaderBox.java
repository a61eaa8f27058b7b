package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code nmhd} NullMediaHeaderBox (ISO/IEC 14496-12 8.4.5.2): an empty full box, the media header of
 * timed text tracks (handler {@code text}, 12.5.2) such as WebVTT (ISO/IEC 14496-30). Subtitle tracks
 * (handler {@code subt}, TTML) use {@link SubtitleMediaHeaderBox} instead.
 */
public record NullMediaHeaderBox() implements Box {

    public static final String FOURCC = "nmhd";

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
