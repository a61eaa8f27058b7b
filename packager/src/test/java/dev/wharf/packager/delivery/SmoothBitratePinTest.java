package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.ChannelRegistry;
import dev.wharf.packager.config.PackagerConfig;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.metrics.PackagerMetrics;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.InMemorySegmentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Smooth quality level's {@code Bitrate} names its URLs ({@code QualityLevels(bitrate)/Fragments(...)}), which CDNs
 * cache for up to a day: once a level has a bitrate, no other level of the stream may get it.
 */
class SmoothBitratePinTest {

    @Test
    void aLevelListedLaterNeverTakesTheBitrateAnotherLevelPinned() {
        InMemorySegmentStore store = new InMemorySegmentStore();
        Clock clock = Clock.systemUTC();
        PlaybackService playback = new PlaybackService(ChannelRegistry.of(new PackagerConfig()), store, new SegmentCache(1 << 20), new SegmentCache(1 << 20),
                new PackagerMetrics(), new ChannelTimeline(store, clock, (c, from, to, n) -> {}), clock);
        SmoothPlayback smooth = new SmoothPlayback(playback);
        Channel channel = new Channel(new ChannelKey("live", "news"), "", List.of(), List.of(), Duration.ofHours(1));
        OutputRendition first = new OutputRendition(0, "v0/index.m3u8", null, null, null);
        OutputRendition second = new OutputRendition(1, "v1/index.m3u8", null, null, null);

        // The second variant's segments arrive first: the first manifest lists it alone, with its BANDWIDTH.
        long secondBitrate = smooth.pinnedBitrate(channel, second, PlaybackRequest.CmafTrack.VIDEO, 2_000_000,
                store.meta(channel.key(), ChannelTimeline.OUTPUT));
        // Then the first variant, with the same BANDWIDTH (same ladder rung, another resolution).
        long firstBitrate = smooth.pinnedBitrate(channel, first, PlaybackRequest.CmafTrack.VIDEO, 2_000_000,
                store.meta(channel.key(), ChannelTimeline.OUTPUT));

        assertThat(secondBitrate).isEqualTo(2_000_000);
        assertThat(firstBitrate).as("the first variant may not take the URLs the second one already has")
                .isNotEqualTo(secondBitrate);
        // and every later render, on any replica, names the same levels
        assertThat(smooth.pinnedBitrate(channel, second, PlaybackRequest.CmafTrack.VIDEO, 1_500_000,
                store.meta(channel.key(), ChannelTimeline.OUTPUT))).isEqualTo(secondBitrate);
        assertThat(smooth.pinnedBitrate(channel, first, PlaybackRequest.CmafTrack.VIDEO, 2_000_000,
                store.meta(channel.key(), ChannelTimeline.OUTPUT))).isEqualTo(firstBitrate);
        // an audio level is another stream: its bitrates are its own
        OutputRendition audio = new OutputRendition(2, "a/index.m3u8", null, null, null);
        assertThat(smooth.pinnedBitrate(channel, audio, PlaybackRequest.CmafTrack.AUDIO, 2_000_000,
                store.meta(channel.key(), ChannelTimeline.OUTPUT))).isEqualTo(2_000_000);
    }
}
