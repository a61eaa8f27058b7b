package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.packager.hls.Rendition;
import dev.wharf.packager.hls.Variant;
import dev.wharf.packager.ingest.RenditionProbe;
import dev.wharf.packager.media.ClosedCaptions;
import dev.wharf.testing.GoldenFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The subtitles and closed-caption signalling of every manifest: HLS and CMAF masters ({@code EXT-X-MEDIA} with
 * {@code TYPE=SUBTITLES} and {@code TYPE=CLOSED-CAPTIONS}, the variants' {@code SUBTITLES} and
 * {@code CLOSED-CAPTIONS}), the DASH text AdaptationSet and the video's {@code Accessibility} descriptors.
 */
class CaptionsAndSubtitlesManifestTest {
    static final ClosedCaptions CC1_CC3_SERVICE1 = new ClosedCaptions(List.of(1, 3), List.of(1));

    static RenditionProbe probe(ClosedCaptions cc) {
        return new RenditionProbe(List.of("avc1.42c00d", "mp4a.40.2"), 320, 180, 25, true, true, null, cc);
    }

    static Variant variant(String uri, String cc) {
        return new Variant(uri, 400_000, -1, null, 0, 0, 0, null, null, null, cc, Map.of());
    }

    static ChannelSnapshot snapshot(List<Rendition> declared, RenditionProbe... probes) {
        List<OutputRendition> renditions = new java.util.ArrayList<>();
        for (int i = 0; i < probes.length; i++) {
            renditions.add(new OutputRendition(i + 1, "v" + i + ".m3u8", variant("v" + i + ".m3u8", null), null, probes[i]));
        }
        renditions.add(new OutputRendition(probes.length + 1, "subs.m3u8", null, new Rendition("SUBTITLES", "subs",
                "English", "eng", "subs.m3u8", true, true, false, null, null, null, Map.of()), null));
        return new ChannelSnapshot("in1", renditions, declared);
    }

    @Test
    void hlsMasterSignalsTheCaptionsFoundInTheVideo() {
        ChannelSnapshot snap = snapshot(List.of(), probe(CC1_CC3_SERVICE1), probe(ClosedCaptions.NONE));
        List<HlsManifestWriter.VariantLine> lines = List.of(
                new HlsManifestWriter.VariantLine(snap.rendition(1), 400_000, 0, "avc1.42c00d,mp4a.40.2", 320, 180, 25),
                new HlsManifestWriter.VariantLine(snap.rendition(2), 200_000, 0, "avc1.42c00d,mp4a.40.2", 320, 180, 25));
        String text = HlsManifestWriter.master("index", lines, List.of(), CaptionSignalling.hls(snap));
        GoldenFiles.assertMatches("hls/master-captions-found.m3u8", text);
        assertThat(text).contains("#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"CC1\",AUTOSELECT=YES,"
                + "DEFAULT=NO,INSTREAM-ID=\"CC1\"\n").contains("INSTREAM-ID=\"CC3\"").contains("INSTREAM-ID=\"SERVICE1\"");
        List<String> inf = text.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF")).toList();
        assertThat(inf.get(0)).endsWith(",CLOSED-CAPTIONS=\"cc\"");
        assertThat(inf.get(1)).doesNotContain("CLOSED-CAPTIONS"); // its video carries none
    }

    @Test
    void theEncodersOwnDeclarationsWin() {
        Rendition declared = new Rendition("CLOSED-CAPTIONS", "captions", "English", "en", null, true, true, false,
                "CC1", null, null, Map.of());
        ChannelSnapshot snap = snapshot(List.of(declared), probe(CC1_CC3_SERVICE1));
        assertThat(CaptionSignalling.hls(snap)).containsExactly(declared);
        // languages declared by the encoder are used for what was found
        assertThat(CaptionSignalling.dash(CaptionSignalling.of(snap), snap.closedCaptions())).containsExactly(
                new DashManifestWriter.Descriptor(CaptionSignalling.SCHEME_608, "CC1=en;CC3=und"),
                new DashManifestWriter.Descriptor(CaptionSignalling.SCHEME_708, "1=lang:und"));
    }

    @Test
    void noCaptionsNoSignalling() {
        ChannelSnapshot snap = snapshot(List.of(), probe(ClosedCaptions.NONE), probe(null));
        assertThat(CaptionSignalling.hls(snap)).isEmpty();
        assertThat(CaptionSignalling.dash(CaptionSignalling.of(snap), List.of())).isEmpty();
    }

