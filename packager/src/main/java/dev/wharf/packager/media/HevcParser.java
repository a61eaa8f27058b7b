package dev.wharf.packager.media;

/**
 * HEVC parameter set parsing, ISO/IEC 23008-2: video parameter set (7.3.2.1, for its timing info),
 * sequence parameter set (7.3.2.2.1), {@code profile_tier_level} (7.3.3), {@code scaling_list_data} (7.3.4),
 * {@code st_ref_pic_set} (7.3.7) and VUI (E.2.1) up to {@code vui_timing_info}.
 */
public final class HevcParser {

    static final int NAL_VPS = 32;
    static final int NAL_SPS = 33;
    static final int NAL_PREFIX_SEI = 39;

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
        boolean temporalIdNesting = r.flag();
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
        Tail tail = new Tail();
        spsTail(r, maxSubLayersMinus1, tail);
        if (tail.bitDepthLumaMinus8 < 0) {
            return null;
        }
        return new HevcSps(profileSpace, highTier, profileIdc, compat, constraints, levelIdc, (int) w, (int) h,
                tail.frameRate, chromaFormatIdc, tail.bitDepthLumaMinus8, tail.bitDepthChromaMinus8,
                maxSubLayersMinus1, temporalIdNesting, tail.minSpatialSegmentationIdc);
    }

    /**
     * The {@code parallelismType} of an HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1.2) implied by a
     * picture parameter set (7.3.2.3.1): 3 wavefront ({@code entropy_coding_sync_enabled_flag}), 2 tiles, 1 slices,
     * 0 mixed or unknown (both, or a malformed PPS). Input is the PPS NAL unit with its 2-byte header and emulation
     * prevention bytes.
     */
    public static int parallelismType(byte[] nal, int offset, int length) {
        if (nal == null || length < 3) {
            return 0;
        }
        byte[] rbsp = new byte[Math.min(length, SpsParser.MAX_SPS_BYTES)];
        int n = Rbsp.unescape(nal, offset, length, rbsp);
        BitReader r = new BitReader(rbsp, 2, n - 2);
        r.ue(); // pps_pic_parameter_set_id
        r.ue(); // pps_seq_parameter_set_id
        r.skip(1 + 1 + 3 + 1 + 1); // dependent_slice_segments, output_flag_present, extra bits, sign hiding, cabac_init
        r.ue(); // num_ref_idx_l0_default_active_minus1
        r.ue(); // num_ref_idx_l1_default_active_minus1
        r.se(); // init_qp_minus26
        r.skip(2); // constrained_intra_pred_flag, transform_skip_enabled_flag
        if (r.flag()) { // cu_qp_delta_enabled_flag
            r.ue(); // diff_cu_qp_delta_depth
        }
        r.se(); // pps_cb_qp_offset
        r.se(); // pps_cr_qp_offset
        r.skip(4); // slice_chroma_qp_offsets_present, weighted_pred, weighted_bipred, transquant_bypass
        boolean tiles = r.flag();
        boolean wavefront = r.flag();
        if (r.overrun()) {
            return 0;
        }
        return tiles && wavefront ? 0 : wavefront ? 3 : tiles ? 2 : 1;
    }

    /** What the SPS says after the conformance window. */
    private static final class Tail {
        int bitDepthLumaMinus8 = -1;
        int bitDepthChromaMinus8;
        double frameRate;
        int minSpatialSegmentationIdc;
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

    /**
     * The rest of the SPS after the conformance window: bit depths, then down to the VUI timing info and bitstream
     * restriction. Bit depths stay -1 when malformed; the VUI values stay 0 when absent or malformed.
     */
    private static void spsTail(BitReader r, int maxSubLayersMinus1, Tail out) {
        int bitDepthLuma = r.ue();
        int bitDepthChroma = r.ue();
        if (r.overrun() || bitDepthLuma > 8 || bitDepthChroma > 8) {
            return; // 7.4.3.2.1: 0..8
        }
        out.bitDepthLumaMinus8 = bitDepthLuma;
        out.bitDepthChromaMinus8 = bitDepthChroma;
        out.frameRate = spsVui(r, maxSubLayersMinus1, out);
    }

    /** From {@code log2_max_pic_order_cnt_lsb_minus4} to the VUI timing info; fills the bitstream restriction. */
    private static double spsVui(BitReader r, int maxSubLayersMinus1, Tail out) {
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
        double frameRate = 0;
        if (r.flag()) { // vui_timing_info_present_flag
            frameRate = rate(r.bitsLong(32), r.bitsLong(32), r);
            if (r.flag()) { // vui_poc_proportional_to_timing_flag
                r.ue(); // vui_num_ticks_poc_diff_one_minus1
            }
            if (r.flag()) { // vui_hrd_parameters_present_flag
                return frameRate; // E.2.2 hrd_parameters not parsed: the bitstream restriction stays unknown
            }
        }
        if (r.flag()) { // bitstream_restriction_flag
            r.skip(3); // tiles_fixed_structure, motion_vectors_over_pic_boundaries, restricted_ref_pic_lists
            int minSpatialSegmentation = r.ue();
            if (!r.overrun() && minSpatialSegmentation < 4096) {
                out.minSpatialSegmentationIdc = minSpatialSegmentation;
            }
        }
        return frameRate;
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
