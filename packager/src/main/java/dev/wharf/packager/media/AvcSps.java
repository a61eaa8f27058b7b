package dev.wharf.packager.media;

import java.util.Locale;

/**
 * The fields of an H.264 sequence parameter set that a packager needs.
 *
 * @param profileIdc      {@code profile_idc}
 * @param constraintFlags the byte holding {@code constraint_set0_flag..constraint_set5_flag} and the 2 reserved bits
 * @param levelIdc        {@code level_idc}
 * @param width           luma width in pixels after frame cropping
 * @param height          luma height in pixels after frame cropping
 * @param frameRate       {@code time_scale / (2 * num_units_in_tick)} from VUI timing info, 0 when absent
 * @param frameMbsOnly    {@code frame_mbs_only_flag} (false: the stream may carry fields)
 * @param chromaFormatIdc {@code chroma_format_idc} (1, 4:2:0, when the profile does not carry it)
 * @param bitDepthLumaMinus8   {@code bit_depth_luma_minus8} (0 when the profile does not carry it)
 * @param bitDepthChromaMinus8 {@code bit_depth_chroma_minus8} (0 when the profile does not carry it)
 */
public record AvcSps(int profileIdc, int constraintFlags, int levelIdc, int width, int height, double frameRate,
                     boolean frameMbsOnly, int chromaFormatIdc, int bitDepthLumaMinus8, int bitDepthChromaMinus8) {

    /** An 8-bit 4:2:0 SPS. */
    public AvcSps(int profileIdc, int constraintFlags, int levelIdc, int width, int height, double frameRate,
                  boolean frameMbsOnly) {
        this(profileIdc, constraintFlags, levelIdc, width, height, frameRate, frameMbsOnly, 1, 0, 0);
    }

    /** RFC 6381 3.3 / ISO/IEC 14496-15 codec string: {@code avc1.PPCCLL} in lowercase hex. */
    public String codec() {
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
    }
}
