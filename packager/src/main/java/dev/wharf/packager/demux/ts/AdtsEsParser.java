package dev.wharf.packager.demux.ts;

import dev.wharf.packager.sample.TrackFormat;
import java.util.List;

/**
 * AAC in ADTS (ISO/IEC 13818-7 6.2 / ISO/IEC 14496-3 1.A.2): one sample per ADTS frame, header (7 bytes, 9 with
 * CRC) stripped. The format comes from the first header: timescale and sample rate are the sampling frequency,
 * the decoder configuration is the 2-byte AudioSpecificConfig (14496-3 1.6.2.1: audioObjectType = profile + 1,
 * samplingFrequencyIndex, channelConfiguration, GASpecificConfig all zero). HE-AAC signalled implicitly is
 * described as what the ADTS header says (AAC-LC at the core rate), as in the header itself.
 */
final class AdtsEsParser extends AudioFrameParser {

    private static final int[] SAMPLE_RATES = {
            96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    private final String language;
    private int configKey = -1;
    private int headerLength;
    private int frameSamples;

    AdtsEsParser(TrackOutput out, String language) {
        super(out);
        this.language = language;
    }

    @Override
    int frameLength(byte[] b, int i, int avail) {
        if (avail < 7) {
            return avail >= 2 && !syncAt(b, i) ? NO_SYNC : NEED_MORE;
        }
        if (!syncAt(b, i)) {
            return NO_SYNC;
        }
        int sfIndex = (b[i + 2] >>> 2) & 0x0F;
        int frameLength = ((b[i + 3] & 0x03) << 11) | ((b[i + 4] & 0xFF) << 3) | ((b[i + 5] & 0xFF) >>> 5);
        int hl = (b[i + 1] & 0x01) != 0 ? 7 : 9;
        if (sfIndex >= SAMPLE_RATES.length || frameLength <= hl) {
            return NO_SYNC;
        }
        int key = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xC0); // profile, sf index, channel configuration
        if (key != configKey) {
            configKey = key;
            newFormat(b[i + 2] & 0xFF, b[i + 3] & 0xFF);
        }
        sampleRate = SAMPLE_RATES[sfIndex];
        headerLength = hl;
        frameSamples = 1024 * ((b[i + 6] & 0x03) + 1); // number_of_raw_data_blocks_in_frame + 1
        return frameLength;
    }

    private static boolean syncAt(byte[] b, int i) {
        return (b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xF6) == 0xF0; // syncword, layer 0
    }

    private void newFormat(int b2, int b3) {
        int objectType = (b2 >>> 6) + 1;
        int sfIndex = (b2 >>> 2) & 0x0F;
        int channelConfig = ((b2 & 0x01) << 2) | (b3 >>> 6);
        byte[] asc = DecoderConfigs.audioSpecificConfig(objectType, sfIndex, channelConfig);
        int rate = SAMPLE_RATES[sfIndex];
        int channels = channelConfig == 7 ? 8 : channelConfig;
        out.format(new TrackFormat(out.trackId, TrackFormat.Kind.AUDIO, "mp4a.40." + objectType, rate, 0, 0, rate,
                channels, language, asc, List.of()));
    }

    @Override
    int frame(byte[] b, int i, int length, long time) {
        out.sample(time, time, true, b, i + headerLength, length - headerLength);
        return frameSamples;
    }
}
