package dev.wharf.packager.media;

/**
 * H.264 sequence parameter set parser, ISO/IEC 14496-10 7.3.2.1.1 ({@code seq_parameter_set_data})
 * and Annex E.1.1 ({@code vui_parameters}, up to the timing info).
 */
public final class SpsParser {

    /** Upper bound of an SPS RBSP we look at; real ones are tens of bytes, scaling lists add a few hundred. */
    static final int MAX_SPS_BYTES = 4096;

    private SpsParser() {
    }

    /**
     * Parses an SPS NAL unit as found in the byte stream (starting at the NAL header byte, emulation
     * prevention bytes still present).
     *
     * @return the parsed SPS, or null if this is not a well-formed SPS
     */
    public static AvcSps parseNal(byte[] nal, int offset, int length) {
        if (nal == null || offset < 0 || length < 4 || offset > nal.length - length) {
            return null;
        }
        byte[] rbsp = new byte[Math.min(length, MAX_SPS_BYTES)];
        int n = Rbsp.unescape(nal, offset, length, rbsp);
        return parseRbsp(rbsp, 0, n);
    }

    /**
     * Parses an SPS RBSP that still starts with the one-byte NAL header ({@code nal_unit_type} 7) but
     * has no emulation prevention bytes.
     */
    static AvcSps parseRbsp(byte[] rbsp, int offset, int length) {
        if (length < 4 || (rbsp[offset] & 0x1F) != 7) {
            return null;
        }
        BitReader r = new BitReader(rbsp, offset + 1, length - 1);
        int profileIdc = r.bits(8);
        int constraintFlags = r.bits(8);
        int levelIdc = r.bits(8);
        int spsId = r.ue();
        if (spsId > 31) {
            return null;
        }
        int chromaFormatIdc = 1;
        boolean separateColourPlane = false;
        int bitDepthLumaMinus8 = 0;
        int bitDepthChromaMinus8 = 0;
        if (hasChromaInfo(profileIdc)) {
            chromaFormatIdc = r.ue();
            if (chromaFormatIdc > 3) {
                return null;
            }
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.flag();
            }
            bitDepthLumaMinus8 = r.ue();
            bitDepthChromaMinus8 = r.ue();
            if (bitDepthLumaMinus8 > 6 || bitDepthChromaMinus8 > 6) {
                return null; // 7.4.2.1.1: 0..6
            }
            r.bit(); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists && !r.overrun(); i++) {
                    if (r.flag()) { // seq_scaling_list_present_flag[i]
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        int log2MaxFrameNumMinus4 = r.ue();
        if (log2MaxFrameNumMinus4 > 12) {
            return null;
        }
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.bit(); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue();
            if (cycle > 255) {
                return null;
            }
            for (int i = 0; i < cycle && !r.overrun(); i++) {
                r.se(); // offset_for_ref_frame[i]
            }
        } else if (pocType != 2) {
            return null;
        }
        r.ue(); // max_num_ref_frames
        r.bit(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.bit(); // mb_adaptive_frame_field_flag
        }
        r.bit(); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.flag()) { // frame_cropping_flag
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        boolean vuiPresent = r.flag(); // vui_parameters_present_flag
        if (r.overrun() || widthMbs > 1024 || heightMapUnits > 1024) {
            return null;
        }
        // A truncated or odd VUI costs only the frame rate, not the picture size.
        double frameRate = vuiPresent ? vuiFrameRate(r) : 0;
        // 7.4.2.1.1: ChromaArrayType, CropUnitX/Y (equations 7-19..7-22), Table 6-1 SubWidthC/SubHeightC.
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int frameHeightFactor = frameMbsOnly ? 1 : 2;
        int cropUnitX;
        int cropUnitY;
        if (chromaArrayType == 0) {
            cropUnitX = 1;
            cropUnitY = frameHeightFactor;
        } else {
            int subWidthC = chromaArrayType == 3 ? 1 : 2;
            int subHeightC = chromaArrayType == 1 ? 2 : 1;
            cropUnitX = subWidthC;
            cropUnitY = subHeightC * frameHeightFactor;
        }
        long width = widthMbs * 16L - (long) cropUnitX * ((long) cropLeft + cropRight);
        long height = frameHeightFactor * heightMapUnits * 16L - (long) cropUnitY * ((long) cropTop + cropBottom);
        if (width <= 0 || height <= 0) {
            return null;
        }
        return new AvcSps(profileIdc, constraintFlags, levelIdc, (int) width, (int) height, frameRate, frameMbsOnly,
                chromaFormatIdc, bitDepthLumaMinus8, bitDepthChromaMinus8);
    }

    /** Profiles whose SPS carries chroma_format_idc and friends (7.3.2.1.1). */
    private static boolean hasChromaInfo(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** 7.3.2.1.1.1 {@code scaling_list}: only the syntax, values are not kept. */
    private static void skipScalingList(BitReader r, int size) {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size && !r.overrun(); j++) {
            if (nextScale != 0) {
                int delta = r.se();
                nextScale = (lastScale + delta + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    /** Annex E.1.1 up to {@code timing_info}; returns 0 when there is no timing info. */
    private static double vuiFrameRate(BitReader r) {
        if (r.flag()) { // aspect_ratio_info_present_flag
            int aspectRatioIdc = r.bits(8);
            if (aspectRatioIdc == 255) { // Extended_SAR
                r.skip(32); // sar_width, sar_height
            }
        }
        if (r.flag()) { // overscan_info_present_flag
            r.bit(); // overscan_appropriate_flag
        }
        if (r.flag()) { // video_signal_type_present_flag
            r.skip(4); // video_format, video_full_range_flag
            if (r.flag()) { // colour_description_present_flag
                r.skip(24);
            }
        }
        if (r.flag()) { // chroma_loc_info_present_flag
            r.ue();
            r.ue();
        }
        if (r.flag()) { // timing_info_present_flag
            long numUnitsInTick = r.bitsLong(32);
            long timeScale = r.bitsLong(32);
            if (!r.overrun() && numUnitsInTick > 0 && timeScale > 0) {
                return timeScale / (2.0 * numUnitsInTick);
            }
        }
        return 0;
    }
}
