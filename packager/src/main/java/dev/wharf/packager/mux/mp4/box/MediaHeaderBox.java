package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code mdhd} MediaHeaderBox (ISO/IEC 14496-12 8.4.2): the media timescale and the language, an
 * ISO 639-2/T code packed as three 5-bit letters ({@code letter - 0x60}). Times are 0.
 */
public record MediaHeaderBox(long timescale, long duration, String language) implements Box {

    public static final String FOURCC = "mdhd";

    public MediaHeaderBox {
        packLanguage(language); // validates
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    public int version() {
        return duration > 0xFFFF_FFFFL ? 1 : 0;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + (version() == 1 ? 28 : 16) + 4;
    }

    @Override
    public void write(BoxWriter w) {
        int version = version();
        w.fullBoxHeader(size(), FOURCC, version, 0);
        if (version == 1) {
            w.u64(0).u64(0).u32(timescale).u64(duration);
        } else {
            w.u32(0).u32(0).u32(timescale).u32(duration);
        }
        w.u16(packLanguage(language)).u16(0);
    }

    /** Packs a three-letter lower-case ISO 639-2/T code: {@code "und"} is {@code 0x55C4}. */
    public static int packLanguage(String language) {
        if (language == null || language.length() != 3) {
            throw new IllegalArgumentException("not an ISO 639-2/T code: '" + language + "'");
        }
        int packed = 0;
        for (int i = 0; i < 3; i++) {
            char c = language.charAt(i);
            if (c < 'a' || c > 'z') {
                throw new IllegalArgumentException("not an ISO 639-2/T code: '" + language + "'");
            }
            packed = (packed << 5) | (c - 0x60);
        }
        return packed;
    }
}
