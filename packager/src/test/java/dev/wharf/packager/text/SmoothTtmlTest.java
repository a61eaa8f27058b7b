package dev.wharf.packager.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.mux.mp4.SmoothFragmentWriter;
import dev.wharf.testing.GoldenFiles;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** WebVTT cues as a Smooth text fragment's TTML document: golden, well-formed, times relative to the fragment, 10 MHz. */
class SmoothTtmlTest {
    static final String VTT = """
            WEBVTT
            X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000

            a
            00:00:00.500 --> 00:00:01.500 line:0
            <i>first</i> & <v Bob>"quoted"</v> &lt;tag&gt;

            00:00:01.000 --> 00:00:01.250
            two
            lines

            00:00:01.900 --> 00:00:03.000
            crosses the end

            00:00:05.000 --> 00:00:06.000
            after the fragment
            """;

    static Document parse(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void cuesOfTheFragmentBecomeParagraphsOnItsTimeLine() throws Exception {
        // fragment [10 s, 12 s) on the 90 kHz line (MPEGTS 900000 is 10 s): 10 MHz ticks 100000000..120000000
        String xml = SmoothTtml.document(VTT.getBytes(StandardCharsets.UTF_8), 900_000, 1_080_000, "eng");
        GoldenFiles.assertMatches("mss/text-fragment.ttml", xml);
        Document doc = parse(xml);
        Element tt = doc.getDocumentElement();
        assertThat(tt.getLocalName()).isEqualTo("tt");
        assertThat(tt.getNamespaceURI()).isEqualTo("http://www.w3.org/ns/ttml");
        assertThat(tt.getAttributeNS("http://www.w3.org/ns/ttml#parameter", "tickRate")).isEqualTo("10000000");
        NodeList p = doc.getElementsByTagNameNS("http://www.w3.org/ns/ttml", "p");
        assertThat(p.getLength()).isEqualTo(3);
        Element first = (Element) p.item(0);
        assertThat(first.getAttribute("begin")).isEqualTo("5000000t");
        assertThat(first.getAttribute("end")).isEqualTo("15000000t");
        assertThat(first.getTextContent()).isEqualTo("first & \"quoted\" <tag>");
        assertThat(((Element) p.item(1)).getElementsByTagNameNS("http://www.w3.org/ns/ttml", "br").getLength())
                .isEqualTo(1);
        // clipped at the fragment's end; the cue after it is not in this fragment
        assertThat(((Element) p.item(2)).getAttribute("end")).isEqualTo("20000000t");
    }

    @Test
    void aFragmentWithoutCuesIsAnEmptyDocument() throws Exception {
        String xml = SmoothTtml.document("WEBVTT\n\n".getBytes(StandardCharsets.UTF_8), 126_000, 306_000, null);
        Document doc = parse(xml);
        assertThat(doc.getDocumentElement().getAttribute("xml:lang")).isEqualTo("und");
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/ns/ttml", "p").getLength()).isZero();
    }

    @Test
    void theFragmentsMdatIsTheDocumentAndTfxdItsChunk() throws Exception {
        byte[] vtt = VTT.getBytes(StandardCharsets.UTF_8);
        byte[] f = SmoothTtml.fragment(vtt, 6, 900_000, 1_080_000, "eng",
                List.of(new SmoothFragmentWriter.Chunk(120_000_000, 20_000_000)));
        ByteBuffer b = ByteBuffer.wrap(f);
        int moof = b.getInt(0);
        assertThat(new String(f, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("moof");
        assertThat(new String(f, moof + 4, 4, StandardCharsets.US_ASCII)).isEqualTo("mdat");
        String mdat = new String(f, moof + 8, b.getInt(moof) - 8, StandardCharsets.UTF_8);
        assertThat(mdat).isEqualTo(SmoothTtml.document(vtt, 900_000, 1_080_000, "eng"));
        String all = new String(f, StandardCharsets.ISO_8859_1);
        int tfxd = all.indexOf("uuid") + 4 + 16; // the tfxd uuid box: extended type, then version/flags
        assertThat(b.get(tfxd)).isEqualTo((byte) 1);
        assertThat(b.getLong(tfxd + 4)).isEqualTo(100_000_000L);
        assertThat(b.getLong(tfxd + 12)).isEqualTo(20_000_000L);
    }
}
