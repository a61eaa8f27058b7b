package dev.wharf.packager.ingest;

import dev.wharf.testing.SteppedClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.Input;
import dev.wharf.packager.delivery.SegmentCache;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.hls.MediaPlaylist;
import dev.wharf.packager.hls.PlaylistParser;
import dev.wharf.packager.metrics.PackagerMetrics;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.InMemorySegmentStore;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.packager.timeline.TimelineWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An fMP4 rendition whose init was PUT once keeps going past the retention. ffmpeg PUTs {@code init.mp4} once: its
 * stored key and index expired one retention into the stream and every later segment waited for an init that never
 * came (a 60 s retention push froze at segment 23). The ingest is driven below HTTP on a store whose clock the test
 * steps, so four retentions take well under a second, and with no segment cache, so every init read is the store's.
 */
class Fmp4InitRetentionTest {

    private static final Duration RETENTION = Duration.ofSeconds(60);
    private static final Channel CHANNEL = new Channel(new ChannelKey("default", "demo"), "test",
            List.of(new Input("in1", "u", "p".toCharArray())), List.of(), RETENTION);
    private static final String INPUT = "in1";
    private static final String RENDITION = "channel_0.m3u8";
    private static final int WINDOW = 5;

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final InMemorySegmentStore store = new InMemorySegmentStore(clock);
    // capacity 0: nothing is served from process memory, the store's TTLs decide
    private final IngestService ingest = new IngestService(null, store, new SegmentCache(0), null,
            new TimelineWriter(store, clock), new ChannelTimeline(store, clock, (c, from, to, n) -> { }),
            new PackagerMetrics(), 1 << 20);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everySegmentOfFourRetentionsGetsTheInitPutOnce() throws Exception {
        byte[] init = Fmp4IngestFrameRateTest.load("h264_aac_init.mp4");
        byte[][] media = {Fmp4IngestFrameRateTest.load("h264_aac_0.m4s"), Fmp4IngestFrameRateTest.load("h264_aac_1.m4s")};
        ingest.storeSegment(CHANNEL, INPUT, "init.mp4", init);
        int segments = (int) (4 * RETENTION.toSeconds() / 2);
        for (int n = 0; n < segments; n++) {
            ingest.storeSegment(CHANNEL, INPUT, "seg_" + n + ".m4s", media[n % 2]);
            ingest.applyMedia(CHANNEL, INPUT, RENDITION, playlist(n));
            List<TimelineEntry> last = store.lastEntries(CHANNEL.key(), INPUT, RENDITION, 1);
            assertThat(last).as("timeline at +%d s", clock.elapsed() / 1000).isNotEmpty();
            TimelineEntry entry = last.getFirst();
            assertThat(entry.file()).as("last entry at +%d s", clock.elapsed() / 1000).startsWith("seg_" + n + ".m4s");
            assertThat(entry.initFile()).startsWith("init.mp4" + Fmp4Ingest.SNAPSHOT_MARK);
            // what the output reads for this entry's init: the encoder's bytes
            assertThat(store.getFile(CHANNEL.key(), INPUT, entry.initFile())).as("init of %s at +%d s", entry.file(),
                    clock.elapsed() / 1000).hasValueSatisfying(b -> assertThat(b).isEqualTo(init));
            clock.step(2_000);
        }
        // the whole retained window: consecutive segments, one init, no discontinuity from the expired init.mp4
        List<TimelineEntry> window = store.lastEntries(CHANNEL.key(), INPUT, RENDITION, 25);
        assertThat(window).hasSize(25);
        assertThat(window).extracting(TimelineEntry::initFile).containsOnly(window.getFirst().initFile());
        assertThat(window).noneMatch(TimelineEntry::discontinuity);
        for (int i = 1; i < window.size(); i++) {
            assertThat(window.get(i).sequence()).isEqualTo(window.get(i - 1).sequence() + 1);
        }
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(4 * RETENTION.toMillis() - 2_000);
    }

    /** ffmpeg's sliding media playlist after segment {@code n}, each time with the init's EXT-X-MAP. */
    private static MediaPlaylist playlist(int n) throws Exception {
        int first = Math.max(0, n - WINDOW + 1);
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:")
                .append(first).append("\n#EXT-X-MAP:URI=\"init.mp4\"\n");
        for (int i = first; i <= n; i++) {
            p.append("#EXTINF:2.000000,\nseg_").append(i).append(".m4s\n");
        }
        return (MediaPlaylist) PlaylistParser.parse(p.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A clock the test moves forward. */
}