    @Test
    void cmafMasterHasTheSubtitlesGroupAndTheCaptions() {
        ChannelSnapshot snap = snapshot(List.of(), probe(CC1_CC3_SERVICE1));
        String text = CmafManifestWriter.master("index", List.of(
                        new CmafManifestWriter.CmafVariant(1, true, 400_000, 0, "avc1.42c00d,mp4a.40.2", 320, 180, 25, true)),
                new CmafManifestWriter.AudioGroup(1, "eng"), SubtitleOutputs.cmaf(snap),
                CaptionSignalling.hlsRenditions(CaptionSignalling.of(snap), List.of()));
        GoldenFiles.assertMatches("cmaf/master-subtitles-captions.m3u8", text);
        assertThat(text).contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subtitles\",LANGUAGE=\"eng\",NAME=\"English\","
                + "AUTOSELECT=YES,DEFAULT=YES,URI=\"index_2_s.m3u8\"\n");
        assertThat(text).contains("AUDIO=\"audio\",SUBTITLES=\"subtitles\",CLOSED-CAPTIONS=\"cc\"\nindex_1_v.m3u8\n");
    }

    @Test
    void dashHasATextAdaptationSetAndAccessibilityOnTheVideo() throws Exception {
        long pdt = DashManifestWriterTest.PDT;
        List<DashManifestWriter.TextSegment> text = new java.util.ArrayList<>();
        for (long seq = 10; seq < 15; seq++) {
            // on the media time line of the video segments they were cut with (DashManifestWriterTest.tracks)
            text.add(new DashManifestWriter.TextSegment(seq, 0, 126_000 + (seq - 10) * 180_000, 180_000));
        }
        DashManifestWriter.TextTrack subs = new DashManifestWriter.TextTrack(3, "eng", 1000, text);
        String xml = DashManifestWriter.write(DashManifestWriter.build(new DashPackageSpec(), "news",
                "http://h:8080/out/v1/time", pdt + 10_000, DashManifestWriterTest.tracks(false),
                DashManifestWriterTest.ANCHORS, false, List.of(subs),
                CaptionSignalling.dash(CC1_CC3_SERVICE1, List.of())));
        GoldenFiles.assertMatches("dash/subtitles-captions.mpd", xml);
        assertThat(xml).contains("""
                    <AdaptationSet id="1" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">
                      <Accessibility schemeIdUri="urn:scte:dash:cc:cea-608:2015" value="CC1=und;CC3=und"/>
                      <Accessibility schemeIdUri="urn:scte:dash:cc:cea-708:2015" value="1=lang:und"/>
                """);
        assertThat(xml).contains("""
                    <AdaptationSet id="3" contentType="text" mimeType="application/mp4" lang="eng">
                      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>
                      <Representation id="s3" bandwidth="1000" codecs="wvtt">
                        <SegmentTemplate timescale="90000" presentationTimeOffset="126000" initialization="seg/news_3_s_init_0.mp4" media="seg/news_3_s_$Number$.mp4" startNumber="10">
                          <SegmentTimeline>
                            <S t="126000" d="180000" r="4"/>
                """);
        assertThat(DashManifestWriterTest.parse(xml).getElementsByTagName("AdaptationSet").getLength()).isEqualTo(3);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(DashPackageSpec.SegmentTemplateFormat.class)
    void subtitlesDoNotChangeTheDurationOfAnEndedPresentation(DashPackageSpec.SegmentTemplateFormat format) {
        DashPackageSpec spec = new DashPackageSpec();
        spec.segmentTemplateFormat = format;
        List<DashManifestWriter.TextSegment> text = new java.util.ArrayList<>();
        for (long seq = 10; seq < 15; seq++) {
            text.add(new DashManifestWriter.TextSegment(seq, 0, 126_000 + (seq - 10) * 180_000, 180_000 + 90));
        }
        long pdt = DashManifestWriterTest.PDT;
        var without = DashManifestWriter.build(spec, "news", "http://h/t", pdt, DashManifestWriterTest.tracks(false),
                DashManifestWriterTest.ANCHORS, true);
        var with = DashManifestWriter.build(spec, "news", "http://h/t", pdt, DashManifestWriterTest.tracks(false),
                DashManifestWriterTest.ANCHORS, true, List.of(new DashManifestWriter.TextTrack(3, "eng", 1000, text)),
                List.of());
        assertThat(with.durationMillis()).isEqualTo(without.durationMillis()).isPositive();
        assertThat(DashManifestWriter.write(with)).contains("contentType=\"text\"");
    }
}
