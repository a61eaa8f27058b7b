package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.InMemorySegmentStore;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.TimelineEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The re-segmentation group size is pinned per discontinuity run: a segment over its target does not renumber the
 * output, a new run may re-size it with continuous numbers.
 */
class GroupSizePinsTest {
    static final String RENDITION = "in1/index_1";
    static final int SEGMENT_SECONDS = 6;
    static final int WINDOW_SECONDS = 60;
    static final Duration RETENTION = Duration.ofHours(1);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final OutputRendition R = new OutputRendition(1, RENDITION, null, null, null);

    /** Appends segments to the channel's output timeline, as the failover stage does. */
    static void append(SegmentStore store, Channel channel, boolean discontinuity, long... durationsMicros) {
        append(store, channel, RENDITION, "ts", discontinuity, durationsMicros);
    }

    /** Appends segments of one format ({@code ts}, or {@code mp4}: fMP4 with an init segment) to a rendition. */
    static void append(SegmentStore store, Channel channel, String rendition, String ext, boolean discontinuity,
                       long... durationsMicros) {
        RenditionState s = store.renditionState(channel.key(), ChannelTimeline.OUTPUT, rendition);
        List<TimelineEntry> entries = new ArrayList<>();
        long seq = s.nextSequence();
        long disc = s.discontinuityCount();
        long max = s.maxDurationMicros();
        for (int i = 0; i < durationsMicros.length; i++) {
            boolean d = discontinuity && i == 0;
            disc += d ? 1 : 0;
            long t = seq * 180_000;
            entries.add(new TimelineEntry(seq, "seg" + seq + "." + ext, durationsMicros[i], d, disc, seq * 2000, 1000,
                    1000 + seq, List.of(), t, "in1", ext.equals("ts") ? null : "init" + disc + ".mp4"));
            max = Math.max(max, durationsMicros[i]);
            seq++;
        }
        RenditionState next = new RenditionState(s.version() + 1, seq, seq - 1, "seg" + (seq - 1) + "." + ext, disc,
                max, false, 1000 + seq);
        assertThat(store.append(channel.key(), ChannelTimeline.OUTPUT, rendition, s, next, entries, RETENTION)).isTrue();
    }

    static long[] repeat(int count, long micros) {
        long[] d = new long[count];
        java.util.Arrays.fill(d, micros);
        return d;
    }

    static HlsTsOutput packager(SegmentStore store) {
        return new HlsTsOutput(store, new SegmentCache(1 << 20), (c, e) -> null, CLOCK);
    }

    /** What a player sees of a window: media sequence, first input sequence and group size of each segment. */
    static List<String> seen(HlsTsOutput.Window w) {
        List<String> out = new ArrayList<>();
        for (OutputSegmentation.OutputSegment s : w.segments()) {
            out.add(s.mediaSequence() + "@" + s.firstSequence() + "x" + w.groupSize() + "/" + s.entries().size());
        }
        return out;
    }

    static HlsTsOutput.Window window(HlsTsOutput p, Channel channel) {
        return p.window(channel, RENDITION, WINDOW_SECONDS, SEGMENT_SECONDS);
    }

    static Channel channel() {
        return new Channel(new ChannelKey("ns", "pin-" + System.nanoTime()), "", List.of(), List.of(), RETENTION);
    }

    @Test
    void aSegmentOverItsTargetKeepsTheNumberingAndANewRunResizesContinuously() {
        SegmentStore store = new InMemorySegmentStore(CLOCK);
        Channel channel = channel();
        HlsTsOutput packager = packager(store);
        append(store, channel, false, repeat(12, 2_000_000));
        HlsTsOutput.Window before = window(packager, channel);
        assertThat(seen(before)).containsExactly("0@0x3/3", "1@3x3/3", "2@6x3/3", "3@9x3/3");

        append(store, channel, false, 2_600_000, 2_000_000, 2_000_000); // one segment 0.6 s over its 2 s target
        RenditionState state = store.renditionState(channel.key(), ChannelTimeline.OUTPUT, RENDITION);
        assertThat(HlsTsOutput.groupSize(SEGMENT_SECONDS, state)).as("computed now, unpinned").isEqualTo(2);

        HlsTsOutput.Window after = window(packager, channel);
        assertThat(seen(after)).containsExactly("0@0x3/3", "1@3x3/3", "2@6x3/3", "3@9x3/3", "4@12x3/3");
        assertThat(seen(window(packager(store), channel))).as("a restarted packager").isEqualTo(seen(after));
        var joined = packager.find(channel, SEGMENT_SECONDS, R, new HlsTsOutput.JoinedSegment(1, 12, 3));
        assertThat(joined.mediaSequence()).isEqualTo(4);
        assertThat(packager.find(channel, SEGMENT_SECONDS, R, new HlsTsOutput.JoinedSegment(1, 12, 2))).isNull();
        assertThat(packager.currentGroupSize(channel, SEGMENT_SECONDS, R, 3)).isTrue();

        // An encoder restart: the new run computes its size afresh (2), numbered on from 4 without a gap.
        append(store, channel, true, repeat(6, 2_000_000));
        HlsTsOutput.Window next = window(packager, channel);
        assertThat(seen(next)).containsExactly("5@15x2/1", "6@16x2/2", "7@18x2/2");
        assertThat(seen(window(packager(store), channel))).isEqualTo(seen(next));
        assertThat(packager.find(channel, SEGMENT_SECONDS, R, new HlsTsOutput.JoinedSegment(1, 16, 2)).mediaSequence())
                .isEqualTo(6);
        assertThat(packager.find(channel, SEGMENT_SECONDS, R, new HlsTsOutput.JoinedSegment(1, 16, 3))).isNull();
        // the older run's segments keep their URLs and numbers while they are in the timeline
        assertThat(packager.find(channel, SEGMENT_SECONDS, R, new HlsTsOutput.JoinedSegment(1, 12, 3)).mediaSequence())
                .isEqualTo(4);
    }

