package dev.wharf.packager.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the parser refuses, and that it says what and where. */
class PlaylistParseErrorsTest {

    private static PlaylistParseException error(String... lines) {
        return catchThrowableOfType(PlaylistParseException.class,
                () -> PlaylistParser.parse(String.join("\n", lines) + "\n"));
    }

    private static void assertError(PlaylistParseException e, int line, String message) {
        assertThat(e).as("an exception").isNotNull();
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.getMessage()).isEqualTo("line " + line + ": " + message);
        assertThat(e.reason()).isEqualTo(message);
    }

    @Test
    void firstLineMustBeExtm3u() {
        assertError(error("<html><body>502 Bad Gateway</body></html>"), 1,
                "not an HLS playlist: first line must be #EXTM3U, found '<html><body>502 Bad Gateway</body></html>'");
        assertError(error("", "#EXT-X-VERSION:3", "#EXTM3U"), 2,
                "not an HLS playlist: first line must be #EXTM3U, found '#EXT-X-VERSION:3'");
        assertError(error(""), 1, "not an HLS playlist: first line must be #EXTM3U, found an empty document");
        assertThat(catchThrowableOfType(PlaylistParseException.class, () -> PlaylistParser.parse(new byte[0])).line())
                .isEqualTo(1);
    }

    /** Found by PlaylistParserFuzzTest: a reason quoted a whole 450-byte line, control characters included. */
    @Test
    void reasonsQuoteAtMostAShortPrintablePieceOfTheInput() {
        String longValue = "2024-05-14T09:21:06." + "2".repeat(5000) + "\u0001\nX-Forged: yes";
        PlaylistParseException e = error("#EXTM3U", "#EXT-X-TARGETDURATION:2", "#EXTINF:2.0,",
                "#EXT-X-PROGRAM-DATE-TIME:" + longValue, "a.ts");
        assertThat(e).isNotNull();
        assertThat(e.reason()).hasSizeLessThanOrEqualTo(PlaylistParseException.MAX_REASON)
                .startsWith("EXT-X-PROGRAM-DATE-TIME '2024-05-14T09:21:06.2222").contains("...'")
                .endsWith("(expected Z or +hh:mm)")
                .doesNotContain("\n").doesNotContain("\u0001");

        String longName = "A".repeat(10_000);
        PlaylistParseException attr = error("#EXTM3U", "#EXT-X-STREAM-INF:" + longName, "v.m3u8");
        assertThat(attr).isNotNull();
        assertThat(attr.getMessage()).hasSizeLessThan(PlaylistParseException.MAX_REASON + 20);
    }

    @Test
    void extinfDurationMustBeANonNegativeDecimalNumber() {
        String[] head = {"#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:1",
                "#EXTINF:2.0,", "a.ts"};
        assertError(error(concat(head, "#EXTINF:abc,", "b.ts")), 7, "EXTINF duration 'abc' is not a decimal number");
        assertError(error(concat(head, "#EXTINF:-2.0,", "b.ts")), 7, "EXTINF duration '-2.0' is negative");
        assertError(error(concat(head, "#EXTINF:1e3,", "b.ts")), 7, "EXTINF duration '1e3' is not a decimal number");
        assertError(error(concat(head, "#EXTINF:,", "b.ts")), 7, "EXTINF duration '' is not a decimal number");
        assertError(error(concat(head, "#EXTINF:99999999999999,", "b.ts")), 7, "EXTINF duration '99999999999999' is too large");
    }

    @Test
    void sequenceNumbersMustBeIntegers() {
        assertError(error("#EXTM3U", "#EXT-X-MEDIA-SEQUENCE:12a"), 2, "EXT-X-MEDIA-SEQUENCE '12a' is not a decimal integer");
        assertError(error("#EXTM3U", "#EXT-X-MEDIA-SEQUENCE:-1"), 2, "EXT-X-MEDIA-SEQUENCE '-1' is negative");
        assertError(error("#EXTM3U", "#EXT-X-MEDIA-SEQUENCE:99999999999999999999"), 2,
                "EXT-X-MEDIA-SEQUENCE '99999999999999999999' is out of range");
        assertError(error("#EXTM3U", "#EXT-X-MEDIA-SEQUENCE:"), 2, "EXT-X-MEDIA-SEQUENCE has no value");
        assertError(error("#EXTM3U", "#EXT-X-DISCONTINUITY-SEQUENCE:1.5"), 2,
                "EXT-X-DISCONTINUITY-SEQUENCE '1.5' is not a decimal integer");
        assertError(error("#EXTM3U", "#EXT-X-MEDIA-SEQUENCE:3", "#EXTINF:2,", "a.ts", "#EXT-X-MEDIA-SEQUENCE:4"), 5,
                "EXT-X-MEDIA-SEQUENCE 4 contradicts EXT-X-MEDIA-SEQUENCE 3 on line 2");
        assertError(error("#EXTM3U", "#EXT-X-TARGETDURATION:six"), 2, "EXT-X-TARGETDURATION 'six' is not a decimal integer");
    }

    @Test
    void masterAndMediaTagsDoNotMix() {
        assertError(error("#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1000", "low.m3u8", "#EXTINF:2,", "a.ts"), 4,
                "EXTINF in a playlist that has EXT-X-STREAM-INF on line 2: "
                        + "a playlist is either a master or a media playlist (RFC 8216 section 4.1)");
        assertError(error("#EXTM3U", "#EXTINF:2,", "a.ts", "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"a\""), 4,
                "EXT-X-MEDIA in a playlist that has EXTINF on line 2: "
                        + "a playlist is either a master or a media playlist (RFC 8216 section 4.1)");
    }

    @Test
    void streamInfNeedsAUriAndBandwidth() {
        assertError(error("#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1000", "low.m3u8", "#EXT-X-STREAM-INF:BANDWIDTH=2000"),
                4, "EXT-X-STREAM-INF is not followed by a URI line");
        assertError(error("#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1000", "#EXT-X-STREAM-INF:BANDWIDTH=2000", "hi.m3u8"),
                2, "EXT-X-STREAM-INF is not followed by a URI line (line 3 is another tag)");
        assertError(error("#EXTM3U", "#EXT-X-STREAM-INF:RESOLUTION=640x360,CODECS=\"avc1.64001f\"", "low.m3u8"),
                2, "EXT-X-STREAM-INF has no BANDWIDTH attribute");
        assertError(error("#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1.5M", "low.m3u8"),
                2, "EXT-X-STREAM-INF BANDWIDTH '1.5M' is not a decimal integer");
        assertError(error("#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=640", "low.m3u8"),
                2, "EXT-X-STREAM-INF RESOLUTION '640' is not <width>x<height>");
        assertError(error("#EXTM3U", "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1000"),
                2, "EXT-X-I-FRAME-STREAM-INF has no URI attribute");
        assertError(error("#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1000", "low.m3u8", "orphan.m3u8"),
                4, "URI 'orphan.m3u8' is not preceded by EXT-X-STREAM-INF");
        assertError(error("#EXTM3U", "#EXT-X-MEDIA:GROUP-ID=\"a\",NAME=\"a\""), 2, "EXT-X-MEDIA has no TYPE attribute");
    }

    @Test
    void malformedAttributeListsSayWhichTag() {
        assertError(error("#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1000,CODECS=\"avc1.64001f", "low.m3u8"),
                2, "EXT-X-STREAM-INF: attribute CODECS: quoted string is not closed");
        assertError(error("#EXTM3U", "#EXT-X-STREAM-INF:BANDWIDTH=1000,BANDWIDTH=2000", "low.m3u8"),
                2, "EXT-X-STREAM-INF: attribute BANDWIDTH appears twice");
        assertError(error("#EXTM3U", "#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0xZZ"),
                2, "EXT-X-KEY IV '0xZZ' is not a hexadecimal-sequence of at most 128 bits (0x...)");
        assertError(error("#EXTM3U", "#EXT-X-KEY:METHOD=AES-128"), 2, "EXT-X-KEY METHOD=AES-128 has no URI attribute");
        assertError(error("#EXTM3U", "#EXT-X-MAP:BYTERANGE=\"100@0\""), 2, "EXT-X-MAP has no URI attribute");
    }

    @Test
    void segmentStructure() {
        assertError(error("#EXTM3U", "#EXT-X-TARGETDURATION:2", "a.ts"), 3, "segment URI 'a.ts' has no EXTINF before it");
        assertError(error("#EXTM3U", "#EXTINF:2,", "#EXTINF:2,", "a.ts"), 3,
                "EXTINF follows the EXTINF on line 2 with no segment URI between them");
        assertError(error("#EXTM3U", "#EXTINF:2,", "#EXT-X-BYTERANGE:100", "a.ts"), 3,
                "EXT-X-BYTERANGE without offset must follow a sub-range of the same resource (RFC 8216 section 4.3.2.2)");
        assertError(error("#EXTM3U", "#EXTINF:2,", "#EXT-X-BYTERANGE:100@0", "a.ts",
                        "#EXTINF:2,", "#EXT-X-BYTERANGE:100", "b.ts"), 6,
                "EXT-X-BYTERANGE without offset must follow a sub-range of the same resource (RFC 8216 section 4.3.2.2)");
        assertError(error("#EXTM3U", "#EXTINF:2,", "#EXT-X-BYTERANGE:100@", "a.ts"), 3,
                "EXT-X-BYTERANGE '100@' is not <length>[@<offset>]");
        assertError(error("#EXTM3U", "#EXT-X-PLAYLIST-TYPE:LIVE"), 2, "EXT-X-PLAYLIST-TYPE 'LIVE' is not EVENT or VOD");
    }

    @Test
    void programDateTimeMustBeADateTimeWithZone() {
        assertError(error("#EXTM3U", "#EXTINF:2,", "#EXT-X-PROGRAM-DATE-TIME:2024-05-14T09:21:00.000", "a.ts"), 3,
                "EXT-X-PROGRAM-DATE-TIME '2024-05-14T09:21:00.000' has no time zone (expected Z or +hh:mm)");
        assertError(error("#EXTM3U", "#EXT-X-PROGRAM-DATE-TIME:yesterday", "#EXTINF:2,", "a.ts"), 2,
                "EXT-X-PROGRAM-DATE-TIME 'yesterday' is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss[.fff]Z)");
        assertError(error("#EXTM3U", "#EXT-X-PROGRAM-DATE-TIME:2024-02-30T00:00:00Z"), 2,
                "EXT-X-PROGRAM-DATE-TIME '2024-02-30T00:00:00Z' has an invalid date");
    }

    @Test
    void lineNumbersCountCrLfCrAndBlankLines() {
        String text = "\uFEFF#EXTM3U\r\n\r\n#EXT-X-TARGETDURATION:2\r#EXTINF:x,\r\na.ts\r\n";
        PlaylistParseException e = catchThrowableOfType(PlaylistParseException.class, () -> PlaylistParser.parse(text));
        assertError(e, 4, "EXTINF duration 'x' is not a decimal number");
    }

    @Test
    void sizeLimits() {
        byte[] big = new byte[PlaylistParser.MAX_BYTES + 1];
        PlaylistParseException e = catchThrowableOfType(PlaylistParseException.class, () -> PlaylistParser.parse(big));
        assertThat(e.line()).isZero();
        assertThat(e.getMessage()).isEqualTo("playlist is 1048577 bytes, over the limit of 1048576 bytes (1 MiB)");

        String bigText = "#EXTM3U\n" + "é".repeat(PlaylistParser.MAX_BYTES / 2);
        assertThat(catchThrowableOfType(PlaylistParseException.class, () -> PlaylistParser.parse(bigText)).getMessage())
                .as("the limit counts UTF-8 bytes, not chars").isEqualTo("playlist is 1048584 bytes, over the limit of 1048576 bytes (1 MiB)");

        String manyLines = "#EXTM3U\n" + "\n".repeat(PlaylistParser.MAX_LINES);
        e = catchThrowableOfType(PlaylistParseException.class, () -> PlaylistParser.parse(manyLines));
        assertError(e, 100_001, "playlist has more than 100000 lines, the limit");
    }

    @Test
    void invalidUtf8() {
        byte[] bytes = "#EXTM3U\n#EXTINF:2,\nseg\u0000.ts\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 5] = (byte) 0xC3; // a lead byte followed by '.', not a continuation byte
        PlaylistParseException e = catchThrowableOfType(PlaylistParseException.class, () -> PlaylistParser.parse(bytes));
        assertError(e, 3, "not valid UTF-8 (byte 23)");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
