package dev.wharf.packager.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelTimelineUnwrapTest {
    private static final long WRAP = 1L << 33;

    @Test
    void firstAndUnknownTimes() {
        assertThat(ChannelTimeline.unwrapAfter(-1, 12_345)).isEqualTo(12_345);
        assertThat(ChannelTimeline.unwrapAfter(12_345, -1)).isEqualTo(-1);
    }

    @Test
    void continuesPastTheWrapAndKeepsCounting() {
        long t = WRAP - 180_000; // 2 s before the wrap
        t = ChannelTimeline.unwrapAfter(t, 0); // next segment's raw PTS wrapped
        assertThat(t).isEqualTo(WRAP);
        t = ChannelTimeline.unwrapAfter(t, 180_000);
        assertThat(t).isEqualTo(WRAP + 180_000);
        // the second wrap, a day later
        t = ChannelTimeline.unwrapAfter(2 * WRAP - 90_000, 90_000);
        assertThat(t).isEqualTo(2 * WRAP + 90_000);
    }

    @Test
    void aJumpBackAtAnEncoderRestartStaysNearTheRawTime() {
        assertThat(ChannelTimeline.unwrapAfter(WRAP + 900_000, 800_000)).isEqualTo(WRAP + 800_000);
        // would go below zero: the raw value instead
        assertThat(ChannelTimeline.unwrapAfter(1_000, WRAP - 5_000)).isEqualTo(WRAP - 5_000);
    }
}
