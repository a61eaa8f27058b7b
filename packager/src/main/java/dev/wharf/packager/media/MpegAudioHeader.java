package dev.wharf.packager.media;

/**
 * MPEG-1/2 audio frame header, ISO/IEC 11172-3 2.4.1.3 and ISO/IEC 13818-3 (lower sampling frequencies),
 * plus the unofficial MPEG-2.5 extension. Reported as {@code mp4a.40.34} (MPEG-1/2 Layer 1-3 object type).
 */
public final class MpegAudioHeader {

    private static final int[] MPEG1_SAMPLE_RATES = {44100, 48000, 32000};

    private MpegAudioHeader() {
    }

    /** @return the format of the first valid frame header in range, or null */
    public static AudioFormat find(byte[] buf, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i + 4 <= end; i++) {
            if ((buf[i] & 0xFF) != 0xFF || (buf[i + 1] & 0xE0) != 0xE0) {
                continue;
            }
            int version = (buf[i + 1] >>> 3) & 0x03; // 0: 2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
            int layer = (buf[i + 1] >>> 1) & 0x03; // 0: reserved
            int bitrateIndex = (buf[i + 2] & 0xFF) >>> 4;
            int sfIndex = (buf[i + 2] >>> 2) & 0x03;
            int mode = (buf[i + 3] & 0xFF) >>> 6;
            if (version == 1 || layer == 0 || bitrateIndex == 15 || sfIndex == 3) {
                continue;
            }
            int divisor = version == 3 ? 1 : version == 2 ? 2 : 4;
            return new AudioFormat("mp4a.40.34", MPEG1_SAMPLE_RATES[sfIndex] / divisor, mode == 3 ? 1 : 2);
        }
        return null;
    }
}
