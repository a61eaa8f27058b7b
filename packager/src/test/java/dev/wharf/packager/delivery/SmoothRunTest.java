package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.store.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every quality level of a Smooth manifest lists one discontinuity run: while a discontinuity has reached one
 * rendition and not yet the others, the manifest stays on the previous run, so the video levels keep their common
 * chunk times and video and audio come from one run.
 */
class SmoothRunTest {

    /** A level's window: {@code before} 2 s entries of run 0, then {@code after} entries of run 1. */
    static List<TimelineEntry> level(int before, int after, long ingestedAtStart) {
        List<TimelineEntry> out = new ArrayList<>();
        for (int i = 0; i < before + after; i++) {
            boolean next = i >= before;
            out.add(new TimelineEntry(i, "seg" + i + ".ts", 2_000_000, next && i == before, next ? 1 : 0, 0, 1000,
                    ingestedAtStart + i * 2000L, List.of(), i * 180_000L, "in1"));
        }
        return out;
    }

    /** The chunk start times (entry sequences here) the stream's levels have in common in {@code run}. */
    static List<Long> common(List<List<TimelineEntry>> levels, long run) {
        List<Long> times = null;
        for (List<TimelineEntry> l : levels) {
            List<Long> own = l.stream().filter(e -> e.discontinuitySequence() == run).map(TimelineEntry::sequence).toList();
            times = times == null ? new ArrayList<>(own) : new ArrayList<>(times.stream().filter(own::contains).toList());
        }
        return times;
    }

    @Test
    void aDiscontinuityThatReachedOneRenditionOnlyKeepsEveryLevelOnThePreviousRun() {
        List<TimelineEntry> high = level(5, 1, 1_000_000); // already has the new run's first segment
        List<TimelineEntry> low = level(5, 0, 1_000_500);  // not yet
        List<TimelineEntry> audio = level(5, 0, 1_000_700);
        long run = SmoothPlayback.commonRun(List.of(high, low, audio));
        assertThat(run).isZero();
        assertThat(common(List.of(high, low), run)).as("the video StreamIndex keeps its chunks")
                .containsExactly(0L, 1L, 2L, 3L, 4L);

        // once every rendition has the new run, the manifest moves to it, video and audio together
        List<TimelineEntry> lowNext = level(5, 1, 1_000_500);
        List<TimelineEntry> audioNext = level(5, 1, 1_000_700);
        assertThat(SmoothPlayback.commonRun(List.of(high, lowNext, audioNext))).isEqualTo(1);
    }

    @Test
    void aRenditionThatStoppedDoesNotHoldTheManifestOnAnOldRun() {
        List<TimelineEntry> live = level(5, 10, 1_000_000);
        List<TimelineEntry> gone = level(5, 0, 1_000_000); // the new input has no such rendition: 20 s behind
        assertThat(SmoothPlayback.commonRun(List.of(live, gone))).isEqualTo(1);
    }
}
