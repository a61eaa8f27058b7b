package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.HexFormat;
import java.util.List;

/**
 * Smooth Streaming {@code TfrfBox} (MS-SSTR 2.2.4.5): a {@code uuid} box in the {@code traf} of a live
 * fragment announcing the absolute times and durations of the next fragments of the same track, so a
 * client can extend its chunk list without reloading the manifest. Version 1 (64-bit fields).
 *
 * <p>{@code FragmentCount} is one byte: the ABNF of MS-SSTR ({@code UNSIGNED_INT8}), IIS, dash.js and
 * mp4box.js agree, although the field table of 2.2.4.5 says "4 byte".
 */
public record TfrfBox(List<Entry> entries) implements Box {

    public static final String FOURCC = "uuid";
    /** D4807EF2-CA39-4695-8E54-26CB9E46A79F */
    public static final byte[] USER_TYPE = HexFormat.of().parseHex("d4807ef2ca3946958e5426cb9e46a79f");

    /** One subsequent fragment: its absolute time and duration. */
    public record Entry(long fragmentAbsoluteTime, long fragmentDuration) {}

    public TfrfBox {
        entries = List.copyOf(entries);
        if (entries.size() > 255) {
            throw new IllegalArgumentException(entries.size() + " tfrf entries: FragmentCount is one byte");
        }
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.BOX_HEADER_SIZE + 16 + 4 + 1 + 16L * entries.size();
    }

    @Override
    public void write(BoxWriter w) {
        w.boxHeader(size(), FOURCC).bytes(USER_TYPE).u8(1).u24(0).u8(entries.size());
        for (Entry e : entries) {
            w.u64(e.fragmentAbsoluteTime()).u64(e.fragmentDuration());
        }
    }
}
