package dev.wharf.packager.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SpsParserTest {

    /**
     * High profile 1920x1080 (1088 coded, cropped by 4 chroma rows = 8 luma rows), scaling lists present,
     * POC type 1 with a cycle, VUI with extended SAR, colour description and timing 1/60 → 30 fps.
     * {@code num_units_in_tick = 1} is 31 zero bits, so the escaped NAL must carry 00 00 03.
     */
    static byte[] handBuiltHighSps() {
        BitWriter w = new BitWriter();
        w.u(8, 0x67); // forbidden_zero_bit 0, nal_ref_idc 3, nal_unit_type 7
        w.u(8, 100).u(8, 0x0C).u(8, 40); // profile_idc, constraint_set4/5, level_idc
        w.ue(0); // seq_parameter_set_id
        w.ue(1).ue(0).ue(0).flag(false); // chroma_format_idc, bit depths, qpprime bypass
        w.flag(true); // seq_scaling_matrix_present_flag
        for (int i = 0; i < 8; i++) {
            boolean present = i == 0 || i == 6;
            w.flag(present);
            if (i == 0) {
                // 16 coefficients: deltas until one makes nextScale 0 (rest are then implied)
                w.se(8).se(-3).se(5).se(-18); // 16, 13, 18, 0 -> stop reading deltas
            } else if (i == 6) {
                for (int j = 0; j < 64; j++) {
                    w.se(j % 2 == 0 ? 1 : -1);
                }
            }
        }
        w.ue(0); // log2_max_frame_num_minus4
        w.ue(1); // pic_order_cnt_type 1
        w.flag(false).se(-2).se(1).ue(2).se(2).se(-1); // always_zero, offsets, cycle of 2
        w.ue(4).flag(false); // max_num_ref_frames, gaps
        w.ue(119).ue(67); // 120 MBs wide, 68 map units high
        w.flag(true).flag(true); // frame_mbs_only_flag, direct_8x8_inference_flag
        w.flag(true).ue(0).ue(0).ue(0).ue(4); // frame cropping: bottom 4
        w.flag(true); // vui_parameters_present_flag
        w.flag(true).u(8, 255).u(16, 1).u(16, 1); // Extended_SAR 1:1
        w.flag(true).flag(false); // overscan
        w.flag(true).u(3, 5).flag(false).flag(true).u(8, 1).u(8, 1).u(8, 1); // video signal + colour
        w.flag(true).ue(0).ue(0); // chroma loc
        w.flag(true).u(32, 1).u(32, 60).flag(true); // timing: 60 / (2 * 1) = 30
        w.flag(false).flag(false).flag(false).flag(false); // hrd, hrd, pic_struct, bitstream_restriction
        return BitWriter.escape(w.rbsp());
    }

    @Test
    void handBuiltSpsWithEmulationPreventionBytes() {
        byte[] nal = handBuiltHighSps();
        assertThat(HexFormat.of().formatHex(nal)).contains("000003");

        AvcSps sps = SpsParser.parseNal(nal, 0, nal.length);

        assertThat(sps).isNotNull();
        assertThat(sps.codec()).isEqualTo("avc1.640c28");
        assertThat(sps.width()).isEqualTo(1920);
        assertThat(sps.height()).isEqualTo(1080);
        assertThat(sps.frameRate()).isEqualTo(30.0);
        assertThat(sps.frameMbsOnly()).isTrue();
    }

    @Test
    void parsesAtAnOffsetAndIgnoresTrailingBytes() {
        byte[] nal = handBuiltHighSps();
        byte[] padded = new byte[nal.length + 10];
        System.arraycopy(nal, 0, padded, 5, nal.length);
        assertThat(SpsParser.parseNal(padded, 5, nal.length)).isEqualTo(SpsParser.parseNal(nal, 0, nal.length));
    }

    @Test
    void fieldCodedSpsDoublesMapUnitsAndCropUnit() {
        // Main profile, field coded: 45 x 18 map units of 32 lines (720x576), bottom crop 2 x CropUnitY 4; 25 frames/s.
        BitWriter v = new BitWriter();
        v.u(8, 0x67).u(8, 77).u(8, 0x40).u(8, 30);
        v.ue(0); // sps id
        v.ue(0); // log2_max_frame_num_minus4
        v.ue(0).ue(4); // poc type 0, log2_max_pic_order_cnt_lsb_minus4
        v.ue(3).flag(false); // max_num_ref_frames, gaps
        v.ue(44).ue(17); // 45 MBs wide, 18 map units
        v.flag(false).flag(true); // frame_mbs_only_flag 0, mb_adaptive_frame_field_flag
        v.flag(true); // direct_8x8
        v.flag(true).ue(0).ue(0).ue(0).ue(2); // crop bottom 2 * CropUnitY(4) = 8 lines
        v.flag(true).flag(false).flag(false).flag(false).flag(false).flag(true).u(32, 1).u(32, 50).flag(true);
        v.flag(false).flag(false).flag(false).flag(false);
        byte[] nal = BitWriter.escape(v.rbsp());

        AvcSps sps = SpsParser.parseNal(nal, 0, nal.length);

        assertThat(sps).isNotNull();
        assertThat(sps.codec()).isEqualTo("avc1.4d401e");
        assertThat(sps.frameMbsOnly()).isFalse();
        assertThat(sps.width()).isEqualTo(720);
        assertThat(sps.height()).isEqualTo(18 * 32 - 8);
        assertThat(sps.frameRate()).isEqualTo(25.0);
    }

    @Test
    void realX264SpsFromFixture() {
        // SPS of h264_main_640x360_30_aac_48k_stereo.ts (x264, Main@3.1, 640x368 cropped to 360).
        byte[] nal = HexFormat.of().parseHex(TsFixtures.MAIN_640X360_SPS_HEX);
        AvcSps sps = SpsParser.parseNal(nal, 0, nal.length);
        assertThat(sps).isNotNull();
        assertThat(sps.codec()).isEqualTo("avc1.4d401f");
        assertThat(sps.width()).isEqualTo(640);
        assertThat(sps.height()).isEqualTo(360);
        assertThat(sps.frameRate()).isEqualTo(30.0);
    }

    @Test
    void rejectsGarbageWithoutThrowing() {
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[1 + rnd.nextInt(64)];
            rnd.nextBytes(b);
            b[0] = 0x67;
            SpsParser.parseNal(b, 0, b.length); // any outcome but an exception
            b[0] = 0x42;
            HevcParser.parseSpsNal(b, 0, b.length);
        }
        assertThat(SpsParser.parseNal(new byte[] {0x67}, 0, 1)).isNull();
        assertThat(SpsParser.parseNal(null, 0, 0)).isNull();
        assertThat(SpsParser.parseNal(new byte[4], 2, 4)).isNull();
    }

    @Test
    void hevcSpsWithEmulationPreventionBytes() {
        // SPS of hevc_main_640x360_30.ts (x265): the PTL's zero bytes are escaped (60 00 00 03 00 90 ...).
        byte[] nal = HexFormat.of().parseHex(TsFixtures.HEVC_640X360_SPS_HEX);
        assertThat(TsFixtures.HEVC_640X360_SPS_HEX).contains("6000000300");
        HevcSps sps = HevcParser.parseSpsNal(nal, 0, nal.length);
        assertThat(sps).isNotNull();
        assertThat(sps.codec()).isEqualTo("hvc1.1.6.L63.90");
        assertThat(sps.width()).isEqualTo(640);
        assertThat(sps.height()).isEqualTo(360);
        assertThat(sps.frameRate()).isEqualTo(30.0);
    }

    @Test
    void hevcCodecStringFormatting() {
        // ISO/IEC 14496-15 E.3 examples: Main 10 high tier level 5.1 with the "B0" constraint byte, and a
        // non-zero profile space with a second constraint byte.
        HevcSps main10 = new HevcSps(0, true, 2, 0x20000000, 0xB0L << 40, 153, 3840, 2160, 50);
        assertThat(main10.codec()).isEqualTo("hvc1.2.4.H153.B0");
        HevcSps spaced = new HevcSps(1, false, 4, 0x10000000, (0xB0L << 40) | (0x23L << 32), 120, 1, 1, 0);
        assertThat(spaced.codec()).isEqualTo("hvc1.A4.8.L120.B0.23");
    }

    @Test
    void bitReaderExpGolomb() {
        byte[] b = new BitWriter().ue(0).ue(1).ue(2).ue(254).se(-7).se(7).u(5, 21).rbsp();
        BitReader r = new BitReader(b, 0, b.length);
        assertThat(r.ue()).isZero();
        assertThat(r.ue()).isEqualTo(1);
        assertThat(r.ue()).isEqualTo(2);
        assertThat(r.ue()).isEqualTo(254);
        assertThat(r.se()).isEqualTo(-7);
        assertThat(r.se()).isEqualTo(7);
        assertThat(r.bits(5)).isEqualTo(21);
        assertThat(r.overrun()).isFalse();
        r.bits(16);
        assertThat(r.overrun()).isTrue();

        BitReader zeros = new BitReader(new byte[8], 0, 8);
        assertThat(zeros.ue()).isZero();
        assertThat(zeros.overrun()).isTrue();
    }
}
