package dev.wharf.packager.media;

import java.util.Locale;

/**
 * The fields of an HEVC sequence parameter set that a packager needs.
 *
 * @param profileSpace          {@code general_profile_space} (0..3)
 * @param highTier              {@code general_tier_flag}
 * @param profileIdc            {@code general_profile_idc}
 * @param compatibilityFlags    {@code general_profile_compatibility_flag[0..31]}, flag[0] as the most significant bit (bitstream order)
 * @param constraintIndicators  the 48 bits from {@code general_progressive_source_flag} on, first bit most significant
 * @param levelIdc              {@code general_level_idc} (30 × level number)
 * @param width                 luma width after the conformance window
 * @param height                luma height after the conformance window
 * @param frameRate             from VUI (or VPS) timing info, 0 when absent
 * @param chromaFormatIdc       {@code chroma_format_idc}
 * @param bitDepthLumaMinus8    {@code bit_depth_luma_minus8}
 * @param bitDepthChromaMinus8  {@code bit_depth_chroma_minus8}
 * @param maxSubLayersMinus1    {@code sps_max_sub_layers_minus1}
 * @param temporalIdNesting     {@code sps_temporal_id_nesting_flag}
 * @param minSpatialSegmentationIdc {@code min_spatial_segmentation_idc} from the VUI bitstream restriction, 0 when
 *                              absent (or not reached: VUI with HRD parameters is not parsed that far)
 */
public record HevcSps(int profileSpace, boolean highTier, int profileIdc, int compatibilityFlags,
                      long constraintIndicators, int levelIdc, int width, int height, double frameRate,
                      int chromaFormatIdc, int bitDepthLumaMinus8, int bitDepthChromaMinus8, int maxSubLayersMinus1,
                      boolean temporalIdNesting, int minSpatialSegmentationIdc) {

    /** An 8-bit 4:2:0 single-layer SPS. */
    public HevcSps(int profileSpace, boolean highTier, int profileIdc, int compatibilityFlags,
                   long constraintIndicators, int levelIdc, int width, int height, double frameRate) {
        this(profileSpace, highTier, profileIdc, compatibilityFlags, constraintIndicators, levelIdc, width, height,
                frameRate, 1, 0, 0, 0, true, 0);
    }

    /** Same SPS with the frame rate taken from elsewhere (the VPS). */
    HevcSps withFrameRate(double rate) {
        return new HevcSps(profileSpace, highTier, profileIdc, compatibilityFlags, constraintIndicators, levelIdc,
                width, height, rate, chromaFormatIdc, bitDepthLumaMinus8, bitDepthChromaMinus8, maxSubLayersMinus1,
                temporalIdNesting, minSpatialSegmentationIdc);
    }

    /**
     * Codec string per ISO/IEC 14496-15 Annex E.3:
     * {@code hvc1.[A|B|C]<profile_idc>.<compatibility flags, bit-reversed, hex>.<L|H><level_idc>[.<constraint byte>]*},
     * trailing zero constraint bytes omitted.
     */
    public String codec() {
        StringBuilder sb = new StringBuilder(32).append("hvc1.");
        if (profileSpace > 0) {
            sb.append((char) ('A' + profileSpace - 1));
        }
        sb.append(profileIdc).append('.');
        sb.append(Integer.toHexString(Integer.reverse(compatibilityFlags)).toUpperCase(Locale.ROOT));
        sb.append('.').append(highTier ? 'H' : 'L').append(levelIdc);
        int lastNonZero = -1;
        for (int i = 0; i < 6; i++) {
            if (constraintByte(i) != 0) {
                lastNonZero = i;
            }
        }
        for (int i = 0; i <= lastNonZero; i++) {
            sb.append('.').append(Integer.toHexString(constraintByte(i)).toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private int constraintByte(int i) {
        return (int) (constraintIndicators >>> (40 - 8 * i)) & 0xFF;
    }
}
