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
        assertThat(WebVtt.forDash(junk, 0)).isSameAs(junk);
        assertThat(WebVtt.isWebVtt(b("WEBVTTX"))).isFalse();
        assertThat(WebVtt.isWebVtt(b("\uFEFFWEBVTT - title\n"))).isTrue();
    }

    @Test
    void dashOutputHasCueTimesRelativeToThePeriod() {
        // Period origin: media time 1.4213 s (the first video frame); cue 2 at local 2.022 = pts 126000 + 181980
        String out = s(WebVtt.forDash(b(FFMPEG), 127_920));
        assertThat(out).isEqualTo("""
                WEBVTT

                00:00:02.000 --> 00:00:02.800
                cue 2

                00:00:03.000 --> 00:00:03.800 align:start line:0
                cue 3

                """);
    }

    @Test
    void dashUsesTheSegmentsOwnMapAndDropsIt() {
        String in = """
                WEBVTT
                X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:10.000

                NOTE a note --> with an arrow is not a cue

                id-1
                00:00:12.500 --> 00:00:13.000
                text
                """;
        String out = s(WebVtt.forDash(b(in), 900_000));
        assertThat(out).doesNotContain("X-TIMESTAMP-MAP").contains("00:00:02.500 --> 00:00:03.000\ntext")
                .contains("id-1\n").startsWith("WEBVTT\n\n");
    }

    @Test
    void dashUnwrapsThe33BitTimeNearestTheOrigin() {
        long wrap = 1L << 33;
        // the Period started 10 s before the PTS wrapped; the segment's map is past the wrap (small MPEGTS)
        String in = "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:90000,LOCAL:00:00:00.000\n\n00:00:00.000 --> 00:00:01.000\nx\n";
        String out = s(WebVtt.forDash(b(in), wrap - 900_000));
        assertThat(out).contains("00:00:11.000 --> 00:00:12.000");
        // a cue before the Period start is clamped to 0
        assertThat(s(WebVtt.forDash(b(in), 180_000))).contains("00:00:00.000 --> 00:00:00.000");
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
}
