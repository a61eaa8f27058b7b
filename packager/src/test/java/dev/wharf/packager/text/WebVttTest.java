package dev.wharf.packager.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebVttTest {
    /** What ffmpeg 5.1's HLS muxer writes: no X-TIMESTAMP-MAP, cue times on its output time line. */
    static final String FFMPEG = """
            WEBVTT

            00:02.022 --> 00:02.822
            cue 2

            00:03.022 --> 00:03.822 align:start line:0
            cue 3

            """;

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void hlsOutputGetsFfmpegsMapWhenTheSegmentHasNone() {
        String out = s(WebVtt.forHls(b(FFMPEG)));
        assertThat(out).isEqualTo("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n" + FFMPEG.substring(7));
        assertThat(WebVtt.timestampMap(b(out))).isEqualTo(new WebVtt.TimestampMap(126_000, 0));
        // idempotent, and a segment with its own map is passed through byte for byte
        assertThat(s(WebVtt.forHls(b(out)))).isEqualTo(out);
        String own = "WEBVTT\r\nX-TIMESTAMP-MAP=LOCAL:00:00:10.000,MPEGTS:900000\r\n\r\n00:10.000 --> 00:11.000\r\nx\r\n";
        assertThat(s(WebVtt.forHls(b(own)))).isEqualTo(own);
        assertThat(WebVtt.timestampMap(b(own))).isEqualTo(new WebVtt.TimestampMap(900_000, 10_000));
        // only the signature line
        assertThat(s(WebVtt.forHls(b("WEBVTT")))).isEqualTo("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000");
    }

    @Test
    void notWebVttIsLeftAlone() {
        byte[] junk = b("NOT A VTT\n00:01.000 --> 00:02.000\n");
        assertThat(WebVtt.forHls(junk)).isSameAs(junk);
        assertThat(WebVtt.cues(junk)).isEmpty();
        assertThat(WebVtt.isWebVtt(b("WEBVTTX"))).isFalse();
        assertThat(WebVtt.isWebVtt(b("\uFEFFWEBVTT - title\n"))).isTrue();
    }

    @Test
    void timestamps() {
        assertThat(WebVtt.millis("01:02:03.456")).isEqualTo(3_723_456);
        assertThat(WebVtt.millis("02:03.456")).isEqualTo(123_456);
        assertThat(WebVtt.millis("123:02:03.456")).isEqualTo(123 * 3_600_000L + 123_456);
        assertThat(WebVtt.millis("2:03.456")).isEqualTo(-1);
        assertThat(WebVtt.millis("02:03,456")).isEqualTo(-1);
        assertThat(WebVtt.format(3_723_456)).isEqualTo("01:02:03.456");
        assertThat(WebVtt.format(0)).isEqualTo("00:00:00.000");
    }

    @Test
    void cuesWithIdentifiersSettingsAndMultiLinePayloads() {
        String in = "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:10.000\n\nNOTE a note --> with an arrow\n\n"
                + "id-1\n00:00:12.500 --> 00:00:13.000 align:start\nline one\nline two\n\n"
                + "00:14.000 --> 00:15.000\nx\n\nbroken --> block\ny\n";
        assertThat(WebVtt.cues(b(in))).containsExactly(
                new WebVtt.Cue("id-1", 12_500, 13_000, "align:start", "line one\nline two"),
                new WebVtt.Cue(null, 14_000, 15_000, "", "x"));
    }

    @Test
    void mediaTimeUnwrapsNearTheReference() {
        long wrap = 1L << 33;
        WebVtt.TimestampMap map = new WebVtt.TimestampMap(90_000, 0);
        assertThat(WebVtt.mediaTime(map, 1000, 0)).isEqualTo(180_000);
        // the reference is past the wrap (unwrapped): the cue's 33-bit time moves up by one period
        assertThat(WebVtt.mediaTime(map, 1000, wrap + 100_000)).isEqualTo(wrap + 180_000);
        // and one just before the wrap stays below it
        assertThat(WebVtt.mediaTime(new WebVtt.TimestampMap(wrap - 90_000, 0), 0, wrap + 10)).isEqualTo(wrap - 90_000);
    }
}
