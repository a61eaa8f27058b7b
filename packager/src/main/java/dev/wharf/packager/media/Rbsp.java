package dev.wharf.packager.media;

/**
 * NAL unit payload helpers: removal of {@code emulation_prevention_three_byte}
 * (ISO/IEC 14496-10 7.3.1 and 7.4.1; identical in ISO/IEC 23008-2 7.3.1.1).
 */
final class Rbsp {

    private Rbsp() {
    }

    /**
     * Copies {@code src[offset, offset+length)} to {@code dst} without the emulation
     * prevention bytes: every {@code 0x03} that follows two zero bytes is dropped.
     * {@code dst} may be {@code src} itself with the same offset (in-place), because
     * the output never runs ahead of the input.
     *
     * @return number of bytes written to {@code dst} from index 0, at most {@code dst.length}
     */
    static int unescape(byte[] src, int offset, int length, byte[] dst) {
        int out = 0;
        int zeros = 0;
        int end = offset + length;
        for (int i = offset; i < end && out < dst.length; i++) {
            int b = src[i] & 0xFF;
            if (zeros >= 2 && b == 0x03) {
                zeros = 0;
                continue;
            }
            dst[out++] = (byte) b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out;
    }
}
