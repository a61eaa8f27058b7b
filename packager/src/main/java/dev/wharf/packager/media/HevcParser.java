package dev.wharf.packager.media;

/**
 * HEVC parameter set parsing, ISO/IEC 23008-2: video parameter set (7.3.2.1, for its timing info),
 * sequence parameter set (7.3.2.2.1), {@code profile_tier_level} (7.3.3), {@code scaling_list_data} (7.3.4),
 * {@code st_ref_pic_set} (7.3.7) and VUI (E.2.1) up to {@code vui_timing_info}.
 */
public final class HevcParser {

    static final int NAL_VPS = 32;
    static final int NAL_SPS = 33;

    private HevcParser() {
    }

    /** Parses an SPS NAL unit (2-byte NAL header first, emulation prevention bytes present); null if malformed. */
    public static HevcSps parseSpsNal(byte[] nal, int offset, int length) {
        if (nal == null || offset < 0 || length < 6 || offset > nal.length - length) {
            return null;
        }
        byte[] rbsp = new byte[Math.min(length, SpsParser.MAX_SPS_BYTES)];
        return parseSpsRbsp(rbsp, 0, Rbsp.unescape(nal, offset, length, rbsp));
    }

    /** Parses an SPS RBSP that still starts with the 2-byte NAL header. */
    static HevcSps parseSpsRbsp(byte[] rbsp, int offset, int length) {
        if (length < 6 || ((rbsp[offset] >> 1) & 0x3F) != NAL_SPS) {
            return null;
        }
        BitReader r = new BitReader(rbsp, offset + 2, length - 2);
        r.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.bits(3);
        r.bit(); // sps_temporal_id_nesting_flag
        int profileSpace = r.bits(2);
        boolean highTier = r.flag();
        int profileIdc = r.bits(5);
        int compat = (int) r.bitsLong(32);
        long constraints = r.bitsLong(32) << 16 | r.bits(16);
        int levelIdc = r.bits(8);
        skipSubLayers(r, maxSubLayersMinus1);
        if (r.ue() > 15) { // sps_seq_parameter_set_id
            return null;
        }
        int chromaFormatIdc = r.ue();
        if (chromaFormatIdc > 3) {
            return null;
        }
        boolean separateColourPlane = chromaFormatIdc == 3 && r.flag();
        int width = r.ue();
        int height = r.ue();
        long confLeft = 0;
        long confRight = 0;
        long confTop = 0;
        long confBottom = 0;
        if (r.flag()) { // conformance_window_flag
            confLeft = r.ue();
            confRight = r.ue();
            confTop = r.ue();
            confBottom = r.ue();
        }
        if (r.overrun() || width <= 0 || height <= 0 || width > 16888 || height > 16888) {
            return null;
        }
        // Table 6-1 via ChromaArrayType; conformance window offsets are in chroma sample units (7.4.3.2.1).
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
        int subHeightC = chromaArrayType == 1 ? 2 : 1;
        long w = width - subWidthC * (confLeft + confRight);
        long h = height - subHeightC * (confTop + confBottom);
        if (w <= 0 || h <= 0) {
            return null;
        }
        HevcSps sps = new HevcSps(profileSpace, highTier, profileIdc, compat, constraints, levelIdc, (int) w, (int) h, 0);
        double frameRate = spsTailFrameRate(r, maxSubLayersMinus1);
        return frameRate > 0 ? sps.withFrameRate(frameRate) : sps;
    }

    /** Parses the VPS timing info (7.3.2.1); returns 0 when absent or malformed. Input is the RBSP with its 2-byte NAL header. */
    static double parseVpsFrameRate(byte[] rbsp, int offset, int length) {
        if (length < 6 || ((rbsp[offset] >> 1) & 0x3F) != NAL_VPS) {
            return 0;
        }
        BitReader r = new BitReader(rbsp, offset + 2, length - 2);
        r.skip(4 + 1 + 1 + 6); // vps id, base_layer_internal, base_layer_available, max_layers_minus1
        int maxSubLayersMinus1 = r.bits(3);
        r.skip(1 + 16); // temporal_id_nesting, reserved 0xffff
        r.skip(2 + 1 + 5 + 32 + 48 + 8); // general profile_tier_level
        skipSubLayers(r, maxSubLayersMinus1);
        boolean orderingInfo = r.flag();
        for (int i = orderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
            r.ue();
            r.ue();
            r.ue();
        }
        int maxLayerId = r.bits(6);
        int numLayerSetsMinus1 = r.ue();
        if (numLayerSetsMinus1 > 1023) {
            return 0;
        }
        r.skip((long) numLayerSetsMinus1 * (maxLayerId + 1)); // layer_id_included_flag
        if (r.flag()) { // vps_timing_info_present_flag
            return rate(r.bitsLong(32), r.bitsLong(32), r);
        }
        return 0;
    }

    private static double rate(long numUnitsInTick, long timeScale, BitReader r) {
        if (r.overrun() || numUnitsInTick <= 0 || timeScale <= 0) {
            return 0;
        }
        return (double) timeScale / numUnitsInTick;
    }

