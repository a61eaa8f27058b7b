package dev.wharf.packager.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** RFC 8216 section 4.2 attribute lists. */
class AttributeListTest {

    @Test
    void quotedValuesMayHoldCommasAndEquals() {
        assertThat(AttributeList.parse("BANDWIDTH=1280000,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=1280x720,"
                + "X-NOTE=\"a=b, c=d\""))
                .containsExactly(
                        entry("BANDWIDTH", "1280000"),
                        entry("CODECS", "\"avc1.64001f,mp4a.40.2\""),
                        entry("RESOLUTION", "1280x720"),
                        entry("X-NOTE", "\"a=b, c=d\""));
    }

    @Test
    void base64AndDataUrisSplitOnTheFirstEqualsOnly() {
        assertThat(AttributeList.parse("SCTE35=/DAlAAAAAAAAAP/wFAUAAAABf+/+ACkyjn4AKTLofgABAQAAa4+bSg==,"
                + "URI=\"data:text/plain;base64,SGVsbG8=\""))
                .containsExactly(
                        entry("SCTE35", "/DAlAAAAAAAAAP/wFAUAAAABf+/+ACkyjn4AKTLofgABAQAAa4+bSg=="),
                        entry("URI", "\"data:text/plain;base64,SGVsbG8=\""));
    }

    @Test
    void hexadecimalDecimalAndEnumeratedValuesAreKeptAsWritten() {
        assertThat(AttributeList.parse("METHOD=AES-128,URI=\"https://k.example/key?a=1\",IV=0x9c7db8778570d05c3177c349fd9236aa,"
                + "FRAME-RATE=29.970,TIME-OFFSET=-12.5,DEFAULT=YES"))
                .containsExactly(
                        entry("METHOD", "AES-128"),
                        entry("URI", "\"https://k.example/key?a=1\""),
                        entry("IV", "0x9c7db8778570d05c3177c349fd9236aa"),
                        entry("FRAME-RATE", "29.970"),
                        entry("TIME-OFFSET", "-12.5"),
                        entry("DEFAULT", "YES"));
    }

    @Test
    void toleratesWhitespaceTrailingCommaAndEmptyLists() {
        assertThat(AttributeList.parse(" TYPE=AUDIO , NAME = \"English\" ,")).containsExactly(
                entry("TYPE", "AUDIO"), entry("NAME", "\"English\""));
        assertThat(AttributeList.parse("")).isEmpty();
        assertThat(AttributeList.parse("A=,B=\"\"")).containsExactly(entry("A", ""), entry("B", "\"\""));
    }

    @Test
    void unquote() {
        assertThat(AttributeList.unquote("\"avc1.64001f,mp4a.40.2\"")).isEqualTo("avc1.64001f,mp4a.40.2");
        assertThat(AttributeList.unquote("NONE")).isEqualTo("NONE");
        assertThat(AttributeList.unquote("\"\"")).isEmpty();
        assertThat(AttributeList.unquote("\"")).isEqualTo("\"");
        assertThat(AttributeList.unquote(null)).isNull();
        assertThat(AttributeList.isQuoted("\"cc\"")).isTrue();
        assertThat(AttributeList.isQuoted("cc")).isFalse();
    }

    @Test
    void refusesWhatCannotBeSplitSafely() {
        assertThatIllegalArgumentException().isThrownBy(() -> AttributeList.parse("BANDWIDTH"))
                .withMessage("attribute 'BANDWIDTH' has no '=' (expected NAME=VALUE)");
        assertThatIllegalArgumentException().isThrownBy(() -> AttributeList.parse("A=1,B,C=2"))
                .withMessage("attribute 'B' has no '=' (expected NAME=VALUE)");
        assertThatIllegalArgumentException().isThrownBy(() -> AttributeList.parse("URI=\"a,b"))
                .withMessage("attribute URI: quoted string is not closed");
        assertThatIllegalArgumentException().isThrownBy(() -> AttributeList.parse("URI=\"a\"b,C=1"))
                .withMessage("attribute URI: unexpected 'b' after the closing quote (column 8)");
        assertThatIllegalArgumentException().isThrownBy(() -> AttributeList.parse("URI=a\"b\""))
                .withMessage("attribute URI: quote inside an unquoted value (column 6)");
        assertThatIllegalArgumentException().isThrownBy(() -> AttributeList.parse("=1"))
                .withMessage("attribute with an empty name (column 1)");
        assertThatIllegalArgumentException().isThrownBy(() -> AttributeList.parse("A=1,A=2"))
                .withMessage("attribute A appears twice");
    }
}
