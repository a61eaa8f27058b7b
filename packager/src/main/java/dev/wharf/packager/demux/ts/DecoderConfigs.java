package dev.wharf.packager.demux.ts;

import dev.wharf.packager.media.Ac3SyncFrame;
import dev.wharf.packager.media.AvcSps;
import dev.wharf.packager.media.HevcSps;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The codec configuration records of {@link dev.wharf.packager.sample.TrackFormat#decoderConfig()}, i.e. the
 * payloads of the {@code avcC}, {@code hvcC}, {@code esds} (DecoderSpecificInfo), {@code dac3} and {@code dec3} boxes.
 */
public final class DecoderConfigs {

    private DecoderConfigs() {
    }

    /**
     * AVCDecoderConfigurationRecord, ISO/IEC 14496-15 5.3.3.1.2: version 1, profile/compatibility/level copied
     * from the SPS, 4-byte NAL lengths, one SPS and one PPS, and for profile_idc 100, 110, 122 and 144 the
     * chroma_format/bit depth extension with no SPS extensions.
     *
     * @param sps SPS NAL unit (header byte on, emulation prevention bytes in)
     * @param pps PPS NAL unit
     */
    public static byte[] avcC(byte[] sps, byte[] pps, AvcSps parsed) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(16 + sps.length + pps.length);
        b.write(1); // configurationVersion
        b.write(sps[1]); // AVCProfileIndication
        b.write(sps[2]); // profile_compatibility
        b.write(sps[3]); // AVCLevelIndication
        b.write(0xFC | 3); // reserved '111111', lengthSizeMinusOne 3
        b.write(0xE0 | 1); // reserved '111', numOfSequenceParameterSets
        u16(b, sps.length);
        b.writeBytes(sps);
        b.write(1); // numOfPictureParameterSets
        u16(b, pps.length);
        b.writeBytes(pps);
        int profile = sps[1] & 0xFF;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 144) {
            b.write(0xFC | parsed.chromaFormatIdc());
            b.write(0xF8 | parsed.bitDepthLumaMinus8());
            b.write(0xF8 | parsed.bitDepthChromaMinus8());
            b.write(0); // numOfSequenceParameterSetExt
        }
        return b.toByteArray();
    }

    /**
     * HEVCDecoderConfigurationRecord, ISO/IEC 14496-15 8.3.3.1.2, with one VPS, SPS and PPS array, each marked
     * complete (the samples carry no parameter sets: the {@code hvc1} sample entry). Profile, tier, level and
     * constraint flags come from the SPS; avgFrameRate and constantFrameRate are 0 (unknown); parallelismType is 0
     * when min_spatial_segmentation_idc is 0, as ffmpeg writes it.
     */
    public static byte[] hvcC(byte[] vps, byte[] sps, byte[] pps, HevcSps s, int parallelismType) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(32 + vps.length + sps.length + pps.length);
        b.write(1); // configurationVersion
        b.write(s.profileSpace() << 6 | (s.highTier() ? 0x20 : 0) | s.profileIdc());
        u16(b, s.compatibilityFlags() >>> 16);
        u16(b, s.compatibilityFlags() & 0xFFFF);
        long c = s.constraintIndicators();
        for (int shift = 40; shift >= 0; shift -= 8) {
            b.write((int) (c >>> shift) & 0xFF);
        }
        b.write(s.levelIdc());
        int minSpatial = s.minSpatialSegmentationIdc();
        u16(b, 0xF000 | minSpatial);
        b.write(0xFC | (minSpatial == 0 ? 0 : parallelismType));
        b.write(0xFC | s.chromaFormatIdc());
        b.write(0xF8 | s.bitDepthLumaMinus8());
        b.write(0xF8 | s.bitDepthChromaMinus8());
        u16(b, 0); // avgFrameRate
        // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne 3
        b.write((s.maxSubLayersMinus1() + 1) << 3 | (s.temporalIdNesting() ? 0x04 : 0) | 3);
        b.write(3); // numOfArrays
        array(b, 32, vps);
        array(b, 33, sps);
        array(b, 34, pps);
        return b.toByteArray();
    }

    private static void array(ByteArrayOutputStream b, int nalType, byte[] nal) {
        b.write(0x80 | nalType); // array_completeness 1, reserved 0, NAL_unit_type
        u16(b, 1);
        u16(b, nal.length);
        b.writeBytes(nal);
    }

    /** AudioSpecificConfig, ISO/IEC 14496-3 1.6.2.1, for an object type below 31 and a table sampling frequency. */
    public static byte[] audioSpecificConfig(int objectType, int samplingFrequencyIndex, int channelConfiguration) {
        int v = objectType << 11 | samplingFrequencyIndex << 7 | channelConfiguration << 3; // + 3 zero GASpecificConfig bits
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    /** AC3SpecificBox payload, ETSI TS 102 366 F.4: fscod, bsid, bsmod, acmod, lfeon, bit_rate_code, reserved. */
    public static byte[] dac3(Ac3SyncFrame f) {
        int v = f.fscod() << 22 | f.bsid() << 17 | f.bsmod() << 14 | f.acmod() << 11 | f.lfeon() << 10
                | f.bitRateCode() << 5;
        return new byte[] {(byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /**
     * EC3SpecificBox payload, ETSI TS 102 366 F.6, from the syncframes of one sample: data_rate (kbit/s, the sum of
     * the substreams), one entry per independent substream with the count of dependent substreams that follow it
     * and the OR of their {@code chanmap} locations ({@code chan_loc}, chanmap bits 0..8 in the box's order).
     */
    public static byte[] dec3(List<Ac3SyncFrame> frames) {
        long bitRate = 0;
        int independent = 0;
        for (Ac3SyncFrame f : frames) {
            bitRate += f.bitRate();
            if (f.strmtyp() != 1) {
                independent++;
            }
        }
        independent = Math.max(1, Math.min(independent, 8));
        BitWriter w = new BitWriter();
        w.bits(13, (int) Math.min(bitRate / 1000, 0x1FFF));
        w.bits(3, independent - 1);
        int seen = 0;
        for (int k = 0; k < frames.size() && seen < independent; k++) {
            Ac3SyncFrame f = frames.get(k);
            if (f.strmtyp() == 1) {
                continue;
            }
            seen++;
            int dependents = 0;
            int chanLoc = 0;
            for (int j = k + 1; j < frames.size() && frames.get(j).strmtyp() == 1; j++) {
                dependents++;
                if (frames.get(j).chanmap() >= 0) {
                    chanLoc |= (frames.get(j).chanmap() >>> 5) & 0x1FF;
                }
            }
            w.bits(2, f.fscod());
            w.bits(5, f.bsid());
            w.bits(1, 0); // reserved
            w.bits(1, 0); // asvc
            w.bits(3, f.bsmod());
            w.bits(3, f.acmod());
            w.bits(1, f.lfeon());
            w.bits(3, 0); // reserved
            w.bits(4, Math.min(dependents, 15));
            if (dependents > 0) {
                w.bits(9, chanLoc);
            } else {
                w.bits(1, 0); // reserved
            }
        }
        return w.toByteArray();
    }

    private static void u16(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8);
        b.write(v);
    }

    /** MSB-first bit writer, zero-padded to a whole byte. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        private int acc;
        private int n;

        void bits(int count, int value) {
            for (int i = count - 1; i >= 0; i--) {
                acc = acc << 1 | (value >>> i & 1);
                if (++n == 8) {
                    out.write(acc);
                    acc = 0;
                    n = 0;
                }
            }
        }

        byte[] toByteArray() {
            if (n > 0) {
                out.write(acc << (8 - n));
                acc = 0;
                n = 0;
            }
            return out.toByteArray();
        }
    }
}