    /** 7.3.3 profile_tier_level after the general part, for {@code profilePresentFlag = 1}. */
    private static void skipSubLayers(BitReader r, int maxSubLayersMinus1) {
        int profilePresent = 0;
        int levelPresent = 0;
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent |= r.bit() << i;
            levelPresent |= r.bit() << i;
        }
        if (maxSubLayersMinus1 > 0) {
            r.skip(2L * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if ((profilePresent >> i & 1) != 0) {
                r.skip(88);
            }
            if ((levelPresent >> i & 1) != 0) {
                r.skip(8);
            }
        }
    }

    /** The rest of the SPS after the conformance window, down to the VUI timing info. 0 if absent or malformed. */
    private static double spsTailFrameRate(BitReader r, int maxSubLayersMinus1) {
        r.ue(); // bit_depth_luma_minus8
        r.ue(); // bit_depth_chroma_minus8
        int log2MaxPocLsb = r.ue() + 4;
        if (log2MaxPocLsb > 16) {
            return 0;
        }
        boolean orderingInfo = r.flag();
        for (int i = orderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
            r.ue();
            r.ue();
            r.ue();
        }
        for (int i = 0; i < 6; i++) { // coding/transform block sizes, transform hierarchy depths
            r.ue();
        }
        if (r.flag() && r.flag()) { // scaling_list_enabled_flag && sps_scaling_list_data_present_flag
            skipScalingListData(r);
        }
        r.skip(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
        if (r.flag()) { // pcm_enabled_flag
            r.skip(8);
            r.ue();
            r.ue();
            r.bit();
        }
        int numStRps = r.ue();
        if (numStRps > 64 || r.overrun()) {
            return 0;
        }
        int[] numDeltaPocs = new int[numStRps];
        for (int i = 0; i < numStRps && !r.overrun(); i++) {
            if (!skipStRefPicSet(r, i, numDeltaPocs)) {
                return 0;
            }
        }
        if (r.flag()) { // long_term_ref_pics_present_flag
            int numLt = r.ue();
            if (numLt > 32) {
                return 0;
            }
            r.skip((long) numLt * (log2MaxPocLsb + 1));
        }
        r.skip(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
        if (!r.flag() || r.overrun()) { // vui_parameters_present_flag
            return 0;
        }
        if (r.flag() && r.bits(8) == 255) { // aspect_ratio_info_present_flag, aspect_ratio_idc == EXTENDED_SAR
            r.skip(32);
        }
        if (r.flag()) { // overscan_info_present_flag
            r.bit();
        }
        if (r.flag()) { // video_signal_type_present_flag
            r.skip(4);
            if (r.flag()) {
                r.skip(24);
            }
        }
        if (r.flag()) { // chroma_loc_info_present_flag
            r.ue();
            r.ue();
        }
        r.skip(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
        if (r.flag()) { // default_display_window_flag
            r.ue();
            r.ue();
            r.ue();
            r.ue();
        }
        if (r.flag()) { // vui_timing_info_present_flag
            return rate(r.bitsLong(32), r.bitsLong(32), r);
        }
        return 0;
    }

    /** 7.3.4 scaling_list_data. */
    private static void skipScalingListData(BitReader r) {
        for (int sizeId = 0; sizeId < 4; sizeId++) {
            for (int matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1) {
                if (!r.flag()) { // scaling_list_pred_mode_flag
                    r.ue(); // scaling_list_pred_matrix_id_delta
                } else {
                    int coefNum = Math.min(64, 1 << (4 + (sizeId << 1)));
                    if (sizeId > 1) {
                        r.se(); // scaling_list_dc_coef_minus8
                    }
                    for (int i = 0; i < coefNum && !r.overrun(); i++) {
                        r.se(); // scaling_list_delta_coef
                    }
                }
            }
        }
    }

    /** 7.3.7 st_ref_pic_set as it appears in the SPS; records NumDeltaPocs (7-71). False when malformed. */
    private static boolean skipStRefPicSet(BitReader r, int idx, int[] numDeltaPocs) {
        if (idx != 0 && r.flag()) { // inter_ref_pic_set_prediction_flag
            r.bit(); // delta_rps_sign
            r.ue(); // abs_delta_rps_minus1
            int refIdx = idx - 1; // delta_idx_minus1 is only sent in slice headers, so RefRpsIdx = idx - 1
            int count = 0;
            for (int j = 0; j <= numDeltaPocs[refIdx]; j++) {
                boolean used = r.flag();
                boolean useDelta = used || r.flag();
                if (useDelta) {
                    count++;
                }
            }
            numDeltaPocs[idx] = count;
        } else {
            int negative = r.ue();
            int positive = r.ue();
            if (negative > 16 || positive > 16) {
                return false;
            }
            for (int i = 0; i < negative + positive; i++) {
                r.ue(); // delta_poc_sX_minus1
                r.bit(); // used_by_curr_pic_sX_flag
            }
            numDeltaPocs[idx] = negative + positive;
        }
        return !r.overrun();
    }
}
