package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code mvhd} MovieHeaderBox (ISO/IEC 14496-12 8.2.2). Creation and modification times are always 0
 * (output must be deterministic); rate 1.0, volume 1.0, unity matrix. Version 1 only when the
 * duration needs 64 bits.
 */
public record MovieHeaderBox(long timescale, long duration, long nextTrackId) implements Box {

    public static final String FOURCC = "mvhd";

    /** The unity transformation matrix (8.2.2.3), shared with {@code tkhd}. */
    static final int[] UNITY_MATRIX = {0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000};

    @Override
    public String fourcc() {
        return FOURCC;
    }

    public int version() {
        return duration > 0xFFFF_FFFFL ? 1 : 0;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + (version() == 1 ? 28 : 16) + 80;
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
        w.fixed16x16(1).fixed8x8(1).zeros(2 + 8);
        writeMatrix(w);
        w.zeros(24).u32(nextTrackId);
    }

    static void writeMatrix(BoxWriter w) {
        for (int m : UNITY_MATRIX) {
            w.u32(m & 0xFFFF_FFFFL);
        }
    }
}
