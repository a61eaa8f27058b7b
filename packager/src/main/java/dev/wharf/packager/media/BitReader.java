package dev.wharf.packager.media;

/**
 * MSB-first bit reader over a byte range, with the Exp-Golomb readers of
 * ISO/IEC 14496-10 clause 9.1 ({@code ue(v)}, {@code se(v)}) that ISO/IEC 23008-2 reuses.
 *
 * <p>It never throws on short input: reading past the end yields zero bits and sets
 * {@link #overrun()}, so a parser reads a whole structure and checks once at the end.
 */
final class BitReader {

    private final byte[] data;
    private final long endBit;
    private long bitPos;
    private boolean overrun;

    BitReader(byte[] data, int offset, int length) {
        this.data = data;
        this.bitPos = (long) offset << 3;
        this.endBit = (long) (offset + length) << 3;
    }

    /** True once any read went past the end of the range (or an Exp-Golomb code was malformed). */
    boolean overrun() {
        return overrun;
    }

    /** Marks the data as malformed; later reads keep working but the result must be discarded. */
    void fail() {
        overrun = true;
    }

    int bitsLeft() {
        return (int) Math.max(0, endBit - bitPos);
    }

    boolean flag() {
        return bit() == 1;
    }

    int bit() {
        if (bitPos >= endBit) {
            overrun = true;
            return 0;
        }
        int b = (data[(int) (bitPos >>> 3)] >> (7 - (int) (bitPos & 7))) & 1;
        bitPos++;
        return b;
    }

    /** Reads {@code n} (0..32) bits as an unsigned value. */
    long bitsLong(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | bit();
        }
        return v;
    }

    /** Reads {@code n} (0..31) bits as an unsigned value: {@code u(n)}. */
    int bits(int n) {
        if (n <= 0) {
            return 0;
        }
        // Fast path: whole field inside the range, gather through up to 5 bytes.
        if (bitPos + n <= endBit && n <= 25) {
            int byteIdx = (int) (bitPos >>> 3);
            int shift = (int) (bitPos & 7);
            int acc = 0;
            int needed = shift + n;
            int bytes = (needed + 7) >>> 3;
            for (int i = 0; i < bytes; i++) {
                acc = (acc << 8) | (data[byteIdx + i] & 0xFF);
            }
            bitPos += n;
            return (acc >>> ((bytes << 3) - needed)) & ((1 << n) - 1);
        }
        return (int) bitsLong(n);
    }

    void skip(long n) {
        if (n < 0 || bitPos + n > endBit) {
            bitPos = endBit;
            overrun = true;
            return;
        }
        bitPos += n;
    }

    /** {@code ue(v)}: unsigned Exp-Golomb (ISO/IEC 14496-10 9.1). Malformed codes (more than 31 leading zeros) fail. */
    int ue() {
        int zeros = 0;
        while (bit() == 0) {
            if (overrun || ++zeros > 31) {
                overrun = true;
                return 0;
            }
        }
        if (zeros == 0) {
            return 0;
        }
        long v = (1L << zeros) - 1 + bitsLong(zeros);
        if (v > Integer.MAX_VALUE) {
            overrun = true;
            return 0;
        }
        return (int) v;
    }

    /** {@code se(v)}: signed Exp-Golomb (ISO/IEC 14496-10 9.1.1). */
    int se() {
        int k = ue();
        return (k & 1) != 0 ? (k + 1) >>> 1 : -(k >>> 1);
    }
}
