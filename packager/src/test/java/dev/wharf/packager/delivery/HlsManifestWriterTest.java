package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.packager.hls.Rendition;
import dev.wharf.packager.hls.Variant;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.testing.GoldenFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HlsManifestWriterTest {

    private static final long T0 = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    private static Variant variant(String uri, String audio, String subtitles, String cc) {
        return new Variant(uri, 1, -1, null, 0, 0, 0, audio, null, subtitles, cc, Map.of());
    }

    private static OutputRendition out(int index, Variant v) {
        return new OutputRendition(index, "in_" + index + ".m3u8", v, null, null);
    }

    private static OutputRendition out(int index, Rendition r) {
        return new OutputRendition(index, "in_" + index + ".m3u8", null, r, null);
    }

    private static Rendition media(String type, String group, String name, String language, boolean isDefault,
                                   boolean autoselect, boolean forced, String characteristics, String channels) {
        return new Rendition(type, group, name, language, "x.m3u8", isDefault, autoselect, forced, null,
                characteristics, channels, Map.of());
    }

    private static HlsPackageSpec hls(int pdtInterval, HlsPackageSpec.PlaylistType type) {
        HlsPackageSpec h = new HlsPackageSpec();
        h.programDateTimeIntervalSeconds = pdtInterval;
        h.playlistType = type;
        return h;
    }

    private static TimelineEntry entry(long seq, long durationMicros, boolean disc, long discSeq, long pdt) {
        return new TimelineEntry(seq, "video/seg" + seq + ".ts", durationMicros, disc, discSeq, pdt, 1000, pdt, List.of());
    }

    /** {@code count} contiguous entries from {@code firstSeq}, each {@code durationMicros} long, starting at {@code start}. */
    private static List<TimelineEntry> run(long firstSeq, int count, long durationMicros, long start) {
        List<TimelineEntry> out = new ArrayList<>();
        long pdt = start;
        for (int i = 0; i < count; i++) {
            out.add(entry(firstSeq + i, durationMicros, false, 0, pdt));
            pdt += durationMicros / 1000;
        }
        return out;
    }

    private static List<String> pdtLines(String text) {
        return text.lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).toList();
    }

    @Nested
    class Master {
        @Test
        void threeVariants() {
            List<HlsManifestWriter.VariantLine> lines = List.of(
                    new HlsManifestWriter.VariantLine(out(1, variant("hd.m3u8", null, null, null)),
                            5_000_000, 4_500_000, "avc1.640028,mp4a.40.2", 1920, 1080, 29.97),
                    new HlsManifestWriter.VariantLine(out(2, variant("sd.m3u8", null, null, null)),
                            2_500_000, 0, "avc1.4d401f,mp4a.40.2", 1280, 720, 25),
                    new HlsManifestWriter.VariantLine(out(3, variant("low.m3u8", null, null, null)),
                            800_000, 700_000, null, 0, 0, 0));
            String text = HlsManifestWriter.master("index", lines, List.of(), List.of());
            GoldenFiles.assertMatches("hls/master-three-variants.m3u8", text);
            assertThat(text).startsWith("#EXTM3U\n").endsWith("index_3.m3u8\n");
        }

        @Test
        void audioGroupSubtitlesAndClosedCaptions() {
            Variant hd = variant("hd.m3u8", "aac", "subs", "cc");
            Variant sd = variant("sd.m3u8", "aac", null, "NONE");
            List<OutputRendition> renditions = List.of(
                    out(3, media("AUDIO", "aac", "English", "en", true, true, false, null, "2")),
                    out(4, media("AUDIO", "aac", "Espa\"nol", "es", false, false, false, null, "6")),
                    out(5, media("SUBTITLES", "subs", null, "en", false, true, true,
                            "public.accessibility.transcribes-spoken-dialog", null)),
                    out(6, media("SUBTITLES", "subs", "Deutsch", "de", false, false, false, null, null)));
            List<Rendition> cc = List.of(
                    new Rendition("CLOSED-CAPTIONS", "cc", "English", "en", null, true, true, false, "CC1", null, null, Map.of()),
                    new Rendition("CLOSED-CAPTIONS", "cc", null, null, null, false, false, false, "SERVICE2", null, null, Map.of()));
            List<HlsManifestWriter.VariantLine> lines = List.of(
                    new HlsManifestWriter.VariantLine(out(1, hd), 5_000_000, 4_000_000, "avc1.640028,mp4a.40.2", 1920, 1080, 50),
                    new HlsManifestWriter.VariantLine(out(2, sd), 1_000_000, 900_000, "avc1.42c01e,mp4a.40.2", 640, 360, 25));
            String text = HlsManifestWriter.master("live_2", lines, renditions, cc);
            GoldenFiles.assertMatches("hls/master-audio-subtitles-cc.m3u8", text);
        }

        @Test
        void nothingIngestedYet() {
            assertThat(HlsManifestWriter.master("index", List.of(), List.of(), List.of()))
                    .isEqualTo("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        }
    }

    @Nested
    class Media {
        /** Ad markers as an Elemental encoder writes them, and an unknown tag that is never copied. */
        private static List<TimelineEntry> breakWindow() {
            List<TimelineEntry> w = new ArrayList<>(run(10, 5, 2_000_000, T0));
            w.set(1, tagged(w.get(1), "#EXT-OATCLS-SCTE35:/DAlAAAAAAAAAP/wFAUAAAABf+/+AAAAAH4AKTLgAAEAAAAAwBrLPw==",
                    "#EXT-X-CUE-OUT:4.000", "#EXT-X-VENDOR-THING:1"));
            w.set(2, tagged(w.get(2), "#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=4.000"));
            w.set(3, tagged(w.get(3), "#EXT-X-CUE-IN"));
            return w;
        }

        private static TimelineEntry tagged(TimelineEntry e, String... tags) {
            return new TimelineEntry(e.sequence(), e.file(), e.durationMicros(), e.discontinuity(), e.discontinuitySequence(),
                    e.programDateTimeMillis(), e.sizeBytes(), e.ingestedAtMillis(), List.of(tags));
        }

        @Test
        void adMarkersPassthroughCopiesTheInputsMarkersBeforeTheirSegments() {
            HlsPackageSpec h = hls(0, HlsPackageSpec.PlaylistType.NONE);
            h.adMarkers = HlsPackageSpec.AdMarkers.PASSTHROUGH;
            String text = HlsManifestWriter.media("index", 1, h, breakWindow(), 2, false);
            assertThat(text).contains("""
                    #EXTINF:2.000,
                    index_1_10.ts
                    #EXT-OATCLS-SCTE35:/DAlAAAAAAAAAP/wFAUAAAABf+/+AAAAAH4AKTLgAAEAAAAAwBrLPw==
                    #EXT-X-CUE-OUT:4.000
                    #EXTINF:2.000,
                    index_1_11.ts
                    #EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=4.000
                    #EXTINF:2.000,
                    index_1_12.ts
                    #EXT-X-CUE-IN
                    #EXTINF:2.000,
                    index_1_13.ts
                    #EXTINF:2.000,
                    index_1_14.ts
                    """).doesNotContain("VENDOR");
        }

        @Test
        void aJoinedSegmentGetsOneCueOutContAndADateRangeBringsAProgramDateTime() {
            HlsPackageSpec h = hls(0, HlsPackageSpec.PlaylistType.NONE);
            h.adMarkers = HlsPackageSpec.AdMarkers.PASSTHROUGH;
            List<TimelineEntry> w = new ArrayList<>(run(10, 2, 4_000_000, T0));
            w.set(0, tagged(w.get(0), "#EXT-X-DATERANGE:ID=\"ad1\",START-DATE=\"2026-11-25T12:00:00Z\",PLANNED-DURATION=8"));
            w.set(1, tagged(w.get(1), "#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=8.000",
                    "#EXT-X-CUE-OUT-CONT:ElapsedTime=4.000,Duration=8.000"));
            String text = HlsManifestWriter.media("index", 1, h, w, 4, false);
            assertThat(text.lines().filter(l -> l.startsWith("#EXT-X-CUE-OUT-CONT"))).containsExactly(
                    "#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=8.000");
            // RFC 8216 4.3.2.7: with EXT-X-DATERANGE, at least one EXT-X-PROGRAM-DATE-TIME (the interval is 0 here)
            assertThat(pdtLines(text)).hasSize(1);
            assertThat(text.indexOf("#EXT-X-PROGRAM-DATE-TIME")).isLessThan(text.indexOf("index_1_10.ts"));
            assertThat(pdtLines(HlsManifestWriter.media("index", 1, h, run(10, 2, 4_000_000, T0), 4, false))).isEmpty();
        }

        @Test
        void adMarkersNoneAndTheModesNotBuiltWriteNoMarker() {
            for (HlsPackageSpec.AdMarkers mode : List.of(HlsPackageSpec.AdMarkers.NONE, HlsPackageSpec.AdMarkers.SCTE35_ENHANCED,
                    HlsPackageSpec.AdMarkers.DATERANGE)) {
                HlsPackageSpec h = hls(0, HlsPackageSpec.PlaylistType.NONE);
                h.adMarkers = mode;
                assertThat(HlsManifestWriter.media("index", 1, h, breakWindow(), 2, false)).as("%s", mode)
                        .doesNotContain("CUE", "SCTE35", "VENDOR")
                        .isEqualTo(HlsManifestWriter.media("index", 1, hls(0, HlsPackageSpec.PlaylistType.NONE),
                                run(10, 5, 2_000_000, T0), 2, false));
            }
        }

        @Test
        void withoutProgramDateTime() {
            String text = HlsManifestWriter.media("index", 1, hls(0, HlsPackageSpec.PlaylistType.NONE),
                    run(120, 4, 2_002_000, T0), 2, false);
            GoldenFiles.assertMatches("hls/media-pdt-0.m3u8", text);
            assertThat(text).doesNotContain("PROGRAM-DATE-TIME", "PLAYLIST-TYPE", "ENDLIST");
        }

        @Test
        void programDateTimeEveryTwoSecondsOnSlotChanges() {
            // 1.5 s segments from an even second: starts at 0, 1.5, 3.0, 4.5, 6.0, 7.5 s
            // -> 2 s slots 0, 0, 1, 2, 3, 3: PDT on the 1st, 3rd, 4th and 5th segment only
            String text = HlsManifestWriter.media("index", 2, hls(2, HlsPackageSpec.PlaylistType.NONE),
                    run(7, 6, 1_500_000, T0), 2, false);
            GoldenFiles.assertMatches("hls/media-pdt-2.m3u8", text);
            assertThat(pdtLines(text)).containsExactly(
                    "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:00.000Z",
                    "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:03.000Z",
                    "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:04.500Z",
                    "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:06.000Z");
        }

        @Test
        void programDateTimeIsAFunctionOfTheEntrySoRefreshesAgree() {
            List<TimelineEntry> all = run(7, 6, 1_500_000, T0);
            String full = HlsManifestWriter.media("index", 2, hls(2, HlsPackageSpec.PlaylistType.NONE), all, 2, false);
            String slid = HlsManifestWriter.media("index", 2, hls(2, HlsPackageSpec.PlaylistType.NONE), all.subList(2, 6), 2, false);
            List<String> slidPdts = pdtLines(slid);
            // the first segment of any window carries one; after it, the same segments carry it as before
            assertThat(slidPdts.get(0)).isEqualTo("#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:03.000Z");
            assertThat(pdtLines(full)).containsAll(slidPdts.subList(1, slidPdts.size()));
        }

        @Test
        void programDateTimeAfterEveryDiscontinuity() {
            List<TimelineEntry> w = List.of(
                    entry(10, 2_000_000, false, 4, T0),
                    entry(11, 500_000, true, 5, T0 + 2000),   // same 10 s slot as the first, but after a discontinuity
                    entry(12, 500_000, false, 5, T0 + 2500),
                    entry(13, 2_000_000, false, 5, T0 + 3000));
            String text = HlsManifestWriter.media("index", 1, hls(10, HlsPackageSpec.PlaylistType.NONE), w, 2, false);
            GoldenFiles.assertMatches("hls/media-pdt-discontinuity.m3u8", text);
            assertThat(pdtLines(text)).hasSize(2);
        }

        @Test
        void discontinuityAtTheWindowStart() {
            List<TimelineEntry> w = List.of(
                    entry(500, 6_006_000, true, 3, T0),
                    entry(501, 6_006_000, false, 3, T0 + 6006),
                    entry(502, 6_006_000, true, 4, T0 + 12012),
                    entry(503, 4_004_000, false, 4, T0 + 18018));
            String text = HlsManifestWriter.media("index", 1, hls(0, HlsPackageSpec.PlaylistType.NONE), w, 6, false);
            GoldenFiles.assertMatches("hls/media-discontinuity-at-start.m3u8", text);
            assertThat(text).contains("#EXT-X-DISCONTINUITY-SEQUENCE:2\n#EXT-X-DISCONTINUITY\n#EXTINF:6.006,\nindex_1_500.ts\n");
        }

        @Test
        void discontinuitySequenceOfAWindowStartingAfterDiscontinuities() {
            List<TimelineEntry> w = List.of(entry(9, 2_000_000, false, 7, T0), entry(10, 2_000_000, true, 8, T0 + 2000));
            String text = HlsManifestWriter.media("index", 1, hls(0, HlsPackageSpec.PlaylistType.NONE), w, 2, false);
            assertThat(text).contains("#EXT-X-MEDIA-SEQUENCE:9\n#EXT-X-DISCONTINUITY-SEQUENCE:7\n#EXTINF:2.000,\n");
            assertThat(text).containsOnlyOnce("#EXT-X-DISCONTINUITY\n");
        }

        @Test
        void endList() {
            String text = HlsManifestWriter.media("index", 3, hls(0, HlsPackageSpec.PlaylistType.NONE),
                    run(0, 2, 1_999_999, T0), 2, true);
            GoldenFiles.assertMatches("hls/media-endlist.m3u8", text);
            assertThat(text).endsWith("#EXT-X-ENDLIST\n");
        }

        @Test
        void playlistTypeEvent() {
            String text = HlsManifestWriter.media("index", 1, hls(0, HlsPackageSpec.PlaylistType.EVENT),
                    run(0, 3, 2_000_000, T0), 2, false);
            GoldenFiles.assertMatches("hls/media-event.m3u8", text);
        }

        @Test
        void playlistTypeVod() {
            String text = HlsManifestWriter.media("index", 1, hls(0, HlsPackageSpec.PlaylistType.VOD),
                    run(0, 3, 2_000_000, T0), 2, true);
            GoldenFiles.assertMatches("hls/media-vod.m3u8", text);
        }

        @Test
        void segmentExtensionsFollowTheIngestedFile() {
            List<TimelineEntry> w = List.of(
                    new TimelineEntry(1, "audio/seg1.AAC", 2_000_000, false, 0, T0, 1, T0, List.of()),
                    new TimelineEntry(2, "subs/seg2.vtt", 2_000_000, false, 0, T0, 1, T0, List.of()),
                    new TimelineEntry(3, "v.1/seg3.m4s", 2_000_000, false, 0, T0, 1, T0, List.of()),
                    new TimelineEntry(4, "noextension", 2_000_000, false, 0, T0, 1, T0, List.of()));
            String text = HlsManifestWriter.media("m", 7, hls(0, HlsPackageSpec.PlaylistType.NONE), w, 2, false);
            assertThat(text.lines().filter(l -> !l.startsWith("#")).toList())
                    .containsExactly("m_7_1.aac", "m_7_2.vtt", "m_7_3.m4s", "m_7_4.ts");
        }

        @Test
        void emptyWindowBeforeContentArrives() {
            String text = HlsManifestWriter.media("index", 1, hls(2, HlsPackageSpec.PlaylistType.NONE), List.of(), 6, false);
            assertThat(text).isEqualTo("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n"
                    + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n");
        }
    }

    @ParameterizedTest(name = "{0} µs -> {1}")
    @CsvSource({
            "2002000, 2.002",
            "1999999, 2.000",
            "0, 0.000",
            "499, 0.000",
            "500, 0.001",
            "1500, 0.002",
            "10000, 0.010",
            "99999, 0.100",
            "6006000, 6.006",
            "10000000, 10.000",
            "59999500, 60.000",
            "3600000000, 3600.000",
    })
    void appendSecondsRoundsToMilliseconds(long micros, String expected) {
        StringBuilder b = new StringBuilder("x");
        HlsManifestWriter.appendSeconds(b, micros);
        assertThat(b).hasToString("x" + expected);
    }

    @ParameterizedTest(name = "{0} µs -> {1}")
    @CsvSource({
            "2400000, 2",
            "2499999, 2",
            "2500000, 3",
            "0, 1",
            "400000, 1",
            "6006000, 6",
            "10000000, 10",
            "10500000, 11",
    })
    void targetDurationIsTheLongestSegmentRoundedToTheNearestSecond(long micros, long expected) {
        assertThat(HlsManifestWriter.targetDuration(micros)).isEqualTo(expected);
    }
}
