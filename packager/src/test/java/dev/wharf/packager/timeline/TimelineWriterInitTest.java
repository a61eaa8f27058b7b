package dev.wharf.packager.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.hls.MediaPlaylist;
import dev.wharf.packager.hls.PlaylistParser;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.TimelineEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Segments bound to init segments by {@code EXT-X-MAP}: each entry records its init, a new init starts a discontinuity. */
class TimelineWriterInitTest {

    static MediaPlaylist playlist(String text) throws Exception {
        return (MediaPlaylist) PlaylistParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachEntryRecordsItsInitAndANewInitIsADiscontinuity() throws Exception {
        MediaPlaylist p = playlist("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:10
                #EXT-X-MAP:URI="init_a.mp4"
                #EXTINF:2.0,
                s10.m4s
                #EXTINF:2.0,
                s11.m4s
                #EXT-X-MAP:URI="init_b.mp4"
                #EXTINF:2.0,
                s12.m4s
                """);
        var plan = TimelineWriter.plan(RenditionState.EMPTY, "live/v.m3u8", p, file -> 100,
                init -> init + "@0011", "", (file, init) -> init.isEmpty() ? -1 : 7, 1_000_000);
        List<TimelineEntry> e = plan.entries();
        assertThat(e).extracting(TimelineEntry::file).containsExactly("live/s10.m4s", "live/s11.m4s", "live/s12.m4s");
        assertThat(e).extracting(TimelineEntry::initFile)
                .containsExactly("live/init_a.mp4@0011", "live/init_a.mp4@0011", "live/init_b.mp4@0011");
        assertThat(e).extracting(TimelineEntry::discontinuity).containsExactly(false, false, true);
        assertThat(e).extracting(TimelineEntry::discontinuitySequence).containsExactly(0L, 0L, 1L);
        assertThat(e).extracting(TimelineEntry::mediaTime90k).containsOnly(7L);

        // the next playlist: same init as the last entry, no discontinuity; another one, a discontinuity
        MediaPlaylist next = playlist("""
                #EXTM3U
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:12
                #EXT-X-MAP:URI="init_b.mp4"
                #EXTINF:2.0,
                s12.m4s
                #EXTINF:2.0,
                s13.m4s
                """);
        var again = TimelineWriter.plan(plan.next(), "live/v.m3u8", next, file -> 100, init -> init + "@0011",
                "live/init_b.mp4@0011", (file, init) -> -1, 2_000_000);
        assertThat(again.entries()).extracting(TimelineEntry::discontinuity).containsExactly(false);
        var changed = TimelineWriter.plan(plan.next(), "live/v.m3u8", next, file -> 100, init -> init + "@0022",
                "live/init_b.mp4@0011", (file, init) -> -1, 2_000_000);
        assertThat(changed.entries()).extracting(TimelineEntry::discontinuity).containsExactly(true);
        assertThat(changed.entries().getFirst().discontinuitySequence()).isEqualTo(2);
    }

    @Test
    void segmentsWaitForTheirInit() throws Exception {
        MediaPlaylist p = playlist("""
                #EXTM3U
                #EXT-X-TARGETDURATION:2
                #EXT-X-MAP:URI="init_a.mp4"
                #EXTINF:2.0,
                s0.m4s
                #EXT-X-MAP:URI="init_b.mp4"
                #EXTINF:2.0,
                s1.m4s
                """);
        Set<String> arrived = Set.of("init_a.mp4");
        var plan = TimelineWriter.plan(RenditionState.EMPTY, "v.m3u8", p, file -> 100,
                init -> arrived.contains(init) ? init + "@01" : null, "", (file, init) -> -1, 1_000_000);
        assertThat(plan.entries()).extracting(TimelineEntry::file).containsExactly("s0.m4s");
        assertThat(plan.waiting()).isEqualTo(1);
    }

    @Test
    void tsSegmentsHaveNoInit() throws Exception {
        MediaPlaylist p = playlist("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\ns0.ts\n");
        var plan = TimelineWriter.plan(RenditionState.EMPTY, "v.m3u8", p, file -> 100, init -> "never", "",
                (file, init) -> 5, 1_000_000);
        assertThat(plan.entries()).extracting(TimelineEntry::initFile).containsExactly("");
    }
}
