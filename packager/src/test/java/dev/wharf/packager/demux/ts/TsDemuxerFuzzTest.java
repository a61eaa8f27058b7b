package dev.wharf.packager.demux.ts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.packager.media.TsProbe;
import dev.wharf.packager.media.TsProbeResult;
import java.util.List;

/**
 * Coverage-guided fuzzing of the ingest-side MPEG-TS code: {@link TsDemuxer} and {@link TsProbe}
 * (docs/security.md). Seeds are the first packets of the committed fixtures in media/.
 *
 * <p>Properties: neither throws; {@link TsProbe} never reports its "internal error" fallback (that
 * would be a parser bug it swallowed); the demuxer's output is bounded by its input (sample bytes at
 * most twice the input: Annex B start codes become 4-byte lengths); and cutting the input into
 * chunks of any size gives the same tracks and samples as feeding it whole.
 */
class TsDemuxerFuzzTest {

    /** Entry point of Jazzer's standalone driver (bench/fuzz.sh); the @FuzzTest runs the same code. */
    public static void fuzzerTestOneInput(byte[] input) {
        TsProbeResult probe = TsProbe.probe(input);
        if (!probe.valid()) {
            assertThat(probe.error()).doesNotContain("internal error").hasSizeLessThan(400);
        }

        TsDemuxer whole = Fixtures.feedInChunks(input, Math.max(1, input.length));
        long sampleBytes = 0;
        long samples = 0;
        for (var t : whole.tracks()) {
            for (var s : whole.samples(t.trackId())) {
                sampleBytes += s.length();
                samples++;
            }
        }
        assertThat(sampleBytes).isLessThanOrEqualTo(2L * input.length);
        assertThat(samples).isLessThanOrEqualTo(input.length);

        int chunk = 1 + input.length % 251; // varies with the input, and often cuts packets
        List<String> expected = TsDemuxerChunkingTest.render(whole);
        assertThat(TsDemuxerChunkingTest.render(Fixtures.feedInChunks(input, chunk)))
                .as("chunks of %d", chunk).isEqualTo(expected);
    }

    @FuzzTest(maxDuration = "10s")
    void demux(byte[] input) {
        fuzzerTestOneInput(input);
    }
}
