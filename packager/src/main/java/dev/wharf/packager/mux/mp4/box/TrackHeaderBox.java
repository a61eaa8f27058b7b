package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * {@code tkhd} TrackHeaderBox (ISO/IEC 14496-12 8.3.2). Times are 0 (deterministic output), layer 0,
 * unity matrix; version 1 only when the duration needs 64 bits.
 *
 * @param flags          {@link #ENABLED} | {@link #IN_MOVIE} | ...
 * @param volume         8.8 fixed point: {@code 0x0100} for audio, 0 otherwise
 * @param width          presentation width in pixels (written as 16.16), 0 for non-visual tracks
 * @param height         presentation height in pixels (written as 16.16)
 */
public record TrackHeaderBox(int flags, long trackId, long duration, int alternateGroup, int volume,
                             int width, int height) implements Box {

    public static final String FOURCC = "tkhd";
    public static final int ENABLED = 0x000001;
    public static final int IN_MOVIE = 0x000002;
    public static final int IN_PREVIEW = 0x000004;

    @Override
    public String fourcc() {
        return FOURCC;
    }

    public int version() {
        return duration > 0xFFFF_FFFFL ? 1 : 0;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + (version() == 1 ? 32 : 20) + 60;
    }

    @Override
    public void write(BoxWriter w) {
        int version = version();
        w.fullBoxHeader(size(), FOURCC, version, flags);
        if (version == 1) {
            w.u64(0).u64(0).u32(trackId).u32(0).u64(duration);
        } else {
            w.u32(0).u32(0).u32(trackId).u32(0).u32(duration);
        }
        w.zeros(8).u16(0).u16(alternateGroup).u16(volume).u16(0);
        MovieHeaderBox.writeMatrix(w);
        w.fixed16x16(width).fixed16x16(height);
    }
}
