package dev.wharf.packager.media;

import java.io.ByteArrayOutputStream;

/** Test helper: MSB-first bit writer with Exp-Golomb codes, to hand-build parameter sets. */
final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int cur;
    private int n;

    BitWriter u(int bits, long value) {
        for (int i = bits - 1; i >= 0; i--) {
            cur = (cur << 1) | (int) ((value >>> i) & 1);
            if (++n == 8) {
                out.write(cur);
                cur = 0;
                n = 0;
            }
        }
        return this;
    }

    BitWriter flag(boolean b) {
        return u(1, b ? 1 : 0);
    }

    BitWriter ue(long v) {
        long x = v + 1;
        int len = 64 - Long.numberOfLeadingZeros(x);
        u(len - 1, 0);
        return u(len, x);
    }

    BitWriter se(long v) {
        return ue(v > 0 ? 2 * v - 1 : -2 * v);
    }

    /** rbsp_trailing_bits and the bytes. */
    byte[] rbsp() {
        u(1, 1);
        while (n != 0) {
            u(1, 0);
        }
        return out.toByteArray();
    }

    /** Inserts emulation_prevention_three_byte where the RBSP would contain 00 00 0x (x <= 3). */
    static byte[] escape(byte[] rbsp) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int zeros = 0;
        for (byte value : rbsp) {
            int b = value & 0xFF;
            if (zeros >= 2 && b <= 3) {
                o.write(3);
                zeros = 0;
            }
            o.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return o.toByteArray();
    }
}
