package dev.wharf.packager.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.wharf.packager.media.TrackInfo.Kind;
import org.junit.jupiter.api.Test;

/**
 * Probes real ffmpeg-made segments. Expected values were taken from ffprobe 5.1
 * ({@code -show_streams}, {@code -show_packets}) and from an independent PES-header dump; see media/README.md.
 */
class TsProbeFixturesTest {

    private static final long WRAP = 1L << 33;

    private static TsProbeResult probe(String name) {
        TsProbeResult r = TsProbe.probe(TsFixtures.load(name));
        assertThat(r.valid()).as("valid: %s", r.error()).isTrue();
        assertThat(r.error()).isNull();
        assertThat(r.continuityErrors()).isZero();
        return r;
    }

    @Test
    void h264Main640x360At30WithAacLc48kStereo() {
        TsProbeResult r = probe("h264_main_640x360_30_aac_48k_stereo.ts");

        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.VIDEO, 0x100, 0x1B, "avc1.4d401f", 640, 360, 30.0, 0, 0, null),
                new TrackInfo(Kind.AUDIO, 0x101, 0x0F, "mp4a.40.2", 0, 0, 0, 48000, 2, "eng"));
        // ffprobe: video start_pts 132000, last packet pts 306000 (60 frames, one per PES)
        assertThat(r.firstPtsTicks90k()).isEqualTo(132_000);
        assertThat(r.lastPtsTicks90k()).isEqualTo(306_000);
        assertThat(r.startsWithKeyframe()).isTrue();
        assertThat(r.keyframeCount()).isEqualTo(1); // -g 60 over 60 frames
    }

    @Test
    void h264High854x480CropsWidthAndHasMonoAac44k() {
        TsProbeResult r = probe("h264_high_854x480_25_aac_44k_mono.ts");

        // 854 = 54 MBs (864) minus crop_right 5 * CropUnitX 2
        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.VIDEO, 0x100, 0x1B, "avc1.64001e", 854, 480, 25.0, 0, 0, null),
                new TrackInfo(Kind.AUDIO, 0x101, 0x0F, "mp4a.40.2", 0, 0, 0, 44100, 1, null));
        assertThat(r.firstPtsTicks90k()).isEqualTo(133_200);
        assertThat(r.lastPtsTicks90k()).isEqualTo(309_600);
        assertThat(r.startsWithKeyframe()).isTrue();
        assertThat(r.keyframeCount()).isEqualTo(1);
    }

    @Test
    void h264High1080pAt2997CropsHeight() {
        TsProbeResult r = probe("h264_high_1920x1080_2997.ts");

        TrackInfo v = r.tracks().getFirst();
        assertThat(v.codec()).isEqualTo("avc1.640028");
        assertThat(v.width()).isEqualTo(1920);
        assertThat(v.height()).isEqualTo(1080); // 1088 coded
        assertThat(v.frameRate()).isCloseTo(30000.0 / 1001, within(1e-9));
        assertThat(r.firstPtsTicks90k()).isEqualTo(132_006);
        assertThat(r.lastPtsTicks90k()).isEqualTo(174_048);
        assertThat(r.keyframeCount()).isEqualTo(1);
    }

    @Test
    void h264Interlaced1080i25UsesFieldMapUnits() {
        TsProbeResult r = probe("h264_high_1920x1080i25.ts");

        TrackInfo v = r.tracks().getFirst();
        assertThat(v.codec()).isEqualTo("avc1.640028");
        assertThat(v.width()).isEqualTo(1920);
        assertThat(v.height()).isEqualTo(1080);
        assertThat(v.frameRate()).isEqualTo(25.0); // time_scale 50 / (2 * 1)
        assertThat(r.firstPtsTicks90k()).isEqualTo(133_200);
        assertThat(r.lastPtsTicks90k()).isEqualTo(176_400);
        assertThat(r.startsWithKeyframe()).isTrue();
        assertThat(r.keyframeCount()).isEqualTo(2); // -g 12 over 13 frames
    }

    @Test
    void h264ConstrainedBaseline() {
        TsProbeResult r = probe("h264_baseline_320x240_15.ts");

        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.VIDEO, 0x100, 0x1B, "avc1.42c00d", 320, 240, 15.0, 0, 0, null));
        assertThat(r.firstPtsTicks90k()).isEqualTo(126_000);
        assertThat(r.lastPtsTicks90k()).isEqualTo(300_000);
        assertThat(r.startsWithKeyframe()).isTrue();
        assertThat(r.keyframeCount()).isEqualTo(1);
    }

    @Test
    void ptsWrapsWithinTheSegment() {
        TsProbeResult r = probe("h264_pts_wrap.ts");

        // Raw PTS: first 8589861000 (ffprobe shows it as -73592), last 103408 after the wrap.
        assertThat(r.firstPtsTicks90k()).isEqualTo(WRAP - 73_592);
        assertThat(r.lastPtsTicks90k()).isEqualTo(WRAP + 103_408);
        assertThat(r.ptsSpanTicks90k()).isEqualTo(177_000); // 59 frames at 3000 ticks
        assertThat(r.startsWithKeyframe()).isTrue();
        assertThat(r.keyframeCount()).isEqualTo(2); // -g 30 over 60 frames
        assertThat(r.tracks()).extracting(TrackInfo::codec).containsExactly("avc1.4d4015", "mp4a.40.2");
        assertThat(r.tracks().get(1).channels()).isEqualTo(1);
    }

    @Test
    void hevcMain() {
        TsProbeResult r = probe("hevc_main_640x360_30.ts");

        // x265 signals Main compatible with Main 10 (flags 1 and 2 -> 0x6) and progressive + frame-only
        // (0x90; no non-packed flag, hence not the "B0" often seen), level 2.1 (63).
        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.VIDEO, 0x100, 0x24, "hvc1.1.6.L63.90", 640, 360, 30.0, 0, 0, null));
        assertThat(r.firstPtsTicks90k()).isEqualTo(132_000);
        assertThat(r.lastPtsTicks90k()).isEqualTo(306_000);
        assertThat(r.startsWithKeyframe()).isTrue();
        assertThat(r.keyframeCount()).isEqualTo(1);
    }

    @Test
    void audioOnlyAdts() {
        TsProbeResult r = probe("aac_only_44k_stereo.ts");

        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.AUDIO, 0x100, 0x0F, "mp4a.40.2", 0, 0, 0, 44100, 2, null));
        // ffmpeg packs several ADTS frames per PES: 6 PES, PTS of the first and of the last PES start.
        assertThat(r.firstPtsTicks90k()).isEqualTo(126_000);
        assertThat(r.lastPtsTicks90k()).isEqualTo(280_645);
        assertThat(r.startsWithKeyframe()).isTrue();
        assertThat(r.keyframeCount()).isEqualTo(6);
    }

    @Test
    void aacLatm() {
        TsProbeResult r = probe("aac_latm_48k_stereo.ts");

        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.AUDIO, 0x100, 0x11, "mp4a.40.2", 0, 0, 0, 48000, 2, null));
        assertThat(r.firstPtsTicks90k()).isEqualTo(126_000);
        assertThat(r.lastPtsTicks90k()).isEqualTo(189_360);
    }

    @Test
    void ac3FiveOneWithLanguage() {
        TsProbeResult r = probe("ac3_48k_5ch1.ts");

        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.AUDIO, 0x100, 0x81, "ac-3", 0, 0, 0, 48000, 6, "deu"));
        assertThat(r.firstPtsTicks90k()).isEqualTo(126_000);
        assertThat(r.lastPtsTicks90k()).isEqualTo(298_800);
    }

    @Test
    void ac3AsDvbPrivateData() {
        TsProbeResult r = probe("ac3_48k_stereo_system_b.ts");

        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.AUDIO, 0x100, 0x06, "ac-3", 0, 0, 0, 48000, 2, null));
    }

    @Test
    void eac3AsDvbPrivateData() {
        TsProbeResult r = probe("eac3_48k_stereo_system_b.ts");

        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.AUDIO, 0x100, 0x06, "ec-3", 0, 0, 0, 48000, 2, null));
        assertThat(r.lastPtsTicks90k()).isEqualTo(287_280);
    }

    @Test
    void mpegAudioLayer2() {
        TsProbeResult r = probe("mp2_48k_stereo.ts");

        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.AUDIO, 0x100, 0x03, "mp4a.40.34", 0, 0, 0, 48000, 2, null));
        assertThat(r.firstPtsTicks90k()).isEqualTo(126_000);
        assertThat(r.lastPtsTicks90k()).isEqualTo(292_320);
    }

    @Test
    void probesASubRange() {
        byte[] ts = TsFixtures.load("h264_baseline_320x240_15.ts");
        byte[] padded = new byte[ts.length + 100];
        System.arraycopy(ts, 0, padded, 37, ts.length);

        assertThat(TsProbe.probe(padded, 37, ts.length)).isEqualTo(TsProbe.probe(ts));
    }
}
