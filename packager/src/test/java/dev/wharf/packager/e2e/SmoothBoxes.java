package dev.wharf.packager.e2e;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a Smooth Streaming fragment as a client does, independently of the writer: the top-level boxes, the
 * {@code tfxd} and {@code tfrf} uuid boxes of the traf (MS-SSTR 2.2.4.4/2.2.4.5), the trun's summed durations and
 * sample count, and whether a {@code tfdt} is present.
 */
record SmoothBoxes(List<String> topLevel, long time, long duration, List<long[]> next, long trunDuration, int samples,
                   boolean hasTfdt) {
    static final byte[] TFXD = HexFormat.of().parseHex("6D1D9B0542D544E680E2141DAFF757B2");
    static final byte[] TFRF = HexFormat.of().parseHex("D4807EF2CA3946958E5426CB9E46A79F");

    static SmoothBoxes of(byte[] fragment) {
        ByteBuffer b = ByteBuffer.wrap(fragment);
        List<String> top = new ArrayList<>();
        long[] times = {-1, -1, 0, 0, 0};
        List<long[]> next = new ArrayList<>();
        int p = 0;
        while (p + 8 <= fragment.length) {
            int size = b.getInt(p);
            String type = type(b, p);
            top.add(type);
            if (type.equals("moof")) {
                walk(b, p + 8, p + size, times, next);
            }
            p += size;
        }
        if (p != fragment.length) {
            throw new IllegalStateException("boxes end at " + p + " of " + fragment.length);
        }
        return new SmoothBoxes(top, times[0], times[1], next, times[2], (int) times[3], times[4] == 1);
    }

    private static String type(ByteBuffer b, int p) {
        return new String(new byte[] {b.get(p + 4), b.get(p + 5), b.get(p + 6), b.get(p + 7)}, StandardCharsets.ISO_8859_1);
    }

    private static void walk(ByteBuffer b, int from, int to, long[] out, List<long[]> next) {
        int p = from;
        while (p + 8 <= to) {
            int size = b.getInt(p);
            String type = type(b, p);
            int payload = p + 8;
            switch (type) {
                case "traf" -> walk(b, payload, p + size, out, next);
                case "tfdt" -> out[4] = 1;
                case "trun" -> trun(b, payload, out);
                case "uuid" -> {
                    byte[] user = Arrays.copyOfRange(b.array(), payload, payload + 16);
                    int version = b.get(payload + 16);
                    int q = payload + 20;
                    if (Arrays.equals(user, TFXD)) {
                        out[0] = version == 1 ? b.getLong(q) : Integer.toUnsignedLong(b.getInt(q));
                        out[1] = version == 1 ? b.getLong(q + 8) : Integer.toUnsignedLong(b.getInt(q + 4));
                    } else if (Arrays.equals(user, TFRF)) {
                        int count = b.get(q) & 0xFF;
                        q++;
                        for (int i = 0; i < count; i++) {
                            next.add(version == 1 ? new long[] {b.getLong(q), b.getLong(q + 8)}
                                    : new long[] {Integer.toUnsignedLong(b.getInt(q)), Integer.toUnsignedLong(b.getInt(q + 4))});
                            q += version == 1 ? 16 : 8;
                        }
                    }
                }
                default -> { }
            }
            p += size;
        }
    }

    private static void trun(ByteBuffer b, int payload, long[] out) {
        int flags = b.getInt(payload) & 0xFFFFFF;
        int count = b.getInt(payload + 4);
        int q = payload + 8 + ((flags & 0x1) != 0 ? 4 : 0) + ((flags & 0x4) != 0 ? 4 : 0);
        for (int i = 0; i < count; i++) {
            if ((flags & 0x100) != 0) {
                out[2] += Integer.toUnsignedLong(b.getInt(q));
                q += 4;
            }
            q += ((flags & 0x200) != 0 ? 4 : 0) + ((flags & 0x400) != 0 ? 4 : 0) + ((flags & 0x800) != 0 ? 4 : 0);
        }
        out[3] += count;
    }
}
