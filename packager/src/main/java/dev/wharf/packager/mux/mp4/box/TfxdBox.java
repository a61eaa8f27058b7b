package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.HexFormat;

/**
 * Smooth Streaming {@code TfxdBox} (MS-SSTR 2.2.4.4): a {@code uuid} box in the {@code traf} of a live
 * fragment carrying the fragment's absolute time and duration, in the track's timescale (10 MHz here).
 * Always version 1 (64-bit fields): 10 MHz passes 2^32 after seven minutes.
 */
public record TfxdBox(long fragmentAbsoluteTime, long fragmentDuration) implements Box {

    public static final String FOURCC = "uuid";
    /** 6D1D9B05-42D5-44E6-80E2-141DAFF757B2 */
    public static final byte[] USER_TYPE = HexFormat.of().parseHex("6d1d9b0542d544e680e2141daff757b2");

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.BOX_HEADER_SIZE + 16 + 4 + 16;
    }

    @Override
    public void write(BoxWriter w) {
        w.boxHeader(size(), FOURCC).bytes(USER_TYPE).u8(1).u24(0).u64(fragmentAbsoluteTime).u64(fragmentDuration);
    }
}
