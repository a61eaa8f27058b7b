package dev.wharf.packager.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of the Digest {@code Authorization} header: {@link DigestCredentials#parse}
 * and {@link DigestAuthenticator#verify} (docs/security.md).
 *
 * <p>The input is the header value as ISO-8859-1 (how HTTP/1.1 header bytes reach Helidon). The
 * placeholder {@code @NONCE@} is replaced by a nonce this authenticator really issued, so the fuzzer
 * gets past the nonce check to the digest comparison and the nc replay table.
 *
 * <p>Properties: {@code parse} throws nothing but {@link IllegalArgumentException}, whose message
 * never holds the {@code response} value; {@code verify} never throws and never authenticates a
 * request whose {@code response} is not the RFC 7616 digest of the known password (the fuzzer
 * cannot invert the hash, so any {@code Ok} is a bypass).
 */
class DigestAuthorizationFuzzTest {
    static final String REALM = "wharf-ingest";
    static final String USER = "encoder1";
    static final char[] PASSWORD = "s3cret-fuzz-password".toCharArray();
    /** Every message DigestCredentials.parse throws; {@code name}: the one part that comes from the header. */
    private static final Pattern PARSE_ERRORS = Pattern.compile("no header|header longer than \\d+ characters"
            + "|username\\* is not supported|missing parameter [a-z]+|nc is not 8 hex digits|qop without cnonce"
            + "|qop without nc|userhash is neither true nor false|not the Digest scheme|no parameters after scheme"
            + "|duplicate parameter (?<name>.+)|expected ',' at offset \\d+|no parameters|expected a token at offset \\d+"
            + "|control character in quoted-string at offset \\d+|unterminated quoted-string|expected '.' at offset \\d+");

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private static final DigestAuthenticator AUTH = new DigestAuthenticator(
            REALM, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), Duration.ofMinutes(5),
            CLOCK, 1024);
    private static final String NONCE = nonceOf(AUTH.challenges(false).getFirst());

    /** Entry point of Jazzer's standalone driver (bench/fuzz.sh); the @FuzzTest runs the same code. */
    public static void fuzzerTestOneInput(byte[] input) {
        String header = new String(input, StandardCharsets.ISO_8859_1).replace("@NONCE@", NONCE);
        try {
            DigestCredentials c = DigestCredentials.parse(header);
            // toString is exactly the printed fields with the response redacted: whatever the response holds (a piece of
            // the realm, a field name, "<redacted>"), it is not printed. Removing each field's value from the text
            // instead broke on overlapping values (found by fuzzing: username "0" inside realm "w0a4)f113bharf-ingest"
            // with response "f-ingest"; and before that "f-ingest" and "userhash").
            assertThat(c.toString()).isEqualTo("DigestCredentials[username=" + c.username() + ", realm=" + c.realm()
                    + ", uri=" + c.uri() + ", algorithm=" + c.algorithm() + ", qop=" + c.qop() + ", nc=" + c.ncHex()
                    + ", userhash=" + c.userhash() + ", response=<redacted>]");
        } catch (IllegalArgumentException e) {
            // Exact, like toString above: the message is one of the parser's fixed forms, whose only part taken from
            // the header is a parameter name (a value never is). Searching the message for the response value
            // instead failed on a value that is also a parameter name (found by fuzzing in CI: two response
            // parameters whose value is "response": "duplicate parameter response").
            String message = e.getMessage();
            assertThat(message).hasSizeLessThan(200);
            Matcher fixed = PARSE_ERRORS.matcher(message);
            assertThat(fixed.matches()).as("a parse error of a known form: %s", message).isTrue();
            if (fixed.group("name") != null) {
                String name = fixed.group("name").replaceAll("\\.\\.\\.$", "");
                assertThat(Pattern.compile("(^|[\\s,])" + Pattern.quote(name), Pattern.CASE_INSENSITIVE).matcher(header).find())
                        .as("the duplicate parameter's name %s is a name in the header", name).isTrue();
            }
        }

        DigestAuthenticator.Result r = AUTH.verify(header, "PUT", "/in/v2/ns/ch/in1/index.m3u8", "conn-1",
                user -> user.equals(USER) ? Optional.of(PASSWORD) : Optional.empty());
        if (r instanceof DigestAuthenticator.Result.Ok ok) {
            throw new AssertionError("authenticated as " + ok.username() + " without the password: " + header);
        }
        assertThat(((DigestAuthenticator.Result.Challenge) r).reason()).isNotBlank();
    }

    private static String nonceOf(String challenge) {
        Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
        if (!m.find()) {
            throw new IllegalStateException("no nonce in " + challenge);
        }
        return m.group(1);
    }

    @FuzzTest(maxDuration = "10s")
    void authorization(byte[] input) {
        fuzzerTestOneInput(input);
    }
}
