package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.delivery.OutputSegmentation.OutputSegment;
import dev.wharf.packager.store.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputSegmentationTest {

    /** Entries {@code from..to} (inclusive), 2 s each; the sequences in {@code discontinuities} start a new run. */
    private static List<TimelineEntry> timeline(long from, long to, Set<Long> discontinuities) {
        List<TimelineEntry> out = new ArrayList<>();
        long disc = 0;
        for (long s = 0; s <= to; s++) {
            boolean d = discontinuities.contains(s);
            if (d) {
                disc++;
            }
            if (s >= from) {
                out.add(new TimelineEntry(s, "seg" + s + ".ts", 2_000_000, d, disc, 1_700_000_000_000L + s * 2000,
                        1000, 0, List.of()));
            }
        }
        return out;
    }

    private static List<List<Long>> firsts(List<OutputSegment> segments) {
        List<List<Long>> out = new ArrayList<>();
        for (OutputSegment s : segments) {
            out.add(s.entries().stream().map(TimelineEntry::sequence).toList());
        }
        return out;
    }

    private static List<Long> numbers(List<OutputSegment> segments) {
        return segments.stream().map(OutputSegment::mediaSequence).toList();
    }

    @ParameterizedTest(name = "{0} s over {1} s input -> {2}")
    @CsvSource({"6,2,3", "4,2,2", "6,1,6", "2,2,1", "1,2,1", "5,2,3", "3,2,2", "7,6,1", "30,2,15", "6,0,1"})
    void groupSizeIsTheRoundedMultiple(int segmentSeconds, int inputSeconds, int expected) {
        assertThat(OutputSegmentation.groupSize(segmentSeconds, inputSeconds)).isEqualTo(expected);
    }

    @Test
    void groupsAreAlignedToAbsoluteSequenceNumbers() {
        List<OutputSegment> s = OutputSegmentation.segments(timeline(0, 8, Set.of()), 3, false);
        assertThat(firsts(s)).containsExactly(List.of(0L, 1L, 2L), List.of(3L, 4L, 5L), List.of(6L, 7L, 8L));
        assertThat(numbers(s)).containsExactly(0L, 1L, 2L);
        assertThat(s.get(1).durationMicros()).isEqualTo(6_000_000);
        TimelineEntry line = s.get(1).asEntry();
        assertThat(line.sequence()).isEqualTo(1);
        assertThat(line.durationMicros()).isEqualTo(6_000_000);
        assertThat(line.programDateTimeMillis()).isEqualTo(1_700_000_000_000L + 3 * 2000);
        assertThat(line.file()).isEqualTo("seg3.ts");
    }

    @Test
    void aWindowStartingMidGroupStartsAtTheNextGroup() {
        // what a process that first saw entry 4 (or a sliding window) gets: the same cuts and numbers
        List<OutputSegment> s = OutputSegmentation.segments(timeline(4, 11, Set.of()), 3, false);
        assertThat(firsts(s)).containsExactly(List.of(6L, 7L, 8L), List.of(9L, 10L, 11L));
        assertThat(numbers(s)).containsExactly(2L, 3L);
    }

    @Test
    void theLiveEdgeShowsOnlyCompleteGroups() {
        assertThat(firsts(OutputSegmentation.segments(timeline(0, 4, Set.of()), 3, false)))
                .containsExactly(List.of(0L, 1L, 2L));
        assertThat(firsts(OutputSegmentation.segments(timeline(0, 5, Set.of()), 3, false)))
                .containsExactly(List.of(0L, 1L, 2L), List.of(3L, 4L, 5L));
        // once the rendition ended, the tail is the last segment
        assertThat(firsts(OutputSegmentation.segments(timeline(0, 4, Set.of()), 3, true)))
                .containsExactly(List.of(0L, 1L, 2L), List.of(3L, 4L));
    }

    @Test
    void aDiscontinuityInsideAGroupEndsItEarly() {
        List<OutputSegment> s = OutputSegmentation.segments(timeline(0, 11, Set.of(4L)), 3, false);
        assertThat(firsts(s)).containsExactly(List.of(0L, 1L, 2L), List.of(3L), List.of(4L, 5L), List.of(6L, 7L, 8L),
                List.of(9L, 10L, 11L));
        assertThat(numbers(s)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(s.get(2).asEntry().discontinuity()).isTrue();
        assertThat(s.get(2).asEntry().discontinuitySequence()).isEqualTo(1);
    }

    @Test
    void theFirstPieceIsListedAsSoonAsTheDiscontinuityArrives() {
        // entries 3 and 4 (a discontinuity): [3] is complete, [4, 5) is not yet
        List<OutputSegment> s = OutputSegmentation.segments(timeline(0, 4, Set.of(4L)), 3, false);
        assertThat(firsts(s)).containsExactly(List.of(0L, 1L, 2L), List.of(3L));
    }

    @Test
    void aDiscontinuityOnAGroupStartIsCutAfterItsFirstEntrySoNumbersHaveNoGap() {
        List<OutputSegment> s = OutputSegmentation.segments(timeline(0, 11, Set.of(6L)), 3, false);
        assertThat(firsts(s)).containsExactly(List.of(0L, 1L, 2L), List.of(3L, 4L, 5L), List.of(6L), List.of(7L, 8L),
                List.of(9L, 10L, 11L));
        assertThat(numbers(s)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void numbersAreConsecutiveAndStableWhateverTheWindow() {
        Set<Long> disc = Set.of(4L, 9L, 10L, 15L, 16L, 20L);
        List<OutputSegment> all = OutputSegmentation.segments(timeline(0, 29, disc), 3, false);
        List<Long> numbers = numbers(all);
        for (int i = 0; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("consecutive from 0").isEqualTo(i);
        }
        // every piece is one run: never joined across a discontinuity
        for (OutputSegment s : all) {
            for (int i = 1; i < s.entries().size(); i++) {
                assertThat(s.entries().get(i).discontinuity()).isFalse();
            }
        }
        // any later window (another replica, a restart, a sliding window) cuts and numbers the same segments
        for (long from = 1; from < 25; from++) {
            for (OutputSegment s : OutputSegmentation.segments(timeline(from, 29, disc), 3, false)) {
                OutputSegment same = all.stream().filter(a -> a.firstSequence() == s.firstSequence()).findFirst()
                        .orElseThrow();
                assertThat(s).as("window from %d", from).isEqualTo(same);
            }
        }
    }

    @Test
    void findLocatesASegmentFromItsGroup() {
        List<TimelineEntry> group = timeline(3, 6, Set.of(4L));
        assertThat(OutputSegmentation.find(group, 3, false, 4).entries()).extracting(TimelineEntry::sequence)
                .containsExactly(4L, 5L);
        assertThat(OutputSegmentation.find(group, 3, false, 5)).as("not a segment start").isNull();
        assertThat(OutputSegmentation.find(timeline(3, 4, Set.of()), 3, false, 3)).as("incomplete").isNull();
    }

    @Test
    void groupSizeOneIsThePassThrough() {
        List<OutputSegment> s = OutputSegmentation.segments(timeline(5, 8, Set.of(7L)), 1, false);
        assertThat(numbers(s)).containsExactly(5L, 6L, 7L, 8L);
        assertThat(firsts(s)).containsExactly(List.of(5L), List.of(6L), List.of(7L), List.of(8L));
    }
}
