package dev.wharf.packager.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestCredentialsTest {

    private static final String RESPONSE = "8ca523f5e9506fed4657c9700eebdbec";

    @Test
    void parsesFfmpegStyleWithQuotedAlgorithmAndQop() {
        DigestCredentials c = DigestCredentials.parse("Digest username=\"user\", realm=\"wharf\", nonce=\"abc\", "
                + "uri=\"/in/v2/ns/ch/in1/stream_0.m3u8\", response=\"" + RESPONSE + "\", algorithm=\"MD5\", "
                + "qop=\"auth\", cnonce=\"c0ffee\", nc=0000000A");
        assertThat(c.username()).isEqualTo("user");
        assertThat(c.realm()).isEqualTo("wharf");
        assertThat(c.nonce()).isEqualTo("abc");
        assertThat(c.uri()).isEqualTo("/in/v2/ns/ch/in1/stream_0.m3u8");
        assertThat(c.response()).isEqualTo(RESPONSE);
        assertThat(c.algorithm()).isEqualTo("MD5");
        assertThat(c.qop()).isEqualTo("auth");
        assertThat(c.cnonce()).isEqualTo("c0ffee");
        assertThat(c.nc()).isEqualTo(10);
        assertThat(c.ncHex()).isEqualTo("0000000A");
        assertThat(c.opaque()).isNull();
        assertThat(c.userhash()).isFalse();
    }

    @Test
    void parsesCurlStyleUnquotedAndOddWhitespaceAndCase() {
        DigestCredentials c = DigestCredentials.parse("  dIgEsT   USERNAME = \"u\" ,Realm=\"r\",,  nonce=\"n\"\t,uri=\"/a?b=1,2\","
                + " cnonce=\"x\", nc=ffffffff, QOP=auth, response=\"" + RESPONSE + "\", opaque=\"o\", algorithm=SHA-256-sess  ");
        assertThat(c.username()).isEqualTo("u");
        assertThat(c.uri()).isEqualTo("/a?b=1,2");
        assertThat(c.nc()).isEqualTo(0xffffffffL);
        assertThat(c.algorithm()).isEqualTo("SHA-256-sess");
        assertThat(c.opaque()).isEqualTo("o");
    }

    @Test
    void quotedStringEscapesAndCommas() {
        DigestCredentials c = DigestCredentials.parse(
                "Digest username=\"a\\\"b\\\\c, d\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"");
        assertThat(c.username()).isEqualTo("a\"b\\c, d");
        assertThat(c.algorithm()).as("missing algorithm means MD5").isEqualTo("MD5");
        assertThat(c.qop()).isNull();
        assertThat(c.nc()).isEqualTo(-1);
    }

    @Test
    void ignoresUnknownParameters() {
        DigestCredentials c = DigestCredentials.parse("Digest foo=bar, username=\"u\", realm=\"r\", nonce=\"n\", "
                + "uri=\"/\", response=\"x\", x-extension=\"y, z\", userhash=false");
        assertThat(c.username()).isEqualTo("u");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "Digest",
        "Digest ",
        "Digest    ,  ,",
        "Basic dXNlcjpwYXNz",
        "Bearer abc",
        "Digestusername=\"u\"",
        "Digest username=\"u, realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x",
        "Digest username=\"u\" realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest username=u\"x, realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest =\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest username, realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest username=, realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest username=\"u\", username=\"v\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest username=\"u\", USERNAME=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\"",
        "Digest realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest username*=UTF-8''J%C3%A4s, realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", qop=auth, nc=00000001",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", qop=auth, cnonce=\"c\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", qop=auth, cnonce=\"\", nc=00000001",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", qop=auth, cnonce=\"c\", nc=1",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", qop=auth, cnonce=\"c\", nc=0000000g",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", qop=auth, cnonce=\"c\", nc=+0000001",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", qop=auth, cnonce=\"c\", nc=000000001",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", qop=auth, cnonce=\"c\", nc=\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", userhash=maybe",
        "Digest username=\"u\r\nX-Injected: 1\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
        "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\\",
        "Digest username=\"u\"; realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\"",
    })
    void rejectsMalformed(String header) {
        assertThatThrownBy(() -> DigestCredentials.parse(header)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> DigestCredentials.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enforcesLengthLimit() {
        String base = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"x\", pad=\"";
        String fits = base + "p".repeat(DigestCredentials.MAX_HEADER_LENGTH - base.length() - 1) + "\"";
        assertThat(fits).hasSize(DigestCredentials.MAX_HEADER_LENGTH);
        assertThat(DigestCredentials.parse(fits).username()).isEqualTo("u");
        assertThatThrownBy(() -> DigestCredentials.parse(fits + " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than");
    }

    @Test
    void neverLeaksTheResponseValue() {
        String header = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"" + RESPONSE + "\"";
        assertThat(DigestCredentials.parse(header).toString()).doesNotContain(RESPONSE);
        for (String broken : new String[] {
            header + ", response=\"" + RESPONSE + "\"", header + ", nc=" + RESPONSE, header + ", qop=auth", header + " " + RESPONSE
        }) {
            assertThatThrownBy(() -> DigestCredentials.parse(broken))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(RESPONSE));
        }
    }
}
