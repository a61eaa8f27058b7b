package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.Input;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.ingest.IngestService;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.InMemorySegmentStore;
import dev.wharf.testing.SteppedClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A channel's renditions come from the master playlist its encoder PUT once, for as long as the encoder keeps
 * pushing media playlists, not for one retention only: after that the reader fell back to "every media playlist is a
 * variant, in name order", which here would make the audio rendition {@code index_1} and list it as a variant.
 */
class ChannelReaderRetentionTest {

    private static final Duration RETENTION = Duration.ofSeconds(60);
    private static final Channel CHANNEL = new Channel(new ChannelKey("default", "demo"), "test",
            List.of(new Input("in1", "u", "p".toCharArray())), List.of(), RETENTION);
    private static final String MASTER = """
            #EXTM3U
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="en",DEFAULT=YES,URI="audio.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="aac"
            video.m3u8
            """;

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final InMemorySegmentStore store = new InMemorySegmentStore(clock);
    private final ChannelTimeline timeline = new ChannelTimeline(store, clock, (c, from, to, n) -> { });
    private final ChannelReader reader = new ChannelReader(store, timeline);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theMasterPushedOnceStillNamesTheRenditionsAfterThreeRetentions() {
        // what IngestService stores for a master playlist PUT, and then for each media playlist PUT
        store.putFile(CHANNEL.key(), "in1", "channel.m3u8", MASTER.getBytes(StandardCharsets.UTF_8), RETENTION);
        store.putMeta(CHANNEL.key(), "in1", IngestService.META_MASTER_TEXT, MASTER, RETENTION);
        store.putMeta(CHANNEL.key(), "in1", IngestService.META_MASTER, "channel.m3u8", RETENTION);
        for (int t = 0; t <= 3 * RETENTION.toSeconds(); t += 2) {
            clock.step(2_000);
            for (String media : List.of("video.m3u8", "audio.m3u8")) {
                store.putMeta(CHANNEL.key(), "in1", IngestService.META_RENDITION_PREFIX + media, "1", RETENTION);
                timeline.advance(CHANNEL, "in1", media);
            }
        }
        ChannelSnapshot snap = reader.read(CHANNEL);
        assertThat(snap.input()).isEqualTo("in1");
        assertThat(snap.renditions()).extracting(OutputRendition::index, OutputRendition::ingestPath)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "video.m3u8"),
                        org.assertj.core.groups.Tuple.tuple(2, "audio.m3u8"));
        assertThat(snap.rendition(1).variant()).isNotNull();
        assertThat(snap.rendition(2).media()).isNotNull();
    }
}
