package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.store.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitleOutputsTest {
    static final long PDT = 1_764_077_946_040L;

    static TimelineEntry entry(long seq, long pdt, long mediaTime90k) {
        return new TimelineEntry(seq, "f" + seq, 2_000_000, false, 0, pdt, 100, pdt, List.of(), mediaTime90k, "in1");
    }

    static List<TimelineEntry> video() {
        List<TimelineEntry> v = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            v.add(entry(i, PDT + i * 2000L, 127_920 + i * 180_000L));
        }
        return v;
    }

    @Test
    void theSubtitlesSegmentTakesTheTimesOfTheVideoSegmentCutWithIt() {
        // program date times of the two renditions differ by a few ms (ffmpeg writes each from its own clock reading)
        TimelineEntry text = entry(2, PDT + 4000 + 29, -1);
        TimelineEntry v = SubtitleOutputs.videoMatch(video(), text);
        assertThat(v.sequence()).isEqualTo(2);
        assertThat(v.mediaTime90k()).isEqualTo(127_920 + 360_000);
        assertThat(SubtitleOutputs.ticks90k(v)).isEqualTo(180_000);
        // a different output numbering does not matter, the time does
        assertThat(SubtitleOutputs.videoMatch(video(), entry(7, PDT + 2000 - 15, -1)).sequence()).isEqualTo(1);
    }

    @Test
    void aSubtitlesPlaylistArrivingLateStillMatchesTheVideoSegmentCutWithIt() {
        // no source PDT: each entry's time is its playlist's arrival; the subtitles playlist listing segment 2 came
        // 1.2 s (more than half a 2 s segment) after the video's, nearer video segment 3's time than segment 2's
        TimelineEntry late = entry(2, PDT + 4000 + 1200, -1);
        assertThat(SubtitleOutputs.videoMatch(video(), late).sequence()).isEqualTo(2);
        // arriving early (the video playlist was the late one) is the same
        assertThat(SubtitleOutputs.videoMatch(video(), entry(3, PDT + 6000 - 1500, -1)).sequence()).isEqualTo(3);
        // the DASH track keeps the video's times for it: the cues are neither clipped nor shifted a segment
        OutputRendition subs = new OutputRendition(3, "subs.m3u8", null, new dev.wharf.packager.hls.Rendition(
                "SUBTITLES", "subs", "English", "eng", "subs.m3u8", true, true, false, null, null, null,
                java.util.Map.of()), null);
        List<TimelineEntry> text = List.of(entry(1, PDT + 2000 + 5, -1), late, entry(3, PDT + 6000 + 30, -1));
        assertThat(SubtitleOutputs.dash(subs, text, video()).segments()).containsExactly(
                new DashManifestWriter.TextSegment(1, 0, 307_920, 180_000),
                new DashManifestWriter.TextSegment(2, 0, 487_920, 180_000),
                new DashManifestWriter.TextSegment(3, 0, 667_920, 180_000));
    }

    @Test
    void sameNumberAcrossADiscontinuityOrFarApartInTimeIsNotAMatch() {
        // same number, other discontinuity sequence: numbered differently, so the time decides
        TimelineEntry otherRun = new TimelineEntry(2, "f2", 2_000_000, true, 1, PDT + 6000 + 10, 100, PDT, List.of(), -1, "in1");
        assertThat(SubtitleOutputs.videoMatch(video(), otherRun).sequence()).isEqualTo(3);
        // same number, but two segments or more apart: a subtitles timeline that started later; the time decides
        assertThat(SubtitleOutputs.videoMatch(video(), entry(1, PDT + 8000 + 20, -1)).sequence()).isEqualTo(4);
    }

    @Test
    void noVideoSegmentWithinHalfASegmentNoMatch() {
        assertThat(SubtitleOutputs.videoMatch(video(), entry(9, PDT + 10_000 + 1001, -1))).isNull();
        assertThat(SubtitleOutputs.videoMatch(List.of(), entry(0, PDT, -1))).isNull();
        // video entries without a media time are not used
        assertThat(SubtitleOutputs.videoMatch(List.of(entry(0, PDT, -1)), entry(0, PDT, -1))).isNull();
    }

    @Test
    void theDashTrackListsOnlyMatchedSegmentsOnTheVideosTimeLine() {
        OutputRendition subs = new OutputRendition(3, "subs.m3u8", null, new dev.wharf.packager.hls.Rendition(
                "SUBTITLES", "subs", "English", "eng", "subs.m3u8", true, true, false, null, null, null,
                java.util.Map.of()), null);
        List<TimelineEntry> text = List.of(entry(0, PDT + 3, -1), entry(1, PDT + 2002, -1), entry(2, PDT + 60_000, -1));
        DashManifestWriter.TextTrack t = SubtitleOutputs.dash(subs, text, video());
        assertThat(t.lang()).isEqualTo("eng");
        assertThat(t.segments()).containsExactly(new DashManifestWriter.TextSegment(0, 0, 127_920, 180_000),
                new DashManifestWriter.TextSegment(1, 0, 307_920, 180_000));
    }
}
