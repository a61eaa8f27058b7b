package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.mux.mp4.SmoothFragmentWriter.Chunk;
import dev.wharf.testing.GoldenFiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The Smooth client manifest: golden files, and the facts players read out of it. */
class SmoothManifestWriterTest {
    static final byte[] SPS = HexFormat.of().parseHex("6742c015d901e08feb011000000300100000030320f162e480");
    static final byte[] PPS = HexFormat.of().parseHex("68cb8cb2");
    static final byte[] ASC = HexFormat.of().parseHex("1190");

    static SmoothManifestWriter.Manifest manifest(boolean live) {
        List<Chunk> video = List.of(new Chunk(14_000_000, 20_000_000), new Chunk(34_000_000, 20_000_000),
                new Chunk(54_000_000, 20_000_000));
        List<Chunk> audio = List.of(new Chunk(14_000_000, 19_840_000), new Chunk(33_840_000, 20_053_333),
                new Chunk(53_893_333, 20_053_334));
        var v = new SmoothManifestWriter.Stream("video", "video", null, 480, 270, List.of(
                SmoothManifestWriter.QualityLevel.video(818_000, 480, 270, List.of(SPS, PPS)),
                SmoothManifestWriter.QualityLevel.video(448_000, 320, 180, List.of(SPS, PPS))), video);
        var a = new SmoothManifestWriter.Stream("audio", "audio", "eng", 0, 0, List.of(
                SmoothManifestWriter.QualityLevel.aac(67_000, 48_000, 2, ASC)), audio);
        return new SmoothManifestWriter.Manifest(live, 600_000_000, live ? 0 : 60_000_000, List.of(v, a));
    }

    @Test
    void liveManifestMatchesGolden() throws Exception {
        String xml = SmoothManifestWriter.write(manifest(true));
        GoldenFiles.assertMatches("mss/live.ismc", xml);
        Element root = parse(xml);
        assertThat(root.getTagName()).isEqualTo("SmoothStreamingMedia");
        assertThat(root.getAttribute("MajorVersion")).isEqualTo("2");
        assertThat(root.getAttribute("TimeScale")).isEqualTo("10000000");
        assertThat(root.getAttribute("IsLive")).isEqualTo("TRUE");
        assertThat(root.getAttribute("LookAheadFragmentCount")).isEqualTo("2");
        assertThat(root.getAttribute("DVRWindowLength")).isEqualTo("600000000");
        assertThat(root.getAttribute("Duration")).isEqualTo("0");
        Element video = (Element) root.getElementsByTagName("StreamIndex").item(0);
        assertThat(video.getAttribute("Url")).isEqualTo("QualityLevels({bitrate})/Fragments(video={start time})");
        assertThat(video.getAttribute("Chunks")).isEqualTo("3");
        Element q = (Element) video.getElementsByTagName("QualityLevel").item(0);
        // dash.js takes the codec string from the 3 bytes after "00000001" + the SPS NAL header (67)
        assertThat(q.getAttribute("CodecPrivateData")).startsWith("000000016742C015").contains("0000000168CB8CB2");
        assertThat(q.getAttribute("FourCC")).isEqualTo("H264");
        Element aq = (Element) root.getElementsByTagName("StreamIndex").item(1).getChildNodes().item(1);
        assertThat(aq.getAttribute("FourCC")).isEqualTo("AACL");
        assertThat(aq.getAttribute("CodecPrivateData")).isEqualTo("1190");
    }

    @Test
    void endedManifestIsOnDemandWithItsDuration() throws Exception {
        String xml = SmoothManifestWriter.write(manifest(false));
        GoldenFiles.assertMatches("mss/ended.ismc", xml);
        Element root = parse(xml);
        assertThat(root.hasAttribute("IsLive")).isFalse();
        assertThat(root.getAttribute("Duration")).isEqualTo("60000000");
    }

    @Test
    void subtitlesAreATextStreamOfTtmlWithTheVideosChunks() throws Exception {
        var m = manifest(true);
        var video = m.streams().getFirst();
        var text = new SmoothManifestWriter.Stream("text", "text_fra", "fra", 0, 0,
                List.of(SmoothManifestWriter.QualityLevel.ttml(1000)), video.chunks());
        List<SmoothManifestWriter.Stream> streams = new java.util.ArrayList<>(m.streams());
        streams.add(text);
        String xml = SmoothManifestWriter.write(new SmoothManifestWriter.Manifest(true, m.dvrWindowHns(),
                m.durationHns(), streams));
        GoldenFiles.assertMatches("mss/live-text.ismc", xml);
        Element s = (Element) parse(xml).getElementsByTagName("StreamIndex").item(2);
        assertThat(s.getAttribute("Type")).isEqualTo("text");
        assertThat(s.getAttribute("Subtype")).isEqualTo("SUBT");
        assertThat(s.getAttribute("Language")).isEqualTo("fra");
        assertThat(s.getAttribute("Url")).isEqualTo("QualityLevels({bitrate})/Fragments(text_fra={start time})");
        Element q = (Element) s.getElementsByTagName("QualityLevel").item(0);
        assertThat(q.getAttribute("FourCC")).isEqualTo("TTML");
        assertThat(q.hasAttribute("MaxWidth")).isFalse();
        assertThat(q.hasAttribute("SamplingRate")).isFalse();
        Element c = (Element) s.getElementsByTagName("c").item(1);
        assertThat(c.getAttribute("t")).isEqualTo("34000000");
        assertThat(c.getAttribute("d")).isEqualTo("20000000");
    }

    @Test
    void heAacIsAach() {
        assertThat(SmoothManifestWriter.QualityLevel.aac(48_000, 24_000, 2, HexFormat.of().parseHex("2b8a08")).fourCC())
                .isEqualTo("AACH");
    }

    static Element parse(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }
}
