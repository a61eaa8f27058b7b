package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.List;

/**
 * AudioSampleEntry version 0 (ISO/IEC 14496-12 12.2.3): {@code mp4a} (ISO/IEC 14496-14 6.7, with
 * {@code esds}), {@code ac-3} and {@code ec-3} (ETSI TS 102 366 F.3/F.5, with {@code dac3}/{@code dec3}).
 *
 * <p>{@code samplerate} is 16.16 fixed point, so a rate above 65535 Hz cannot be written in version 0;
 * such a rate is written as 0, and decoders take the rate from the codec configuration (AudioSpecificConfig,
 * dac3/dec3), as ISO/IEC 14496-14 and TS 102 366 tell them to anyway.
 */
public record AudioSampleEntry(String fourcc, int dataReferenceIndex, int channelCount, int sampleSize,
                               int sampleRate, List<Box> children) implements Box {

    public static final String MP4A = "mp4a";
    public static final String AC3 = "ac-3";
    public static final String EC3 = "ec-3";

    public AudioSampleEntry {
        children = List.copyOf(children);
    }

    /** The rate as written (0 when it does not fit 16 bits). */
    public int writtenSampleRate() {
        return sampleRate > 0xFFFF ? 0 : sampleRate;
    }

    @Override
    public long size() {
        return BoxWriter.BOX_HEADER_SIZE + 28 + Box.sizeOf(children);
    }

    @Override
    public void write(BoxWriter w) {
        w.boxHeader(size(), fourcc).zeros(6).u16(dataReferenceIndex)
                .zeros(8).u16(channelCount).u16(sampleSize).u16(0).u16(0)
                .fixed16x16(writtenSampleRate());
        for (Box child : children) {
            child.write(w);
        }
    }
}
