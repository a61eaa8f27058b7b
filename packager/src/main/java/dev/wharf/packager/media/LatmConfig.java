package dev.wharf.packager.media;

/**
 * LOAS/LATM stream: {@code AudioSyncStream} (ISO/IEC 14496-3 1.7.2, syncword 0x2B7) carrying an
 * {@code AudioMuxElement(1)} whose {@code StreamMuxConfig} (1.7.3) holds an {@code AudioSpecificConfig} (1.6.2.1).
 * Best effort: the first program/layer only.
 */
public final class LatmConfig {

    private LatmConfig() {
    }

    /** @return the format from the first in-band StreamMuxConfig, or null when none is found */
    public static AudioFormat find(byte[] buf, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i + 3 <= end; i++) {
            if ((buf[i] & 0xFF) != 0x56 || (buf[i + 1] & 0xE0) != 0xE0) {
                continue;
            }
            int muxLength = ((buf[i + 1] & 0x1F) << 8) | (buf[i + 2] & 0xFF);
            BitReader r = new BitReader(buf, i + 3, Math.min(muxLength, end - i - 3));
            AudioFormat f = streamMuxConfig(r);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static AudioFormat streamMuxConfig(BitReader r) {
        if (r.flag()) { // useSameStreamMux: config not repeated in this element
            return null;
        }
        int audioMuxVersion = r.bit();
        int audioMuxVersionA = audioMuxVersion == 1 ? r.bit() : 0;
        if (audioMuxVersionA != 0) {
            return null;
        }
        if (audioMuxVersion == 1) {
            latmValue(r); // taraBufferFullness
        }
        r.bit(); // allStreamsSameTimeFraming
        r.bits(6); // numSubFrames
        r.bits(4); // numProgram (first program only)
        r.bits(3); // numLayer (first layer only)
        if (audioMuxVersion == 1) {
            latmValue(r); // ascLen
        }
        // AudioSpecificConfig, 1.6.2.1
        int aot = r.bits(5);
        if (aot == 31) {
            aot = 32 + r.bits(6);
        }
        int sfIndex = r.bits(4);
        int sampleRate = sfIndex == 15 ? r.bits(24)
                : sfIndex < AdtsHeader.SAMPLE_RATES.length ? AdtsHeader.SAMPLE_RATES[sfIndex] : 0;
        int channelConfig = r.bits(4);
        if (r.overrun() || aot == 0 || sampleRate == 0) {
            return null;
        }
        return new AudioFormat("mp4a.40." + aot, sampleRate, AdtsHeader.channels(channelConfig));
    }

    /** 1.7.3 LatmGetValue. */
    private static long latmValue(BitReader r) {
        int bytesForValue = r.bits(2);
        long value = 0;
        for (int i = 0; i <= bytesForValue; i++) {
            value = (value << 8) | r.bits(8);
        }
        return value;
    }
}
