package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.packager.store.TimelineEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HLS endpoint's playlist for an fMP4 source: segments passed through, one EXT-X-MAP per discontinuity sequence. */
class Fmp4SourceTest {

    static TimelineEntry entry(long seq, String file, boolean disc, long discSeq, String init) {
        return new TimelineEntry(seq, file, 2_000_000, disc, discSeq, 1_700_000_000_000L + seq * 2000, 1000, 0, List.of(),
                -1, "in1", init);
    }

    @Test
    void anInitPerDiscontinuitySequenceAndNoneForATsRun() {
        List<TimelineEntry> window = List.of(
                entry(5, "a/s5.ts", false, 0, ""),
                entry(6, "a/s6.m4s", true, 1, "a/init.mp4@00aa"),
                entry(7, "a/s7.m4s", false, 1, "a/init.mp4@00aa"),
                entry(8, "a/s8.m4s", true, 2, "a/init.mp4@00bb"));
        assertThat(Fmp4Source.any(window)).isTrue();
        assertThat(Fmp4Source.any(window.subList(0, 1))).isFalse();
        String text = HlsManifestWriter.media(Fmp4Source.layout("index", 3), HlsPackageSpec.PlaylistType.NONE, 0, window, 2,
                false);
        assertThat(text).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:5
                #EXT-X-DISCONTINUITY-SEQUENCE:0
                #EXTINF:2.000,
                index_3_5.ts
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="index_3_init_1.mp4"
                #EXTINF:2.000,
                index_3_6.m4s
                #EXTINF:2.000,
                index_3_7.m4s
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="index_3_init_2.mp4"
                #EXTINF:2.000,
                index_3_8.m4s
                """);
        assertThat(PlaybackRequest.parse("index", "index_3_init_2.mp4")).isEqualTo(new PlaybackRequest.InitSegment(3, 2));
        assertThat(PlaybackRequest.parse("index", "index_3_8.m4s")).isEqualTo(new PlaybackRequest.Segment(3, 8, "m4s"));
        assertThat(PlaybackRequest.parse("index", "index_3_init_x.mp4")).isNull();
    }
}
