package dev.wharf.packager.demux.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The output must not depend on how the input is cut (Shaka mp2t_media_parser_unittest feeds 17 and 512 bytes). */
class TsDemuxerChunkingTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "h264_main_640x360_30_aac_48k_stereo.ts", "h264_high_854x480_25_aac_44k_mono.ts",
            "h264_high_1920x1080_2997.ts", "h264_high_1920x1080i25.ts", "h264_baseline_320x240_15.ts",
            "h264_pts_wrap.ts", "hevc_main_640x360_30.ts", "aac_only_44k_stereo.ts", "ac3_48k_5ch1.ts",
            "ac3_48k_stereo_system_b.ts", "eac3_48k_stereo_system_b.ts", "mp2_48k_stereo.ts"})
    void sameTracksAndSamplesForAnyChunkSize(String fixture) {
        byte[] ts = Fixtures.load(fixture);
        List<String> whole = render(Fixtures.feedInChunks(ts, ts.length));

        for (int chunk : new int[] {1, 17, 188, 512}) {
            assertThat(render(Fixtures.feedInChunks(ts, chunk))).as("chunks of %d", chunk).isEqualTo(whole);
        }
    }

    static List<String> render(TsDemuxer d) {
        List<String> out = new ArrayList<>();
        d.tracks().forEach(t -> out.add(Fixtures.describe(t)));
        d.tracks().forEach(t -> d.samples(t.trackId()).forEach(s -> out.add(Fixtures.describe(s))));
        out.add("cc=" + d.continuityErrors() + " corrupt=" + d.corruptPackets() + " skipped=" + d.skippedBytes());
        return out;
    }
}
