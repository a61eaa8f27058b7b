package dev.wharf.packager.e2e;

import java.nio.ByteBuffer;

/** Reads what a continuity check needs from a one-track fMP4 fragment: tfdt and the sum of trun durations. */
record Fmp4Times(long sequenceNumber, long baseMediaDecodeTime, long durationTicks, int samples) {

    static Fmp4Times of(byte[] fragment) {
        long[] out = {-1, -1, 0, 0};
        walk(ByteBuffer.wrap(fragment), 0, fragment.length, out);
        return new Fmp4Times(out[0], out[1], out[2], (int) out[3]);
    }

    private static void walk(ByteBuffer b, int from, int to, long[] out) {
        int p = from;
        while (p + 8 <= to) {
            long size = Integer.toUnsignedLong(b.getInt(p));
            String type = new String(new byte[] {b.get(p + 4), b.get(p + 5), b.get(p + 6), b.get(p + 7)},
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                size = b.getLong(p + 8);
                header = 16;
            }
            int end = (int) (p + size);
            int payload = p + header;
            switch (type) {
                case "moof", "traf" -> walk(b, payload, end, out);
                case "mfhd" -> out[0] = Integer.toUnsignedLong(b.getInt(payload + 4));
                case "tfdt" -> out[1] = b.get(payload) == 1 ? b.getLong(payload + 4)
                        : Integer.toUnsignedLong(b.getInt(payload + 4));
                case "trun" -> trun(b, payload, out);
                default -> { }
            }
            p = end;
        }
    }

    private static void trun(ByteBuffer b, int payload, long[] out) {
        int flags = b.getInt(payload) & 0xFFFFFF;
        int count = b.getInt(payload + 4);
        int q = payload + 8;
        if ((flags & 0x1) != 0) {
            q += 4;
        }
        if ((flags & 0x4) != 0) {
            q += 4;
        }
        for (int i = 0; i < count; i++) {
            if ((flags & 0x100) != 0) {
                out[2] += Integer.toUnsignedLong(b.getInt(q));
                q += 4;
            }
            if ((flags & 0x200) != 0) {
                q += 4;
            }
            if ((flags & 0x400) != 0) {
                q += 4;
            }
            if ((flags & 0x800) != 0) {
                q += 4;
            }
        }
        out[3] += count;
    }
}