    @Test
    void anotherSegmentDurationSettingHasItsOwnPin() {
        SegmentStore store = new InMemorySegmentStore(CLOCK);
        Channel channel = channel();
        HlsTsOutput packager = packager(store);
        append(store, channel, false, repeat(12, 2_000_000));
        assertThat(packager.window(channel, RENDITION, WINDOW_SECONDS, 4).groupSize()).isEqualTo(2);
        assertThat(window(packager, channel).groupSize()).isEqualTo(3);
    }

    /**
     * A failover from a TS input to an fMP4 input and back: the fMP4 run passes through (size 1), and the TS run
     * after it is joined again as soon as it starts, numbered on from the pass-through numbers, while the fMP4 run
     * is still in the window (before: the whole window fell back to size 1, renumbering every endpoint).
     */
    @Test
    void aTsFmp4SwitchDecidesTheGroupSizePerRun() {
        SegmentStore store = new InMemorySegmentStore(CLOCK);
        Channel channel = channel();
        HlsTsOutput packager = packager(store);
        append(store, channel, false, repeat(12, 2_000_000));
        assertThat(seen(window(packager, channel))).containsExactly("0@0x3/3", "1@3x3/3", "2@6x3/3", "3@9x3/3");

        append(store, channel, RENDITION, "mp4", true, repeat(6, 2_000_000)); // failover to the fMP4 input
        HlsTsOutput.Window fmp4 = window(packager, channel);
        assertThat(fmp4.groupSize()).as("fMP4 passes through").isEqualTo(1);
        assertThat(fmp4.segments().getLast().mediaSequence()).isEqualTo(17);

        append(store, channel, true, repeat(6, 2_000_000)); // back to the TS input, the fMP4 run still in the window
        HlsTsOutput.Window back = window(packager, channel);
        assertThat(seen(back)).as("joined again, numbered on from 17").containsExactly("18@18x3/1", "19@19x3/2", "20@21x3/3");
        assertThat(packager.find(channel, SEGMENT_SECONDS, R, new HlsTsOutput.JoinedSegment(1, 21, 3)).mediaSequence())
                .isEqualTo(20);
        append(store, channel, false, repeat(3, 2_000_000));
        assertThat(seen(window(packager, channel))).as("stable while the window slides")
                .containsExactly("18@18x3/1", "19@19x3/2", "20@21x3/3", "21@24x3/3");
        assertThat(seen(window(packager(store), channel))).as("a restarted packager")
                .containsExactly("18@18x3/1", "19@19x3/2", "20@21x3/3", "21@24x3/3");
    }

    /**
     * Two renditions whose longest segments differ (2 s and 2.6 s, so 3 and 2 computed alone) get one group size for
     * the run, the first one computed: DASH and MSS representations stay segment-aligned.
     */
    @Test
    void everyRenditionOfARunSharesOneGroupSize() {
        SegmentStore store = new InMemorySegmentStore(CLOCK);
        Channel channel = channel();
        HlsTsOutput packager = packager(store);
        String other = "in1/index_2";
        append(store, channel, false, repeat(12, 2_000_000));
        append(store, channel, other, "ts", false, 2_600_000, 2_000_000, 2_000_000, 2_000_000, 2_000_000, 2_000_000);
        assertThat(HlsTsOutput.groupSize(SEGMENT_SECONDS,
                store.renditionState(channel.key(), ChannelTimeline.OUTPUT, other))).as("computed alone").isEqualTo(2);

        assertThat(window(packager, channel).groupSize()).isEqualTo(3);
        HlsTsOutput.Window second = packager.window(channel, other, WINDOW_SECONDS, SEGMENT_SECONDS);
        assertThat(second.groupSize()).isEqualTo(3);
        assertThat(second.segments()).extracting(OutputSegmentation.OutputSegment::firstSequence).containsExactly(0L, 3L);
    }
}
