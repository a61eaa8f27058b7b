package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.packager.delivery.DashManifestWriter.Anchor;
import dev.wharf.packager.delivery.DashManifestWriter.S;
import dev.wharf.packager.delivery.DashManifestWriter.Segment;
import dev.wharf.packager.delivery.DashManifestWriter.Track;
import dev.wharf.testing.GoldenFiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class DashManifestWriterTest {
    static final long PDT = 1_764_077_946_040L; // 2025-11-25T13:39:06.040Z

    /** Two video renditions (90 kHz) and one AAC track (48 kHz), 2 s segments, sequences 10..14. */
    static List<Track> tracks(boolean discontinuity) {
        List<Segment> v = new ArrayList<>();
        List<Segment> a = new ArrayList<>();
        long vt = 126_000;
        long at = 67_200;
        for (long seq = 10; seq < 15; seq++) {
            long d = discontinuity && seq >= 13 ? 1 : 0;
            if (discontinuity && seq == 13) {
                vt = 900_000; // the encoder restarted with other timestamps
                at = 480_000;
            }
            v.add(new Segment(seq, d, vt, 180_000));
            long ad = seq % 2 == 0 ? 96_256 : 95_744;
            a.add(new Segment(seq, d, at, ad));
            vt += 180_000;
            at += ad;
        }
        return List.of(
                new Track(1, PlaybackRequest.CmafTrack.VIDEO, 700_000, "avc1.42c015", 480, 270, 25, 0, 0, null, 90_000, v),
                new Track(2, PlaybackRequest.CmafTrack.VIDEO, 400_000, "avc1.42c00d", 320, 180, 29.97, 0, 0, null, 90_000, v),
                new Track(1, PlaybackRequest.CmafTrack.AUDIO, 69_000, "mp4a.40.2", 0, 0, 0, 48_000, 2, "en", 48_000, a));
    }

    static final List<Anchor> ANCHORS = List.of(new Anchor(0, PDT, 126_000, 10, 2_000_000),
            new Anchor(1, PDT + 6_000, 900_000, 13, 2_000_000));

    @ParameterizedTest
    @EnumSource(DashPackageSpec.SegmentTemplateFormat.class)
    void goldenMpdPerSegmentTemplateFormat(DashPackageSpec.SegmentTemplateFormat format) throws Exception {
        DashPackageSpec spec = new DashPackageSpec();
        spec.segmentTemplateFormat = format;
        String xml = DashManifestWriter.write(DashManifestWriter.build(spec, "news", "http://h:8080/out/v1/time",
                PDT + 10_000, tracks(false), ANCHORS, false));
        GoldenFiles.assertMatches("dash/" + format.name().toLowerCase() + ".mpd", xml);
        Document doc = parse(xml);
        assertThat(doc.getDocumentElement().getAttribute("type")).isEqualTo("dynamic");
        assertThat(doc.getElementsByTagName("Period").getLength()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DashPackageSpec.SegmentTemplateFormat.class)
    void compactPutsOneTemplateOnEachAdaptationSet(DashPackageSpec.SegmentTemplateFormat format) throws Exception {
        DashPackageSpec spec = new DashPackageSpec();
        spec.segmentTemplateFormat = format;
        spec.manifestLayout = DashPackageSpec.ManifestLayout.COMPACT;
        List<Track> tracks = new ArrayList<>(tracks(false));
        // the second rendition's newest segment has not arrived yet
        Track v2 = tracks.get(1);
        tracks.set(1, new Track(v2.rendition(), v2.track(), v2.bandwidth(), v2.codecs(), v2.width(), v2.height(),
                v2.frameRate(), 0, 0, null, v2.timescale(), v2.segments().subList(0, 4)));
        String xml = DashManifestWriter.write(DashManifestWriter.build(spec, "news", "http://h:8080/out/v1/time",
                PDT + 10_000, tracks, ANCHORS, false));
        GoldenFiles.assertMatches("dash/compact-" + format.name().toLowerCase() + ".mpd", xml);
        Document doc = parse(xml);
        var sets = doc.getElementsByTagName("AdaptationSet");
        for (int i = 0; i < sets.getLength(); i++) {
            var set = (org.w3c.dom.Element) sets.item(i);
            var templates = set.getElementsByTagName("SegmentTemplate");
            assertThat(templates.getLength()).as("one template per set").isEqualTo(1);
            assertThat(templates.item(0).getParentNode()).isSameAs(set);
            assertThat(((org.w3c.dom.Element) templates.item(0)).getAttribute("media")).contains("$RepresentationID$");
        }
        // the URLs a player makes from the shared template are those of FULL
        DashPackageSpec fullSpec = new DashPackageSpec();
        fullSpec.segmentTemplateFormat = format;
        String full = DashManifestWriter.write(DashManifestWriter.build(fullSpec, "news", "http://h:8080/out/v1/time",
                PDT + 10_000, tracks, ANCHORS, false));
        var video = (org.w3c.dom.Element) sets.item(0);
        String media = ((org.w3c.dom.Element) video.getElementsByTagName("SegmentTemplate").item(0)).getAttribute("media");
        assertThat(full).contains("media=\"" + media.replace("$RepresentationID$", "1_v") + "\"",
                "media=\"" + media.replace("$RepresentationID$", "2_v") + "\"");
        if (format != DashPackageSpec.SegmentTemplateFormat.NUMBER_WITH_DURATION) {
            // one timeline: the four segments both renditions have
            assertThat(xml).contains("<S t=\"126000\" d=\"180000\" r=\"3\"/>").doesNotContain("r=\"4\"");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"numbered apart", "a gap in the middle"})
    void compactKeepsASetFullWhenItsRenditionsAreNotAligned(String how) throws Exception {
        DashPackageSpec spec = new DashPackageSpec();
        spec.manifestLayout = DashPackageSpec.ManifestLayout.COMPACT;
        List<Track> tracks = new ArrayList<>(tracks(false));
        Track v2 = tracks.get(1);
        List<Segment> other = how.equals("numbered apart") ? v2.segments().stream()
                .map(s -> new Segment(s.sequence() + 100, s.discontinuitySequence(), s.decodeTime(), s.duration())).toList()
                // segment 12 has another duration on this rendition: a shared timeline 10, 11, 13, 14 would make
                // $Number$ 12 name the fragment that starts where 13 does
                : v2.segments().stream().map(s -> s.sequence() == 12
                        ? new Segment(s.sequence(), s.discontinuitySequence(), s.decodeTime(), s.duration() - 3600) : s).toList();
        tracks.set(1, new Track(v2.rendition(), v2.track(), v2.bandwidth(), v2.codecs(), v2.width(), v2.height(),
                v2.frameRate(), 0, 0, null, v2.timescale(), other));
        Document doc = parse(DashManifestWriter.write(DashManifestWriter.build(spec, "news", "http://h:8080/out/v1/time",
                PDT + 10_000, tracks, ANCHORS, false)));
        var video = (org.w3c.dom.Element) doc.getElementsByTagName("AdaptationSet").item(0);
        assertThat(video.getElementsByTagName("SegmentTemplate").getLength()).as("one per Representation").isEqualTo(2);
        assertThat(video.getElementsByTagName("SegmentTemplate").item(0).getParentNode().getNodeName())
                .isEqualTo("Representation");
        var reps = video.getElementsByTagName("Representation");
        assertThat(((org.w3c.dom.Element) reps.item(0)).getAttribute("id")).as("the ids of COMPACT, stable across updates")
                .isEqualTo("1_v");
        assertThat(((org.w3c.dom.Element) reps.item(1)).getAttribute("id")).isEqualTo("2_v");
        var audio = (org.w3c.dom.Element) doc.getElementsByTagName("AdaptationSet").item(1);
        assertThat(audio.getElementsByTagName("SegmentTemplate").item(0).getParentNode()).as("audio still compact")
                .isSameAs(audio);
    }

    @Test
    void aDiscontinuityStartsANewPeriodWithItsOwnInitAndOffset() throws Exception {
        DashPackageSpec spec = new DashPackageSpec();
        spec.profile = DashPackageSpec.Profile.DVB_DASH_2014;
        spec.utcTiming = DashPackageSpec.UtcTiming.HTTP_XSDATE;
        spec.manifestWindowSeconds = 30;
        String xml = DashManifestWriter.write(DashManifestWriter.build(spec, "a&b", "http://t/?a=1&b=\"2\"",
                PDT + 10_000, tracks(true), ANCHORS, false));
        GoldenFiles.assertMatches("dash/discontinuity-two-periods.mpd", xml);
        Document doc = parse(xml);
        assertThat(doc.getElementsByTagName("Period").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("UTCTiming").item(0).getAttributes().getNamedItem("value").getNodeValue())
                .isEqualTo("http://t/?a=1&b=\"2\"");
    }

    @ParameterizedTest
    @EnumSource(value = DashPackageSpec.SegmentTemplateFormat.class, names = {"NUMBER_WITH_TIMELINE", "NUMBER_WITH_DURATION"})
    void anEndedStreamBecomesAStaticMpdStartingAtZero(DashPackageSpec.SegmentTemplateFormat format) throws Exception {
        DashPackageSpec spec = new DashPackageSpec();
        spec.segmentTemplateFormat = format;
        String xml = DashManifestWriter.write(DashManifestWriter.build(spec, "news", "http://h/out/v1/time",
                PDT + 10_000, tracks(true), ANCHORS, true));
        GoldenFiles.assertMatches("dash/ended-" + format.name().toLowerCase() + ".mpd", xml);
        Document doc = parse(xml);
        assertThat(doc.getDocumentElement().getAttribute("type")).isEqualTo("static");
        // second Period: 6 s after the first, 2 segments of 2 s
        assertThat(doc.getDocumentElement().getAttribute("mediaPresentationDuration")).isEqualTo("PT10S");
    }

    /** Re-segmented (group size 2): joined 4 s segments numbered by output media sequence, in their own URLs. */
    @ParameterizedTest
    @EnumSource(DashPackageSpec.SegmentTemplateFormat.class)
    void joinedSegmentsHaveTheirOwnTemplateAndDurations(DashPackageSpec.SegmentTemplateFormat format) throws Exception {
        List<Segment> v = List.of(new Segment(5, 0, 126_000, 360_000), new Segment(6, 0, 486_000, 360_000),
                new Segment(7, 0, 846_000, 360_000));
        Track t = new Track(1, PlaybackRequest.CmafTrack.VIDEO, 700_000, "avc1.42c015", 480, 270, 25, 0, 0, null, 90_000,
                v, 2);
        DashPackageSpec spec = new DashPackageSpec();
        spec.segmentTemplateFormat = format;
        spec.segmentDurationSeconds = 4;
        String xml = DashManifestWriter.write(DashManifestWriter.build(spec, "news", "http://h/t", PDT + 10_000,
                List.of(t), List.of(new Anchor(0, PDT, 126_000, 5, 4_000_000)), false));
        Document doc = parse(xml);
        org.w3c.dom.Element tmpl = (org.w3c.dom.Element) doc.getElementsByTagName("SegmentTemplate").item(0);
        assertThat(tmpl.getAttribute("initialization")).isEqualTo("seg/news_1_v_init_0.mp4");
        assertThat(tmpl.getAttribute("startNumber")).isEqualTo("5");
        switch (format) {
            case NUMBER_WITH_TIMELINE -> assertThat(tmpl.getAttribute("media")).isEqualTo("seg/news_1_v_g2_$Number$.mp4");
            case TIME_WITH_TIMELINE -> assertThat(tmpl.getAttribute("media")).isEqualTo("seg/news_1_v_g2_t$Time$.mp4");
            case NUMBER_WITH_DURATION -> {
                assertThat(tmpl.getAttribute("media")).isEqualTo("seg/news_1_v_g2_$Number$.mp4");
                assertThat(tmpl.getAttribute("duration")).isEqualTo("360000");
            }
        }
        if (format != DashPackageSpec.SegmentTemplateFormat.NUMBER_WITH_DURATION) {
            org.w3c.dom.Element s = (org.w3c.dom.Element) doc.getElementsByTagName("S").item(0);
            assertThat(s.getAttribute("t")).isEqualTo("126000");
            assertThat(s.getAttribute("d")).isEqualTo("360000");
            assertThat(s.getAttribute("r")).isEqualTo("2");
        }
        // the URLs the templates make are the joined ones, never the pass-through ones
        assertThat(DashResegmenter.parse("news", "news_1_v_g2_6.mp4"))
                .isEqualTo(new DashResegmenter.Request(1, PlaybackRequest.CmafTrack.VIDEO, 2, false, 6));
        assertThat(DashResegmenter.parse("news", "news_1_a_g2_t486000.mp4"))
                .isEqualTo(new DashResegmenter.Request(1, PlaybackRequest.CmafTrack.AUDIO, 2, true, 486_000));
        assertThat(DashResegmenter.parse("news", "news_1_v_6.mp4")).isNull();
        assertThat(DashResegmenter.parse("news", "news_1_v_g1_6.mp4")).isNull();
        assertThat(PlaybackRequest.parseCmafSegment("news", "news_1_v_g2_6.mp4")).isNull();
    }

    @Test
    void timelineCompressesRepeatsAndMarksGaps() {
        assertThat(DashManifestWriter.timeline(List.of(new long[] {100, 10}, new long[] {110, 10}, new long[] {120, 11},
                new long[] {131, 10}, new long[] {200, 10}, new long[] {210, 10})))
                .containsExactly(new S(100, 10, 1), new S(-1, 11, 0), new S(-1, 10, 0), new S(200, 10, 1));
        assertThat(DashManifestWriter.timeline(List.of())).isEmpty();
    }

    @Test
    void durationsAndFrameRates() {
        assertThat(DashManifestWriter.seconds(60_000)).isEqualTo("PT60S");
        assertThat(DashManifestWriter.seconds(PDT)).isEqualTo("PT1764077946.04S");
        assertThat(DashManifestWriter.frameRate(25)).isEqualTo("25");
        assertThat(DashManifestWriter.frameRate(29.97)).isEqualTo("30000/1001");
        assertThat(DashManifestWriter.frameRate(23.976)).isEqualTo("24000/1001");
        assertThat(DashManifestWriter.frameRate(0)).isNull();
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
