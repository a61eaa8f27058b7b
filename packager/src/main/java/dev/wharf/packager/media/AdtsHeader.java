package dev.wharf.packager.media;

/**
 * ADTS frame header, ISO/IEC 13818-7 6.2.1 ({@code adts_fixed_header}) and ISO/IEC 14496-3 1.A.2.2.1.
 */
public final class AdtsHeader {

    /** ISO/IEC 14496-3 Table 1.18 sampling frequencies by {@code sampling_frequency_index}. */
    static final int[] SAMPLE_RATES = {
            96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    private AdtsHeader() {
    }

    /**
     * Finds the first plausible ADTS header in the range and decodes it. The AAC profile maps to
     * audio object type {@code profile + 1} (ISO/IEC 14496-3 1.A.2.2.1), so AAC-LC gives {@code mp4a.40.2};
     * SBR/PS (HE-AAC) are implicit in ADTS and are not detected.
     *
     * @return the format, or null when no valid header is found
     */
    public static AudioFormat find(byte[] buf, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i + 7 <= end; i++) {
            if ((buf[i] & 0xFF) != 0xFF || (buf[i + 1] & 0xF6) != 0xF0) { // syncword, layer == 0
                continue;
            }
            int profile = (buf[i + 2] & 0xFF) >>> 6;
            int sfIndex = (buf[i + 2] >>> 2) & 0x0F;
            int channelConfig = ((buf[i + 2] & 0x01) << 2) | ((buf[i + 3] & 0xFF) >>> 6);
            int frameLength = ((buf[i + 3] & 0x03) << 11) | ((buf[i + 4] & 0xFF) << 3) | ((buf[i + 5] & 0xFF) >>> 5);
            if (sfIndex >= SAMPLE_RATES.length || frameLength < 7) {
                continue;
            }
            // A following header at frame_length, when it is in range, must also be a sync word.
            int next = i + frameLength;
            if (next + 2 <= end && ((buf[next] & 0xFF) != 0xFF || (buf[next + 1] & 0xF6) != 0xF0)) {
                continue;
            }
            return new AudioFormat("mp4a.40." + (profile + 1), SAMPLE_RATES[sfIndex], channels(channelConfig));
        }
        return null;
    }

    /** ISO/IEC 14496-3 Table 1.19 channelConfiguration; 0 means "defined in the stream" (unknown here). */
    static int channels(int channelConfig) {
        return switch (channelConfig) {
            case 1, 2, 3, 4, 5, 6 -> channelConfig;
            case 7 -> 8;
            default -> 0;
        };
    }
}
