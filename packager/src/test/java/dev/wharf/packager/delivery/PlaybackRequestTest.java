package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.delivery.PlaybackRequest.MasterManifest;
import dev.wharf.packager.delivery.PlaybackRequest.MediaManifest;
import dev.wharf.packager.delivery.PlaybackRequest.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaybackRequestTest {

    @Test
    void master() {
        assertThat(PlaybackRequest.parse("index", "index.m3u8")).isEqualTo(new MasterManifest());
        assertThat(PlaybackRequest.parse("live-1", "live-1.m3u8")).isEqualTo(new MasterManifest());
    }

    @Test
    void mediaPlaylists() {
        assertThat(PlaybackRequest.parse("index", "index_1.m3u8")).isEqualTo(new MediaManifest(1));
        assertThat(PlaybackRequest.parse("index", "index_12.m3u8")).isEqualTo(new MediaManifest(12));
        assertThat(PlaybackRequest.parse("index", "index_9999.m3u8")).isEqualTo(new MediaManifest(9999));
        assertThat(PlaybackRequest.parse("index", "index_0007.m3u8")).isEqualTo(new MediaManifest(7));
    }

    @Test
    void segmentsWithTheirExtension() {
        assertThat(PlaybackRequest.parse("index", "index_1_0.ts")).isEqualTo(new Segment(1, 0, "ts"));
        assertThat(PlaybackRequest.parse("index", "index_2_12345.aac")).isEqualTo(new Segment(2, 12345, "aac"));
        assertThat(PlaybackRequest.parse("index", "index_3_7.vtt")).isEqualTo(new Segment(3, 7, "vtt"));
        assertThat(PlaybackRequest.parse("index", "index_3_7.webvtt")).isEqualTo(new Segment(3, 7, "webvtt"));
        assertThat(PlaybackRequest.parse("index", "index_4_8.m4s")).isEqualTo(new Segment(4, 8, "m4s"));
        assertThat(PlaybackRequest.parse("index", "index_4_8.mp4")).isEqualTo(new Segment(4, 8, "mp4"));
        assertThat(PlaybackRequest.parse("index", "index_5_9.eac3")).isEqualTo(new Segment(5, 9, "eac3"));
        assertThat(PlaybackRequest.parse("index", "index_5_9.ac3")).isEqualTo(new Segment(5, 9, "ac3"));
    }

    @Test
    void manifestNamesWithUnderscoresAndDigits() {
        assertThat(PlaybackRequest.parse("live_2", "live_2.m3u8")).isEqualTo(new MasterManifest());
        assertThat(PlaybackRequest.parse("live_2", "live_2_3.m3u8")).isEqualTo(new MediaManifest(3));
        assertThat(PlaybackRequest.parse("live_2", "live_2_3_44.ts")).isEqualTo(new Segment(3, 44, "ts"));
        // another endpoint's manifest name that is a prefix of this one's is not ours
        assertThat(PlaybackRequest.parse("live_2", "live_3.m3u8")).isNull();
        assertThat(PlaybackRequest.parse("live", "live_2_3_44.ts")).isNull(); // three numbers: not a file of "live"
        assertThat(PlaybackRequest.parse("live", "live_2_3.m3u8")).isNull();
        assertThat(PlaybackRequest.parse("live", "live_2_3.ts")).isEqualTo(new Segment(2, 3, "ts"));
        assertThat(PlaybackRequest.parse("a1", "a1_1_1.ts")).isEqualTo(new Segment(1, 1, "ts"));
        assertThat(PlaybackRequest.parse("2024", "2024_1.m3u8")).isEqualTo(new MediaManifest(1));
        assertThat(PlaybackRequest.parse("my-channel_hd", "my-channel_hd_10_20.ts")).isEqualTo(new Segment(10, 20, "ts"));
    }

    @Test
    void largestNumbers() {
        assertThat(PlaybackRequest.parse("index", "index_1_999999999999999999.ts"))
                .isEqualTo(new Segment(1, 999_999_999_999_999_999L, "ts"));
        assertThat(PlaybackRequest.parse("index", "index_9999_1.ts")).isEqualTo(new Segment(9999, 1, "ts"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "index_1_9999999999999999999.ts",       // 19 digits: beyond a long's range of sequences we accept
            "index_1_99999999999999999999999999.ts",
            "index_10000.m3u8",                      // 5-digit rendition
            "index_10000_1.ts",
            "index_1_1.m3u8",                        // a playlist named like a segment
            "index_1.ts",                            // a segment without a sequence
            "index_1_1.TS",                          // extensions are lowercase
            "index_1_1.toolong",
            "index_1_1.",
            "index_1_1",
            "index_1",
            "index_.m3u8",
            "index__1.m3u8",
            "index_-1.m3u8",
            "index_+1.m3u8",
            "index_1_-1.ts",
            "index_1_1.t-s",
            "index_1_1.ts.ts",
            "index_1_1.ts?x=1",
            "index_1_1.ts/",
            "index_a.m3u8",
            "index_1_a.ts",
            "index_\u0661.m3u8",                     // Arabic-Indic digit one
            "index.M3U8",
            "index.m3u",
            "Index.m3u8",
            "index",
            "",
            "other.m3u8",
            "other_1.m3u8",
            "indexx_1.m3u8",
            "index1.m3u8",
            "x_index_1.m3u8",
            "../index.m3u8",
            "index_1_1.ts\n",
    })
    void junkIsNotOurs(String file) {
        assertThat(PlaybackRequest.parse("index", file)).isNull();
    }

    @Test
    void cmafManifests() {
        assertThat(PlaybackRequest.parseCmafManifest("index", "index.m3u8")).isEqualTo(new MasterManifest());
        assertThat(PlaybackRequest.parseCmafManifest("index", "index_1_v.m3u8"))
                .isEqualTo(new PlaybackRequest.CmafMediaManifest(1, PlaybackRequest.CmafTrack.VIDEO));
        assertThat(PlaybackRequest.parseCmafManifest("my_live", "my_live_12_a.m3u8"))
                .isEqualTo(new PlaybackRequest.CmafMediaManifest(12, PlaybackRequest.CmafTrack.AUDIO));
        for (String bad : new String[] {"index_1.m3u8", "index_1_x.m3u8", "index_1_v.mp4", "other.m3u8", "index_1_v_3.m3u8",
                "index_12345_v.m3u8", "index_1_v.m3u8x"}) {
            assertThat(PlaybackRequest.parseCmafManifest("index", bad)).as(bad).isNull();
        }
    }

    @Test
    void cmafSegmentsAndInits() {
        assertThat(PlaybackRequest.parseCmafSegment("news", "news_1_v_0.mp4"))
                .isEqualTo(new PlaybackRequest.CmafSegment(1, PlaybackRequest.CmafTrack.VIDEO, 0));
        assertThat(PlaybackRequest.parseCmafSegment("news", "news_2_a_123456789012.mp4"))
                .isEqualTo(new PlaybackRequest.CmafSegment(2, PlaybackRequest.CmafTrack.AUDIO, 123_456_789_012L));
        assertThat(PlaybackRequest.parseCmafSegment("news", "news_1_v_init_3.mp4"))
                .isEqualTo(new PlaybackRequest.CmafInit(1, PlaybackRequest.CmafTrack.VIDEO, 3));
        // a prefix that itself looks like a name of ours
        assertThat(PlaybackRequest.parseCmafSegment("a_1_v", "a_1_v_2_a_5.mp4"))
                .isEqualTo(new PlaybackRequest.CmafSegment(2, PlaybackRequest.CmafTrack.AUDIO, 5));
        for (String bad : new String[] {"news_1_v.mp4", "news_1_v_init.mp4", "news_1_v_1.m4s", "other_1_v_1.mp4",
                "news_1_x_1.mp4", "news_v_1.mp4", "news_1_v_-1.mp4", "news_1_v_1234567890123456789.mp4"}) {
            assertThat(PlaybackRequest.parseCmafSegment("news", bad)).as(bad).isNull();
        }
    }

    @Test
    void subtitlesPlaylistsAndSegments() {
        assertThat(PlaybackRequest.parseCmafManifest("index", "index_3_s.m3u8"))
                .isEqualTo(new PlaybackRequest.TextMediaManifest(3));
        assertThat(PlaybackRequest.parseCmafSegment("news", "news_3_s_42.vtt"))
                .isEqualTo(new PlaybackRequest.TextSegment(3, 42));
        assertThat(PlaybackRequest.parseCmafSegment("news", "news_3_s_42.mp4"))
                .isEqualTo(new PlaybackRequest.TextFragment(3, 42));
        assertThat(PlaybackRequest.parseCmafSegment("news", "news_3_s_init_1.mp4"))
                .isEqualTo(new PlaybackRequest.TextInit(3, 1));
        for (String bad : new String[] {"news_3_s.vtt", "news_3_s_t42.mp4", "news_3_v_42.vtt", "news_3_s_init_0.vtt",
                "news_3_s_-1.vtt", "news_s_1.vtt"}) {
            assertThat(PlaybackRequest.parseCmafSegment("news", bad)).as(bad).isNull();
        }
        assertThat(PlaybackRequest.parseCmafManifest("index", "index_3_s_1.m3u8")).isNull();
        assertThat(PlaybackRequest.parseCmafManifest("index", "index_s.m3u8")).isNull();
    }
}
