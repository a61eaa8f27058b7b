package dev.wharf.packager.failover;

import dev.wharf.testing.SteppedClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.Input;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.InMemorySegmentStore;
import dev.wharf.packager.store.RenditionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channel's active-input decision outlives the retention while its input keeps delivering. It used to be written
 * once, with the retention as its time to live: one retention (240 s for a 60 s playlist window) after the first
 * segment it expired, and until the next playlist PUT every playlist and segment GET got a 404 (the load test's
 * "404 bursts" ~4 min into the stream), and a standby input that PUT first took over.
 */
class ChannelTimelineDecisionTtlTest {

    private static final Duration RETENTION = Duration.ofSeconds(240);
    private static final Channel CHANNEL = new Channel(new ChannelKey("default", "demo"), "test",
            List.of(new Input("in1", "u", "p".toCharArray()), new Input("in2", "u", "p".toCharArray())), List.of(),
            RETENTION);
    private static final String RENDITION = "channel_0.m3u8";

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final InMemorySegmentStore store = new InMemorySegmentStore(clock);
    private final ChannelTimeline timeline = new ChannelTimeline(store, clock, (c, from, to, n) -> { });

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anInputPushingEveryTwoSecondsStaysActiveForFourRetentions() {
        timeline.advance(CHANNEL, "in1", RENDITION);
        long end = clock.millis() + 4 * RETENTION.toMillis();
        while (clock.millis() < end) {
            clock.step(2_000);
            // what a playback request sees just before the encoder's next playlist PUT
            assertThat(timeline.decision(CHANNEL).activeInput()).as("active input at +%d ms", clock.elapsed())
                    .isEqualTo("in1");
            timeline.advance(CHANNEL, "in1", RENDITION);
        }
        assertThat(timeline.decision(CHANNEL).failovers()).isZero();
    }

    @Test
    void aStandbyThatPushesFirstDoesNotTakeOverAfterOneRetention() {
        delivered("in1");
        timeline.advance(CHANNEL, "in1", RENDITION);
        long end = clock.millis() + 2 * RETENTION.toMillis();
        while (clock.millis() < end) {
            clock.step(2_000);
            delivered("in2");
            assertThat(timeline.advance(CHANNEL, "in2", RENDITION)).as("active after the standby's PUT at +%d ms",
                    clock.elapsed()).isEqualTo("in1");
            delivered("in1");
            timeline.advance(CHANNEL, "in1", RENDITION);
        }
        assertThat(timeline.decision(CHANNEL).failovers()).isZero();
    }

    /** The input's rendition took a segment now (what {@code TimelineWriter} records before the channel advances). */
    private void delivered(String input) {
        RenditionState s = store.renditionState(CHANNEL.key(), input, RENDITION);
        assertThat(store.append(CHANNEL.key(), input, RENDITION, s, new RenditionState(s.version() + 1,
                s.nextSequence() + 1, s.lastIngestSequence() + 1, "seg.ts", 0, 2_000_000, false, clock.millis()),
                List.of(), RETENTION)).isTrue();
    }

    /** A clock the test moves forward. */
}
