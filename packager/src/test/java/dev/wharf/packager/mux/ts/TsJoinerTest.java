package dev.wharf.packager.mux.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.demux.ts.DemuxResult;
import dev.wharf.packager.demux.ts.TsDemuxer;
import dev.wharf.packager.sample.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TsJoinerTest {

    private static List<String> describe(DemuxResult d) {
        List<String> out = new ArrayList<>();
        d.samples().forEach((track, samples) -> {
            for (Sample s : samples) {
                out.add(track + " " + s.decodeTime() + " " + s.compositionOffset() + " " + s.sync() + " "
                        + Arrays.hashCode(Arrays.copyOfRange(s.data(), s.offset(), s.offset() + s.length())));
            }
        });
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h264_main_640x360_30_aac_48k_stereo.ts", "hevc_main_640x360_30.ts", "h264_pts_wrap.ts",
            "ac3_48k_5ch1.ts"})
    void continuousSegmentsJoinToTheirPlainConcatenation(String fixture) {
        byte[] ts = TsTestFiles.load(fixture);
        assertThat(TsJoiner.join(TsTestFiles.cut(ts, 3))).isEqualTo(ts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h264_main_640x360_30_aac_48k_stereo.ts", "hevc_main_640x360_30.ts", "h264_pts_wrap.ts"})
    void countersRestartedInEverySegmentAreRenumberedIntoOneSequence(String fixture) {
        byte[] ts = TsTestFiles.load(fixture);
        List<byte[]> segments = TsTestFiles.cut(ts, 3).stream().map(TsTestFiles::restartCounters).toList();
        DemuxResult naive = TsDemuxer.demux(TsTestFiles.concat(segments));
        assertThat(naive.continuityErrors()).as("the plain concatenation breaks the counters").isPositive();

        byte[] joined = TsJoiner.join(segments);
        DemuxResult d = TsDemuxer.demux(joined);
        assertThat(d.continuityErrors()).isZero();
        assertThat(d.corruptPackets()).isZero();
        // same stream: the samples of the original, every byte and time
        assertThat(describe(d)).isEqualTo(describe(TsDemuxer.demux(ts)));
        // only the counter nibbles changed
        for (int p = 0; p < ts.length; p++) {
            if (p % TsJoiner.PACKET != 3) {
                assertThat(joined[p]).as("byte %d", p).isEqualTo(ts[p]);
            }
        }
        assertThat(joined).isEqualTo(ts);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aDuplicatePacketStaysADuplicate(int segmentWithDuplicate) {
        byte[] ts = TsTestFiles.load("h264_main_640x360_30_aac_48k_stereo.ts");
        List<byte[]> segments = new ArrayList<>(TsTestFiles.cut(ts, 2).stream().map(TsTestFiles::restartCounters).toList());
        // repeat the segment's 5th packet right after itself (ISO/IEC 13818-1 2.4.3.3 allows one duplicate)
        byte[] s = segments.get(segmentWithDuplicate - 1);
        int at = 4 * TsJoiner.PACKET;
        byte[] dup = new byte[s.length + TsJoiner.PACKET];
        System.arraycopy(s, 0, dup, 0, at + TsJoiner.PACKET);
        System.arraycopy(s, at, dup, at + TsJoiner.PACKET, s.length - at);
        segments.set(segmentWithDuplicate - 1, dup);

        byte[] joined = TsJoiner.join(segments);
        int p = (segmentWithDuplicate == 1 ? 0 : segments.get(0).length) + at;
        assertThat(joined[p + 3] & 0x0F).isEqualTo(joined[p + TsJoiner.PACKET + 3] & 0x0F);
        assertThat(TsDemuxer.demux(joined).continuityErrors()).isZero();
        assertThat(describe(TsDemuxer.demux(joined))).isEqualTo(describe(TsDemuxer.demux(ts)));
    }
}
