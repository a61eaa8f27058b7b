package dev.wharf.packager.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SegmentCheckTest {

    private static byte[] box(long size, String type, int total) {
        byte[] b = new byte[total];
        b[0] = (byte) (size >>> 24);
        b[1] = (byte) (size >>> 16);
        b[2] = (byte) (size >>> 8);
        b[3] = (byte) size;
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(t, 0, b, 4, 4);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mp4AcceptsKnownFirstBoxesThatFit() {
        for (String type : new String[] {"ftyp", "styp", "moof", "moov", "sidx", "emsg", "prft", "free"}) {
            assertThat(SegmentCheck.mp4(box(24, type, 24))).as(type).isNull();
            assertThat(SegmentCheck.mp4(box(8, type, 100))).as(type).isNull();
        }
        assertThat(SegmentCheck.mp4(box(1, "moof", 16))).isNull(); // 64-bit largesize follows
    }

    @Test
    void mp4RefusesShortInput() {
        assertThat(SegmentCheck.mp4(new byte[0])).isEqualTo("not an fMP4 segment: shorter than one box header");
        assertThat(SegmentCheck.mp4(new byte[7])).isEqualTo("not an fMP4 segment: shorter than one box header");
    }

    @Test
    void mp4RefusesUnknownFirstBox() {
        assertThat(SegmentCheck.mp4(box(16, "mdat", 16)))
                .isEqualTo("not an fMP4 segment: first box is 'mdat', expected ftyp, styp, moof, sidx, emsg or prft");
        byte[] ts = new byte[188];
        ts[0] = 0x47;
        assertThat(SegmentCheck.mp4(ts)).startsWith("not an fMP4 segment: first box is '????'");
        assertThat(SegmentCheck.mp4(box(16, "FTYP", 16))).contains("first box is 'FTYP'");
    }

    @Test
    void mp4RefusesABoxSizeThatDoesNotFit() {
        assertThat(SegmentCheck.mp4(box(25, "ftyp", 24)))
                .isEqualTo("not an fMP4 segment: first box size 25 does not fit the 24 bytes received");
        assertThat(SegmentCheck.mp4(box(7, "ftyp", 24)))
                .isEqualTo("not an fMP4 segment: first box size 7 does not fit the 24 bytes received");
        assertThat(SegmentCheck.mp4(box(0, "moof", 24)))
                .isEqualTo("not an fMP4 segment: first box size 0 does not fit the 24 bytes received");
        assertThat(SegmentCheck.mp4(box(0xFFFFFFFFL, "moof", 24)))
                .isEqualTo("not an fMP4 segment: first box size 4294967295 does not fit the 24 bytes received");
    }

    @Test
    void webvttNeedsItsSignature() {
        assertThat(SegmentCheck.webvtt(ascii("WEBVTT"))).isNull();
        assertThat(SegmentCheck.webvtt(ascii("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n"))).isNull();
        assertThat(SegmentCheck.webvtt(ascii("WEBVTT\r\n"))).isNull();
        assertThat(SegmentCheck.webvtt(ascii("WEBVTT - title\n"))).isNull();
        assertThat(SegmentCheck.webvtt(ascii("WEBVTT\tx\n"))).isNull();
        assertThat(SegmentCheck.webvtt(ascii("\uFEFFWEBVTT\n"))).isNull();
    }

    @Test
    void webvttRefusesAnythingElse() {
        String missing = "not a WebVTT file: it must start with 'WEBVTT'";
        assertThat(SegmentCheck.webvtt(new byte[0])).isEqualTo(missing);
        assertThat(SegmentCheck.webvtt(ascii("WEBVT"))).isEqualTo(missing);
        assertThat(SegmentCheck.webvtt(ascii("webvtt\n"))).isEqualTo(missing);
        assertThat(SegmentCheck.webvtt(ascii(" WEBVTT\n"))).isEqualTo(missing);
        assertThat(SegmentCheck.webvtt(ascii("\uFEFF"))).isEqualTo(missing);
        assertThat(SegmentCheck.webvtt(ascii("#EXTM3U\n"))).isEqualTo(missing);
        assertThat(SegmentCheck.webvtt(ascii("WEBVTTX\n")))
                .isEqualTo("not a WebVTT file: 'WEBVTT' must be followed by a space, tab or line break");
        assertThat(SegmentCheck.webvtt(ascii("\uFEFFWEBVTT:")))
                .isEqualTo("not a WebVTT file: 'WEBVTT' must be followed by a space, tab or line break");
    }

    @Test
    void packedAudioStartsWithId3AdtsOrAc3() {
        assertThat(SegmentCheck.packedAudio(new byte[] {'I', 'D', '3', 4, 0})).isNull();
        assertThat(SegmentCheck.packedAudio(new byte[] {(byte) 0xFF, (byte) 0xF1, 0x50})).isNull(); // ADTS MPEG-4
        assertThat(SegmentCheck.packedAudio(new byte[] {(byte) 0xFF, (byte) 0xF9})).isNull();       // ADTS MPEG-2
        assertThat(SegmentCheck.packedAudio(new byte[] {0x0B, 0x77, 0x12})).isNull();               // AC-3 / E-AC-3
    }

    @Test
    void packedAudioRefusesAnythingElse() {
        String why = "not packed audio: expected an ID3 tag, an ADTS header or an AC-3 sync word";
        assertThat(SegmentCheck.packedAudio(new byte[0])).isEqualTo(why);
        assertThat(SegmentCheck.packedAudio(new byte[] {'I', 'D'})).isEqualTo(why);
        assertThat(SegmentCheck.packedAudio(new byte[] {'i', 'd', '3'})).isEqualTo(why);
        assertThat(SegmentCheck.packedAudio(new byte[] {(byte) 0xFF})).isEqualTo(why);
        assertThat(SegmentCheck.packedAudio(new byte[] {(byte) 0xFF, (byte) 0xE0})).isEqualTo(why); // MPEG audio, not ADTS
        assertThat(SegmentCheck.packedAudio(new byte[] {0x0B})).isEqualTo(why);
        assertThat(SegmentCheck.packedAudio(new byte[] {0x77, 0x0B})).isEqualTo(why);
        assertThat(SegmentCheck.packedAudio(new byte[] {0x47, 0x40, 0x00})).isEqualTo(why); // MPEG-TS
    }
}
