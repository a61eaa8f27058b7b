package dev.wharf.packager.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Sanity check of the cost model, not a benchmark: a ~2 MB segment must be probed far faster than it is
 * ingested. The floor is deliberately loose (a regression to per-byte work on every packet would fail it);
 * the measured rate is printed to the test output.
 */
class TsProbeThroughputTest {

    @Test
    void probesTwoMegabyteSegmentsQuickly() {
        byte[] one = TsFixtures.load("h264_high_854x480_25_aac_44k_mono.ts");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 2_000_000) {
            out.writeBytes(one);
        }
        byte[] segment = out.toByteArray();

        long checksum = 0;
        for (int i = 0; i < 300; i++) { // warm-up
            checksum += TsProbe.probe(segment).keyframeCount();
        }
        int rounds = 500;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            checksum += TsProbe.probe(segment).keyframeCount();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double mbPerSecond = (double) segment.length * rounds / seconds / 1e6;
        System.out.printf("TsProbe: %.0f MB/s over %d bytes (%.3f ms per segment)%n",
                mbPerSecond, segment.length, seconds * 1000 / rounds);

        assertThat(checksum).isPositive();
        assertThat(mbPerSecond).isGreaterThan(100);
    }
}
