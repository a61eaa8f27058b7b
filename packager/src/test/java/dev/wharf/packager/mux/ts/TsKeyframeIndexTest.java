package dev.wharf.packager.mux.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.demux.ts.DemuxResult;
import dev.wharf.packager.demux.ts.TsDemuxer;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TsKeyframeIndexTest {
    static final long WRAP = 1L << 33;

    @ParameterizedTest
    @ValueSource(strings = {"h264_main_640x360_30_aac_48k_stereo.ts", "h264_pts_wrap.ts", "h264_high_1920x1080i25.ts",
            "hevc_main_640x360_30.ts", "h264_baseline_320x240_15.ts"})
    void findsTheKeyframesFfprobeFinds(String fixture) {
        List<TsKeyframeIndex.Keyframe> k = TsKeyframeIndex.index(TsTestFiles.load(fixture));
        assertThat(k.stream().map(f -> f.pts90k() % WRAP).toList())
                .isEqualTo(TsTestFiles.ffprobeKeyframePts(fixture).stream().map(p -> Math.floorMod(p, WRAP)).toList());
    }

    /**
     * What a player of the I-frame playlist does: loads the start of the resource up to the first keyframe (the
     * Media Initialization Section, RFC 8216 4.3.3.6) and one keyframe's byte range; that must decode to that
     * keyframe.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h264_pts_wrap.ts", "h264_high_1920x1080i25.ts", "hevc_main_640x360_30.ts"})
    void eachRangeWithTheInitializationSectionIsItsKeyframe(String fixture) {
        byte[] ts = TsTestFiles.load(fixture);
        List<TsKeyframeIndex.Keyframe> keyframes = TsKeyframeIndex.index(ts);
        assertThat(keyframes).isNotEmpty();
        int init = (int) keyframes.getFirst().offset();
        for (TsKeyframeIndex.Keyframe k : keyframes) {
            assertThat(k.offset() % TsJoiner.PACKET).isZero();
            assertThat(k.length() % TsJoiner.PACKET).isZero();
            assertThat(ts[(int) k.offset()]).isEqualTo((byte) 0x47);
            byte[] alone = TsTestFiles.concat(List.of(Arrays.copyOfRange(ts, 0, init),
                    Arrays.copyOfRange(ts, (int) k.offset(), (int) (k.offset() + k.length()))));
            DemuxResult d = TsDemuxer.demux(alone);
            TrackFormat video = d.tracks().stream().filter(t -> t.kind() == TrackFormat.Kind.VIDEO).findFirst().orElseThrow();
            List<Sample> samples = d.samples(video.trackId());
            assertThat(samples).as("one access unit").hasSize(1);
            assertThat(samples.getFirst().sync()).isTrue();
            assertThat(Math.floorMod(samples.getFirst().presentationTime(), WRAP)).isEqualTo(k.pts90k());
        }
    }

    @Test
    void audioOnlyHasNoKeyframes() {
        assertThat(TsKeyframeIndex.index(TsTestFiles.load("aac_only_44k_stereo.ts"))).isEmpty();
    }
}
