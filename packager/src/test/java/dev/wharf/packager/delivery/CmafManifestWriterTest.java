package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.v1.CmafHlsManifestSpec;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.packager.ingest.RenditionProbe;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.testing.GoldenFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmafManifestWriterTest {
    private static final long T0 = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    private static CmafHlsManifestSpec manifest(int pdtInterval, HlsPackageSpec.PlaylistType type) {
        CmafHlsManifestSpec m = new CmafHlsManifestSpec();
        m.id = "main";
        m.programDateTimeIntervalSeconds = pdtInterval;
        m.playlistType = type;
        return m;
    }

    /** {@code count} entries of 2 s from {@code firstSeq}; a discontinuity at {@code discAt} (absolute sequence) if >= 0. */
    private static List<TimelineEntry> entries(long firstSeq, int count, long discSeqAtStart, long discAt) {
        List<TimelineEntry> out = new ArrayList<>();
        long disc = discSeqAtStart;
        for (int i = 0; i < count; i++) {
            long seq = firstSeq + i;
            boolean d = seq == discAt;
            if (d) {
                disc++;
            }
            long pdt = T0 + seq * 2000;
            out.add(new TimelineEntry(seq, "channel_1_" + seq + ".ts", 2_000_000, d, disc, pdt, 100_000, pdt,
                    List.of(), seq * 180_000, "in1"));
        }
        return out;
    }

    @Test
    void masterWithTwoVariantsAndOneAudioGroup() {
        String text = CmafManifestWriter.master("index", List.of(
                new CmafManifestWriter.CmafVariant(1, true, 730_000, 690_000, "avc1.4d401f,mp4a.40.2", 1280, 720, 25),
                new CmafManifestWriter.CmafVariant(2, true, 380_000, 0, "avc1.42c015,mp4a.40.2", 480, 270, 25)),
                new CmafManifestWriter.AudioGroup(1, "eng"));
        GoldenFiles.assertMatches("cmaf/master-two-variants-audio-group.m3u8", text);
    }

    @Test
    void masterAudioOnly() {
        String text = CmafManifestWriter.master("radio", List.of(
                new CmafManifestWriter.CmafVariant(1, false, 70_000, 66_000, "mp4a.40.2", 0, 0, 0)), null);
        GoldenFiles.assertMatches("cmaf/master-audio-only.m3u8", text);
        assertThat(text).doesNotContain("EXT-X-MEDIA").contains("radio_1_a.m3u8");
    }

    @Test
    void mediaPlaylistWithMapAndPdt() {
        String text = CmafManifestWriter.media(manifest(2, HlsPackageSpec.PlaylistType.NONE), "news", 1,
                PlaybackRequest.CmafTrack.VIDEO, entries(10, 5, 0, -1), 2, false);
        GoldenFiles.assertMatches("cmaf/media-video-pdt.m3u8", text);
        assertThat(text.lines().filter(l -> l.startsWith("#EXT-X-MAP:"))).containsExactly(
                "#EXT-X-MAP:URI=\"../seg/news_1_v_init_0.mp4\"");
    }

    @Test
    void aDiscontinuityBringsANewInitSegment() {
        String text = CmafManifestWriter.media(manifest(0, HlsPackageSpec.PlaylistType.NONE), "news", 2,
                PlaybackRequest.CmafTrack.AUDIO, entries(20, 5, 3, 22), 2, false);
        GoldenFiles.assertMatches("cmaf/media-audio-discontinuity.m3u8", text);
        assertThat(text).contains("#EXT-X-DISCONTINUITY-SEQUENCE:3\n")
                .contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"../seg/news_2_a_init_4.mp4\"\n");
    }

    @Test
    void endedEventPlaylist() {
        String text = CmafManifestWriter.media(manifest(0, HlsPackageSpec.PlaylistType.EVENT), "news", 1,
                PlaybackRequest.CmafTrack.VIDEO, entries(0, 3, 0, -1), 2, true);
        GoldenFiles.assertMatches("cmaf/media-event-endlist.m3u8", text);
    }

    @Test
    void codecsOfTheCmafTracksUseTheInitSegmentsSampleEntries() {
        RenditionProbe avc3 = new RenditionProbe(List.of("avc3.64001f", "mp4a.40.2"), 1280, 720, 25, true, true, "eng");
        assertThat(PlaybackService.cmafCodecs(avc3, true)).containsExactly("avc1.64001f");
        assertThat(PlaybackService.cmafCodecs(avc3, false)).containsExactly("mp4a.40.2");
        RenditionProbe hevc = new RenditionProbe(List.of("hev1.1.6.L93.B0", "ec-3"), 1280, 720, 25, true, true, null);
        assertThat(PlaybackService.cmafCodecs(hevc, true)).containsExactly("hvc1.1.6.L93.B0");
        assertThat(PlaybackService.cmafCodecs(hevc, false)).containsExactly("ec-3");
    }
}
