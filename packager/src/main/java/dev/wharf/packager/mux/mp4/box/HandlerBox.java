package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code hdlr} HandlerReferenceBox (ISO/IEC 14496-12 8.4.3): the media type of a track and a
 * human-readable name (null-terminated UTF-8).
 */
public record HandlerBox(String handlerType, String name) implements Box {

    public static final String FOURCC = "hdlr";
    public static final String VIDEO = "vide";
    public static final String SOUND = "soun";
    public static final String TEXT = "text";

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + 4 + 4 + 12 + BoxWriter.utf8zSize(name);
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), FOURCC, 0, 0).u32(0).fourcc(handlerType).zeros(12).utf8z(name);
    }
}
