package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.v1.CmafHlsManifestSpec;
import dev.wharf.packager.mux.mp4.FragmentWriter;
import dev.wharf.packager.mux.mp4.TrackRun;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CMAF I-frame-only playlists: the byte range of a fragment's I-frame and the playlist's shape. */
class CmafIframesTest {
    static final TrackFormat AVC = new TrackFormat(1, TrackFormat.Kind.VIDEO, "avc1.640016", 90000, 640, 360, 0, 0,
            "und", new byte[] {1, 0x64, 0, 0x16, (byte) 0xFF, (byte) 0xE0, 0}, List.of());

    static byte[] fragment(boolean firstSync) {
        byte[] pool = new byte[64];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = (byte) (0xA0 + i);
        }
        List<Sample> video = List.of(new Sample(1, 900_000, 3000, 3000, firstSync, pool, 0, 10),
                new Sample(1, 903_000, 6000, 3000, false, pool, 10, 7),
                new Sample(1, 906_000, 0, 3000, false, pool, 40, 5));
        return FragmentWriter.write(3, List.of(TrackRun.of(AVC, video)));
    }

    @Test
    void theRangeIsTheMoofTheMdatHeaderAndTheFirstSample() {
        byte[] f = fragment(true);
        CmafIframes.Range r = CmafIframes.iframe(f);
        assertThat(r).isNotNull();
        ByteBuffer b = ByteBuffer.wrap(f);
        int moof = b.getInt(0); // after styp
        assertThat(new String(f, moof + 4, 4, StandardCharsets.US_ASCII)).isEqualTo("moof");
        assertThat(r.offset()).isEqualTo(moof);
        int mdat = moof + b.getInt(moof);
        assertThat(new String(f, mdat + 4, 4, StandardCharsets.US_ASCII)).isEqualTo("mdat");
        // the moof, the mdat header, then exactly the I-frame's 10 bytes
        assertThat(r.length()).isEqualTo(b.getInt(moof) + 8 + 10);
        byte[] iframe = Arrays.copyOfRange(f, (int) (r.offset() + r.length() - 10), (int) (r.offset() + r.length()));
        assertThat(iframe[0]).isEqualTo((byte) 0xA0);
        assertThat(iframe[9]).isEqualTo((byte) 0xA9);
    }

    @Test
    void aFragmentNotStartingWithASyncSampleHasNoIframe() {
        assertThat(CmafIframes.iframe(fragment(false))).isNull();
        assertThat(CmafIframes.iframe(new byte[] {0, 0, 0, 8, 'f', 'r', 'e', 'e'})).isNull();
    }

    @Test
    void playlistListsOneIframePerFragmentWithItsInitAndDiscontinuities() {
        byte[] f = fragment(true);
        CmafIframes.Range r = CmafIframes.iframe(f);
        List<CmafIframes.Fragment> fragments = List.of(
                new CmafIframes.Fragment("../seg/news_1_v_10_2.mp4", f, 4_000_000, false, "../seg/news_1_v_init_0.mp4"),
                new CmafIframes.Fragment("../seg/news_1_v_12_2.mp4", null, 4_000_000, false, "../seg/news_1_v_init_0.mp4"),
                new CmafIframes.Fragment("../seg/news_1_v_14_2.mp4", f, 2_000_000, true, "../seg/news_1_v_init_1.mp4"));
        HlsTsOutput.Playlist p = CmafIframes.playlist(new CmafHlsManifestSpec(), fragments, 5, 0, true, 42);
        String range = "#EXT-X-BYTERANGE:" + r.length() + "@" + r.offset() + "\n";
        assertThat(p.text()).isEqualTo("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:5\n"
                + "#EXT-X-DISCONTINUITY-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-I-FRAMES-ONLY\n"
                + "#EXT-X-MAP:URI=\"../seg/news_1_v_init_0.mp4\"\n#EXTINF:4.000,\n" + range + "../seg/news_1_v_10_2.mp4\n"
                + "#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"../seg/news_1_v_init_1.mp4\"\n#EXTINF:2.000,\n" + range
                + "../seg/news_1_v_14_2.mp4\n#EXT-X-ENDLIST\n");
        assertThat(CmafIframes.peakBitsPerSecond(p.text())).isEqualTo(r.length() * 8 / 2);
        assertThat(CmafIframes.parse("index", "index_2_iframes.m3u8")).isEqualTo(2);
        assertThat(CmafIframes.parse("index", "index_2_v.m3u8")).isEqualTo(-1);
        assertThat(PlaybackRequest.parseCmafManifest("index", "index_2_iframes.m3u8")).isNull();
    }

    /**
     * RFC 8216 6.2.2: a segment keeps its discontinuity sequence across refreshes. The window's first fragment that
     * is a discontinuity is not counted in EXT-X-DISCONTINUITY-SEQUENCE (as in the media playlist), so it needs its
     * EXT-X-DISCONTINUITY tag; so does the fragment after a skipped (expired) discontinuity.
     */
    @Test
    void discontinuitiesOfTheFirstAndOfSkippedFragmentsAreTagged() {
        byte[] f = fragment(true);
        String init = "../seg/news_1_v_init_3.mp4";
        HlsTsOutput.Playlist first = CmafIframes.playlist(new CmafHlsManifestSpec(),
                List.of(new CmafIframes.Fragment("../seg/news_1_v_20.mp4", f, 2_000_000, true, init),
                        new CmafIframes.Fragment("../seg/news_1_v_21.mp4", f, 2_000_000, false, init)),
                20, 2, false, 42);
        assertThat(first.text()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:2\n")
                .contains("#EXT-X-I-FRAMES-ONLY\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP");
        HlsTsOutput.Playlist skipped = CmafIframes.playlist(new CmafHlsManifestSpec(),
                List.of(new CmafIframes.Fragment("../seg/news_1_v_19.mp4", f, 2_000_000, false, "../seg/news_1_v_init_2.mp4"),
                        new CmafIframes.Fragment("../seg/news_1_v_20.mp4", null, 2_000_000, true, init),
                        new CmafIframes.Fragment("../seg/news_1_v_21.mp4", f, 2_000_000, false, init)),
                19, 2, false, 42);
        assertThat(skipped.text()).contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"" + init + "\"\n#EXTINF:2.000,\n"
                + "#EXT-X-BYTERANGE:").doesNotContain("news_1_v_20.mp4");
    }

    /**
     * A media sequence number names one entry for as long as it is listed: leading fragments without an I-frame
     * (expired, or not starting with a sync sample) are left out, and the playlist starts at the first one listed
     * with that one's numbers, as it will once the others have left the window.
     */
    @Test
    void thePlaylistStartsWithTheNumbersOfItsFirstListedFragment() {
        byte[] f = fragment(true);
        String init = "../seg/news_1_v_init_4.mp4";
        HlsTsOutput.Playlist p = CmafIframes.playlist(new CmafHlsManifestSpec(),
                List.of(new CmafIframes.Fragment("../seg/news_1_v_30.mp4", null, 2_000_000, false, init),
                        new CmafIframes.Fragment("../seg/news_1_v_31.mp4", fragment(false), 2_000_000, true, init),
                        new CmafIframes.Fragment("../seg/news_1_v_32.mp4", f, 2_000_000, true, init),
                        new CmafIframes.Fragment("../seg/news_1_v_33.mp4", f, 2_000_000, false, init)),
                30, 3, false, 42);
        HlsTsOutput.Playlist later = CmafIframes.playlist(new CmafHlsManifestSpec(),
                List.of(new CmafIframes.Fragment("../seg/news_1_v_32.mp4", f, 2_000_000, true, init),
                        new CmafIframes.Fragment("../seg/news_1_v_33.mp4", f, 2_000_000, false, init)),
                32, 4, false, 42);
        // 32 is entry 32 in discontinuity sequence 5 in both
        assertThat(p.text()).contains("#EXT-X-MEDIA-SEQUENCE:32\n#EXT-X-DISCONTINUITY-SEQUENCE:4\n")
                .isEqualTo(later.text());
    }
}
