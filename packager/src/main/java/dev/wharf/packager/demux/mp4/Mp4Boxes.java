package dev.wharf.packager.demux.mp4;

/**
 * Reads ISO BMFF box headers and big-endian fields in place (ISO/IEC 14496-12 4.2): no payload is
 * copied, a box is its offset and size in the caller's array. Box types are compared as 32-bit ints.
 */
final class Mp4Boxes {
    private Mp4Boxes() {}

    static int fourcc(String s) {
        return (s.charAt(0) & 0xFF) << 24 | (s.charAt(1) & 0xFF) << 16 | (s.charAt(2) & 0xFF) << 8 | (s.charAt(3) & 0xFF);
    }

    static String name(int fourcc) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int v = fourcc >>> (24 - 8 * i) & 0xFF;
            c[i] = v >= 0x20 && v < 0x7F ? (char) v : '?';
        }
        return new String(c);
    }

    static int u8(byte[] b, int p) {
        return b[p] & 0xFF;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    static int u24(byte[] b, int p) {
        return (b[p] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF);
    }

    static int i32(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    static long u32(byte[] b, int p) {
        return i32(b, p) & 0xFFFF_FFFFL;
    }

    static long u64(byte[] b, int p) {
        return u32(b, p) << 32 | u32(b, p + 4);
    }

    /**
     * A cursor over the boxes between {@code from} and {@code to}. After {@link #next()} returns true,
     * {@link #type}, {@link #start}, {@link #payload} and {@link #end} describe the box. A box whose size
     * is below its header or runs past {@code to} ends the walk with {@link #truncated} set; size 0 (to the
     * end, 4.2) is accepted for the last box.
     */
    static final class Cursor {
        private final byte[] b;
        private final int to;
        private int next;
        int type;
        int start;
        int payload;
        int end;
        /** The walk stopped at a box that does not fit (its declared size), or at a partial header. */
        boolean truncated;
        /** The declared size of the box that did not fit. */
        long badSize;
        /** Where the box that did not fit starts. */
        int badAt;
        /** Its type, 0 when its header did not fit either. */
        int badType;

        Cursor(byte[] b, int from, int to) {
            this.b = b;
            this.next = from;
            this.to = to;
        }

        boolean next() {
            if (next >= to || truncated) {
                return false;
            }
            int p = next;
            badAt = p;
            if (to - p < 8) {
                truncated = true;
                badSize = to - p;
                return false;
            }
            long size = u32(b, p);
            int header = 8;
            if (size == 1) {
                if (to - p < 16) {
                    truncated = true;
                    badSize = 1;
                    return false;
                }
                size = u64(b, p + 8);
                header = 16;
            } else if (size == 0) {
                size = to - p;
            }
            if (size < header || size > to - p) {
                truncated = true;
                badType = i32(b, p + 4);
                badSize = size;
                return false;
            }
            type = i32(b, p + 4);
            start = p;
            payload = p + header;
            end = (int) (p + size);
            next = end;
            return true;
        }

        /** Bytes in the current box's payload. */
        int payloadSize() {
            return end - payload;
        }
    }

    /** The first child box of type {@code type} in {@code [from, to)}, as a cursor positioned on it, or null. */
    static Cursor find(byte[] b, int from, int to, int type) {
        Cursor c = new Cursor(b, from, to);
        while (c.next()) {
            if (c.type == type) {
                return c;
            }
        }
        return null;
    }
}
