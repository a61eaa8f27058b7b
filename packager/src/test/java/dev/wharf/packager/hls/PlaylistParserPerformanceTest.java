package dev.wharf.packager.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A coarse guard against accidental slowness (regex or quadratic work per line). The goal is well
 * under 50 µs for a 60-segment live playlist on a warm JIT; the bound asserted here is loose so a
 * busy CI machine does not fail it.
 */
class PlaylistParserPerformanceTest {

    static String sixtySegmentPlaylist() {
        StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:40317\n");
        long pdt = Instant.parse("2024-05-14T09:21:00Z").toEpochMilli();
        for (int k = 0; k < 60; k++) {
            text.append("#EXTINF:2.002000,\n")
                    .append("#EXT-X-PROGRAM-DATE-TIME:").append(Instant.ofEpochMilli(pdt + k * 2002L)).append('\n')
                    .append("stream_0_").append(40317 + k).append(".ts\n");
            if (k % 20 == 10) {
                text.append("#EXT-X-CUE-OUT-CONT:ElapsedTime=2.002,Duration=30\n");
            }
        }
        return text.toString();
    }

    @Test
    void sixtySegmentsParseQuickly() throws Exception {
        String text = sixtySegmentPlaylist();
        assertThat(((MediaPlaylist) PlaylistParser.parse(text)).segments()).hasSize(60);
        for (int k = 0; k < 10_000; k++) {
            PlaylistParser.parse(text);
        }
        int runs = 5_000;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int k = 0; k < runs; k++) {
                PlaylistParser.parse(text);
            }
            best = Math.min(best, (System.nanoTime() - start) / runs);
        }
        System.out.printf("60-segment media playlist: %.1f µs per parse%n", best / 1000.0);
        assertThat(best).as("nanoseconds per parse").isLessThan(250_000);
    }
}
