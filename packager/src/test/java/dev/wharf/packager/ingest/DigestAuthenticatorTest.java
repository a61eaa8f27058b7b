package dev.wharf.packager.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.wharf.packager.ingest.DigestAuthenticator.Result;
import dev.wharf.packager.ingest.DigestTestSupport.DigestClient;
import dev.wharf.packager.ingest.DigestTestSupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestAuthenticatorTest {

    private static final String REALM = "wharf";
    private static final String USER = "user";
    private static final String PASSWORD = "s3cret pass";
    private static final String URI = "/in/v2/ns/ch/in1/stream_0.m3u8";
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Duration LIFETIME = Duration.ofSeconds(300);
    private static final Function<String, Optional<char[]>> USERS =
            u -> u.equals(USER) ? Optional.of(PASSWORD.toCharArray()) : Optional.empty();

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final DigestAuthenticator auth = new DigestAuthenticator(REALM, SECRET, LIFETIME, clock, 100_000);

    private DigestClient client(String algorithmChallenge) {
        String challenge = auth.challenges(false).stream()
                .filter(c -> c.contains("algorithm=" + algorithmChallenge + ","))
                .findFirst()
                .orElseThrow();
        return new DigestClient(USER, PASSWORD, challenge);
    }

    private Result put(String header, String connection) {
        return auth.verify(header, "PUT", URI, connection, USERS);
    }

    private static void assertOk(Result r) {
        assertThat(r).isEqualTo(new Result.Ok(USER));
    }

    private static void assertChallenge(Result r, boolean stale, String reasonPart) {
        assertThat(r).isInstanceOf(Result.Challenge.class);
        Result.Challenge c = (Result.Challenge) r;
        assertThat(c.stale()).as("stale, reason=%s", c.reason()).isEqualTo(stale);
        assertThat(c.reason()).contains(reasonPart);
    }

    // ---- RFC 7616 section 3.9.1 ----------------------------------------------------------------

    private static final String RFC_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static String rfcResponse(DigestAlgorithm algorithm) {
        return DigestAuthenticator.computeResponse(algorithm, "Mufasa", "http-auth@example.org",
                "Circle of Life".toCharArray(), "GET", "/dir/index.html", RFC_NONCE, "00000001", RFC_CNONCE, "auth");
    }

    @Test
    void rfc7616Section391Md5() {
        assertThat(rfcResponse(DigestAlgorithm.MD5)).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void rfc7616Section391Sha256() {
        assertThat(rfcResponse(DigestAlgorithm.SHA_256))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void sessVariantsMatchAnIndependentImplementation() {
        for (DigestAlgorithm a : new DigestAlgorithm[] {DigestAlgorithm.MD5_SESS, DigestAlgorithm.SHA_256_SESS}) {
            assertThat(rfcResponse(a)).isEqualTo(DigestClient.response(a.token(), "Mufasa", "http-auth@example.org",
                    "Circle of Life", "GET", "/dir/index.html", RFC_NONCE, "00000001", RFC_CNONCE, "auth"));
        }
        assertThat(rfcResponse(DigestAlgorithm.MD5_SESS)).isNotEqualTo(rfcResponse(DigestAlgorithm.MD5));
    }

    @Test
    void rfcExampleHeaderIsRefusedBecauseWeDidNotIssueItsNonce() {
        DigestAuthenticator rfc = new DigestAuthenticator("http-auth@example.org", SECRET, LIFETIME, clock, 10);
        String header = "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", "
                + "algorithm=MD5, nonce=\"" + RFC_NONCE + "\", nc=00000001, cnonce=\"" + RFC_CNONCE + "\", "
                + "qop=auth, response=\"8ca523f5e9506fed4657c9700eebdbec\", "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        Result r = rfc.verify(header, "GET", "/dir/index.html", "c", u -> Optional.of("Circle of Life".toCharArray()));
        // Its opaque is not ours either; whichever check fires first, it is a plain challenge.
        assertThat(r).isInstanceOf(Result.Challenge.class);
        assertThat(((Result.Challenge) r).stale()).isFalse();
    }

    // ---- challenges -----------------------------------------------------------------------------

    @Test
    void challengesOfferSha256FirstAndMd5LastWithOneNonce() {
        List<String> cs = auth.challenges(false);
        assertThat(cs).hasSize(2);
        assertThat(cs.get(0)).matches("Digest realm=\"wharf\", qop=\"auth\", algorithm=SHA-256, "
                + "nonce=\"[A-Za-z0-9_-]{43}\", opaque=\"[0-9a-f]{32}\"");
        assertThat(cs.get(1)).matches("Digest realm=\"wharf\", qop=\"auth\", algorithm=MD5, "
                + "nonce=\"[A-Za-z0-9_-]{43}\", opaque=\"[0-9a-f]{32}\"");
        Map<String, String> sha = DigestTestSupport.parseChallenge(cs.get(0));
        Map<String, String> md5 = DigestTestSupport.parseChallenge(cs.get(1));
        assertThat(sha.get("nonce")).isEqualTo(md5.get("nonce"));
        assertThat(sha.get("opaque")).isEqualTo(md5.get("opaque"));

        assertThat(auth.challenges(true)).allSatisfy(c -> assertThat(c).endsWith(", stale=true"));
        assertThat(DigestTestSupport.parseChallenge(auth.challenges(false).get(0)).get("nonce"))
                .as("fresh nonce per challenge")
                .isNotEqualTo(sha.get("nonce"));
    }

    @Test
    void opaqueIsFixedPerRealmAcrossReplicas() {
        var other = new DigestAuthenticator(REALM, "another secret, another replica".getBytes(), LIFETIME, clock, 10);
        var otherRealm = new DigestAuthenticator("elsewhere", SECRET, LIFETIME, clock, 10);
        String opaque = DigestTestSupport.parseChallenge(auth.challenges(false).get(0)).get("opaque");
        assertThat(DigestTestSupport.parseChallenge(other.challenges(false).get(1)).get("opaque")).isEqualTo(opaque);
        assertThat(DigestTestSupport.parseChallenge(otherRealm.challenges(false).get(1)).get("opaque"))
                .isNotEqualTo(opaque);
    }

    @Test
    void realmIsEscapedInChallenges() {
        var a = new DigestAuthenticator("we \"quote\" \\ things", SECRET, LIFETIME, clock, 10);
        assertThat(a.challenges(false).get(0)).startsWith("Digest realm=\"we \\\"quote\\\" \\\\ things\", ");
    }

    // ---- full flow --------------------------------------------------------------------------------

    @Test
    void ffmpegStyleMd5ExactHeader() {
        DigestClient c = client("MD5");
        String header = c.ffmpegHeader("PUT", URI, false);
        assertThat(header).matches("Digest username=\"user\", realm=\"wharf\", nonce=\"[^\"]+\", "
                + "uri=\"/in/v2/ns/ch/in1/stream_0.m3u8\", response=\"[0-9a-f]{32}\", algorithm=\"MD5\", "
                + "qop=\"auth\", cnonce=\"[^\"]+\", nc=00000001");
        assertOk(put(header, "conn-1"));
        assertOk(put(c.ffmpegHeader("PUT", URI, true), "conn-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA-256", "MD5-sess", "SHA-256-sess", "md5", "sha-256"})
    void curlStyleUnquoted(String algorithm) {
        DigestClient c = client(algorithm.toUpperCase().startsWith("SHA") ? "SHA-256" : "MD5").algorithm(algorithm);
        assertOk(put(c.curlHeader("PUT", URI), "conn-1"));
        assertOk(auth.verify(c.curlHeader("DELETE", URI), "DELETE", URI, "conn-1", USERS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA-256", "SHA-256-sess"})
    void ffmpegStyleQuoted(String algorithm) {
        DigestClient c = client(algorithm.startsWith("SHA") ? "SHA-256" : "MD5").algorithm(algorithm);
        assertOk(put(c.ffmpegHeader("PUT", URI, true), "conn-1"));
    }

    @Test
    void missingAlgorithmMeansMd5() {
        DigestClient c = client("MD5");
        String header = c.curlHeader("PUT", URI).replace(", algorithm=MD5", "");
        assertOk(put(header, "conn-1"));
    }

    @Test
    void uppercaseResponseHexIsAccepted() {
        DigestClient c = client("SHA-256");
        String ncHex = c.nextNc();
        String resp = c.response("PUT", URI, ncHex, c.nonce).toUpperCase();
        String header = "Digest username=\"user\", realm=\"wharf\", nonce=\"" + c.nonce + "\", uri=\"" + URI
                + "\", cnonce=\"" + c.cnonce + "\", nc=" + ncHex + ", qop=auth, response=\"" + resp + "\", algorithm=SHA-256";
        assertOk(put(header, "conn-1"));
    }

    @Test
    void absoluteFormRequestTargetMatchesPathOnlyDigestUriAndViceVersa() {
        DigestClient c = client("MD5");
        String absolute = "http://origin.example:8080" + URI + "?x=1";
        assertOk(auth.verify(c.curlHeader("PUT", URI + "?x=1"), "PUT", absolute, "conn-1", USERS));
        assertOk(auth.verify(c.curlHeader("PUT", absolute), "PUT", URI + "?x=1", "conn-1", USERS));
        assertChallenge(auth.verify(c.curlHeader("PUT", URI), "PUT", absolute, "conn-1", USERS), false, "uri");
        assertThat(DigestAuthenticator.uriMatches("/", "http://h")).isTrue();
        assertThat(DigestAuthenticator.uriMatches("/?q", "http://h?q")).isTrue();
        assertThat(DigestAuthenticator.uriMatches("/a", "/a/")).isFalse();
        assertThat(DigestAuthenticator.uriMatches("/a", "1http://h/a")).isFalse();
    }

    // ---- persistent connections, staleness, replay ------------------------------------------------

    @Test
    void persistentConnectionKeepsItsNoncePastLifetime() {
        DigestClient c = client("MD5");
        for (int i = 1; i <= 5; i++) {
            assertOk(put(c.ffmpegHeader("PUT", URI, false), "A"));
            clock.advance(Duration.ofSeconds(100)); // 500 s in total, lifetime is 300 s
        }
        assertThat(c.nc).isEqualTo(5);
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "A"));

        // Same nonce on a fresh connection after expiry: stale, the client just re-authenticates.
        assertChallenge(put(c.ffmpegHeader("PUT", URI, false), "B"), true, "expired");
        // Repeating an nc on A is a replay even though the nonce is still good there.
        assertChallenge(put(c.headerWithNc("PUT", URI, 3), "A"), false, "nonce count reused");
        assertOk(put(c.headerWithNc("PUT", URI, 8), "A"));
    }

    @Test
    void boundConnectionExpiresWhenIdleForALifetime() {
        DigestClient c = client("MD5");
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "A"));
        clock.advance(Duration.ofSeconds(200));
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "A"));
        clock.advance(Duration.ofSeconds(200)); // nonce 400 s old, A's last use 200 s ago
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "A"));
        clock.advance(LIFETIME.plusSeconds(1)); // A idle for longer than a lifetime
        assertChallenge(put(c.ffmpegHeader("PUT", URI, false), "A"), true, "expired");
    }

    @Test
    void connectionClosedLetsTheNonceExpireNormally() {
        DigestClient c = client("MD5");
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "A"));
        clock.advance(Duration.ofSeconds(200));
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "A"));
        auth.connectionClosed("A");
        auth.connectionClosed("never-seen");
        clock.advance(Duration.ofSeconds(200));
        // A socket id reused by a new connection does not inherit the binding.
        assertChallenge(put(c.ffmpegHeader("PUT", URI, false), "A"), true, "expired");
    }

    @Test
    void freshNonceWorksAcrossConnectionsButNcIsShared() {
        DigestClient c = client("SHA-256");
        assertOk(put(c.headerWithNc("PUT", URI, 1), "A"));
        assertOk(put(c.headerWithNc("PUT", URI, 2), "B"));
        assertChallenge(put(c.headerWithNc("PUT", URI, 1), "B"), false, "nonce count reused");
        assertChallenge(put(c.headerWithNc("PUT", URI, 2), "A"), false, "nonce count reused");
    }

    @Test
    void ncWindowHandlesReorderingAndForgetsOnlyFarBehind() {
        DigestClient c = client("MD5");
        assertOk(put(c.headerWithNc("PUT", URI, 5), "A"));
        assertOk(put(c.headerWithNc("PUT", URI, 3), "A"));
        assertOk(put(c.headerWithNc("PUT", URI, 4), "A"));
        assertChallenge(put(c.headerWithNc("PUT", URI, 3), "A"), false, "reused");
        assertOk(put(c.headerWithNc("PUT", URI, 1_000), "A"));
        assertOk(put(c.headerWithNc("PUT", URI, 1_000 - DigestAuthenticator.NC_WINDOW + 1), "A"));
        assertChallenge(put(c.headerWithNc("PUT", URI, 1_000 - DigestAuthenticator.NC_WINDOW), "A"), false, "reused");
        assertChallenge(put(c.headerWithNc("PUT", URI, 6), "A"), false, "reused");
        assertOk(put(c.headerWithNc("PUT", URI, 0xffffffffL), "A"));
        assertChallenge(put(c.headerWithNc("PUT", URI, 0), "A"), false, "zero");
    }

    @Test
    void staleIsOnlyOfferedToClientsThatKnowThePassword() {
        DigestClient good = client("MD5");
        DigestClient bad = new DigestClient(USER, "wrong", auth.challenges(false).get(1));
        clock.advance(LIFETIME.plusSeconds(1));
        assertChallenge(put(good.ffmpegHeader("PUT", URI, false), "A"), true, "expired");
        assertChallenge(put(bad.ffmpegHeader("PUT", URI, false), "A"), false, "response mismatch");
    }

    @Test
    void nonceFromTheFarFutureIsStale() {
        clock.advance(Duration.ofHours(1));
        DigestClient c = client("MD5");
        clock.advance(Duration.ofHours(-1));
        assertChallenge(put(c.ffmpegHeader("PUT", URI, false), "A"), true, "future");
        clock.advance(Duration.ofMinutes(59).plusSeconds(50)); // within clock-skew tolerance
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "A"));
    }

    @Test
    void clockSteppingBackDoesNotReopenReplays() {
        DigestClient c = client("MD5");
        String captured = c.ffmpegHeader("PUT", URI, false);
        assertOk(put(captured, "A"));
        clock.advance(LIFETIME.plusSeconds(10));
        assertOk(put(client("MD5").ffmpegHeader("PUT", URI, false), "B")); // purges the first nonce
        assertThat(auth.size()).isEqualTo(1);
        clock.advance(LIFETIME.negated()); // wall clock steps back (NTP correction)
        assertChallenge(put(captured, "C"), true, "expired");
    }

    @Test
    void nonceFromAnotherReplicaWithTheSameSecretIsAccepted() {
        var replica = new DigestAuthenticator(REALM, SECRET.clone(), LIFETIME, clock, 100);
        DigestClient c = new DigestClient(USER, PASSWORD, replica.challenges(false).get(1));
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "A"));
    }

    // ---- rejections -------------------------------------------------------------------------------

    @Test
    void wrongPassword() {
        DigestClient c = new DigestClient(USER, "not it", auth.challenges(false).get(1));
        assertChallenge(put(c.ffmpegHeader("PUT", URI, false), "A"), false, "response mismatch");
    }

    @Test
    void unknownUser() {
        DigestClient c = new DigestClient("mallory", PASSWORD, auth.challenges(false).get(1));
        assertChallenge(put(c.ffmpegHeader("PUT", URI, false), "A"), false, "unknown user");
        assertChallenge(auth.verify(c.ffmpegHeader("PUT", URI, false), "PUT", URI, "A", u -> null), false, "unknown");
    }

    @Test
    void unknownUserDoesTheSameHashingAsAKnownOne() {
        // Behavioural proxy for timing: the credential lookup happens, and the response is still
        // computed (an unknown user with a "correct" digest for the dummy password is refused).
        List<String> looked = new ArrayList<>();
        DigestClient c = new DigestClient("ghost", "wharf-digest-unknown-user", auth.challenges(false).get(1));
        Result r = auth.verify(c.ffmpegHeader("PUT", URI, false), "PUT", URI, "A", u -> {
            looked.add(u);
            return Optional.empty();
        });
        assertChallenge(r, false, "unknown user");
        assertThat(looked).containsExactly("ghost");
    }

    @Test
    void wrongRealm() {
        DigestClient c = client("MD5");
        String header = c.ffmpegHeader("PUT", URI, false).replace("realm=\"wharf\"", "realm=\"other\"");
        assertChallenge(put(header, "A"), false, "realm");
    }

    @Test
    void wrongUri() {
        DigestClient c = client("MD5");
        assertChallenge(put(c.ffmpegHeader("PUT", "/in/v2/ns/ch/in1/other.m3u8", false), "A"), false, "uri");
        assertChallenge(put(c.ffmpegHeader("PUT", URI + "?x", false), "A"), false, "uri");
    }

    @Test
    void wrongMethodIsAResponseMismatch() {
        DigestClient c = client("MD5");
        assertChallenge(auth.verify(c.ffmpegHeader("PUT", URI, false), "DELETE", URI, "A", USERS), false, "mismatch");
    }

    @Test
    void tamperedNonce() {
        DigestClient c = client("MD5");
        char[] n = c.nonce.toCharArray();
        n[10] = n[10] == 'A' ? 'B' : 'A';
        String tampered = new String(n);
        String header = "Digest username=\"user\", realm=\"wharf\", nonce=\"" + tampered + "\", uri=\"" + URI
                + "\", cnonce=\"c\", nc=00000001, qop=auth, response=\""
                + DigestClient.response("MD5", USER, REALM, PASSWORD, "PUT", URI, tampered, "00000001", "c", "auth") + "\"";
        assertChallenge(put(header, "A"), false, "invalid nonce");
    }

    @Test
    void nonCanonicalBase64NonceIsRejected() {
        DigestClient c = client("MD5");
        // 43 base64 chars carry 258 bits for 256; flipping a spare low bit decodes to the same bytes.
        char last = c.nonce.charAt(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String twin = c.nonce.substring(0, 42) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String header = "Digest username=\"user\", realm=\"wharf\", nonce=\"" + twin + "\", uri=\"" + URI
                + "\", cnonce=\"c\", nc=00000001, qop=auth, response=\""
                + DigestClient.response("MD5", USER, REALM, PASSWORD, "PUT", URI, twin, "00000001", "c", "auth") + "\"";
        assertChallenge(put(header, "A"), false, "invalid nonce");
    }

    @Test
    void nonceFromAnotherSecret() {
        var foreign = new DigestAuthenticator(REALM, "a different secret of 32 bytes!!".getBytes(), LIFETIME, clock, 10);
        DigestClient c = new DigestClient(USER, PASSWORD, foreign.challenges(false).get(1));
        assertChallenge(put(c.ffmpegHeader("PUT", URI, false), "A"), false, "invalid nonce");
    }

    @Test
    void nonceFromAnotherRealmWithTheSameSecret() {
        var otherRealm = new DigestAuthenticator("other", SECRET, LIFETIME, clock, 10);
        String nonce = DigestTestSupport.parseChallenge(otherRealm.challenges(false).get(1)).get("nonce");
        DigestClient c = client("MD5");
        String header = c.ffmpegHeader("PUT", URI, false).replace(c.nonce, nonce);
        assertChallenge(put(header, "A"), false, "invalid nonce");
    }

    @Test
    void qopOtherThanAuthOrMissing() {
        DigestClient c = client("MD5");
        String noQop = "Digest username=\"user\", realm=\"wharf\", nonce=\"" + c.nonce + "\", uri=\"" + URI
                + "\", response=\"" + DigestClient.h("MD5", DigestClient.h("MD5", "user:wharf:" + PASSWORD) + ":"
                        + c.nonce + ":" + DigestClient.h("MD5", "PUT:" + URI)) + "\"";
        assertChallenge(put(noQop, "A"), false, "qop missing");
        assertChallenge(put(c.curlHeader("PUT", URI).replace("qop=auth", "qop=auth-int"), "A"), false, "qop");
    }

    @Test
    void unsupportedAlgorithmUserhashAndOpaque() {
        DigestClient c = client("SHA-256");
        assertChallenge(put(c.curlHeader("PUT", URI).replace("algorithm=SHA-256", "algorithm=SHA-512-256"), "A"),
                false, "algorithm");
        assertChallenge(put(c.curlHeader("PUT", URI) + ", userhash=true", "A"), false, "userhash");
        assertChallenge(put(c.curlHeader("PUT", URI).replace("opaque=\"", "opaque=\"x"), "A"), false, "opaque");
        // An MD5-length response under SHA-256 is malformed before any hashing.
        DigestClient md5 = client("MD5");
        assertChallenge(put(md5.curlHeader("PUT", URI).replace("algorithm=MD5", "algorithm=SHA-256"), "A"),
                false, "malformed response");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "Digest",
        "Digest ",
        "Basic dXNlcjpzM2NyZXQgcGFzcw==",
        "Digest username=\"user, realm=\"wharf\"",
        "Digest username=\"user\", username=\"user\", realm=\"wharf\", nonce=\"n\", uri=\"/\", response=\"r\"",
        "Digest username=\"user\", realm=\"wharf\", nonce=\"n\", uri=\"/\", response=\"r\", qop=auth, cnonce=\"c\", nc=zzzzzzzz",
        "Digest \u0000\u0001\u00ff",
        "Digest ==,,==",
        "Digest username=\"user\", realm=\"wharf\", nonce=\"\", uri=\"/in/v2/ns/ch/in1/stream_0.m3u8\", "
                + "response=\"00000000000000000000000000000000\", qop=auth, cnonce=\"c\", nc=00000001",
        "Digest username=\"user\", realm=\"wharf\", nonce=\"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\", "
                + "uri=\"/in/v2/ns/ch/in1/stream_0.m3u8\", response=\"00000000000000000000000000000000\", qop=auth, "
                + "cnonce=\"c\", nc=00000001",
        "Digest username=\"user\", realm=\"wharf\", nonce=\"n\", uri=\"/in/v2/ns/ch/in1/stream_0.m3u8\", "
                + "response=\"not hex at all, not at all, nope\", qop=auth, cnonce=\"c\", nc=00000001",
    })
    void garbageIsAChallengeNeverAnException(String header) {
        assertThatCode(() -> assertChallenge(put(header, "A"), false, "")).doesNotThrowAnyException();
    }

    @Test
    void nullAndOversizedHeaders() {
        assertChallenge(put(null, "A"), false, "no credentials");
        DigestClient c = client("MD5");
        String huge = c.ffmpegHeader("PUT", URI, false) + ", pad=\"" + "x".repeat(10 * 1024) + "\"";
        assertChallenge(put(huge, "A"), false, "longer than");
    }

    private static final String NASTY = "\",= \\\t\r\n\u0000a9";

    @Test
    void randomGarbageNeverThrows() {
        var rnd = new java.util.Random(7616);
        DigestClient c = client("MD5");
        String valid = c.curlHeader("PUT", URI);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(valid);
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int pos = rnd.nextInt(sb.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(pos);
                    case 1 -> sb.insert(pos, NASTY.charAt(rnd.nextInt(NASTY.length())));
                    default -> sb.setCharAt(pos, (char) rnd.nextInt(0x3000));
                }
            }
            String h = sb.toString();
            assertThatCode(() -> put(h, "A")).as(h).doesNotThrowAnyException();
        }
    }

    @Test
    void reasonsNeverContainSecrets() {
        DigestClient c = new DigestClient(USER, "Hunter2-not-it", auth.challenges(false).get(1));
        String header = c.ffmpegHeader("PUT", URI, false);
        String response = DigestCredentials.parse(header).response();
        List<String> headers = List.of(header, header + ", response=\"x\"", header.replace("nc=", "nc=zz"),
                header.replace("realm=\"wharf\"", "realm=\"" + response + "\""));
        for (String h : headers) {
            Result r = put(h, "A");
            assertThat(r).isInstanceOf(Result.Challenge.class);
            assertThat(((Result.Challenge) r).reason()).doesNotContain(response).doesNotContain(PASSWORD).doesNotContain("Hunter2");
        }
    }

    @Test
    void passwordArrayIsNotModified() {
        char[] stored = PASSWORD.toCharArray();
        DigestClient c = client("SHA-256-sess".substring(0, 7)).algorithm("SHA-256-sess");
        assertOk(auth.verify(c.curlHeader("PUT", URI), "PUT", URI, "A", u -> Optional.of(stored)));
        assertThat(new String(stored)).isEqualTo(PASSWORD);
    }

    // ---- memory bound -----------------------------------------------------------------------------

    @Test
    void evictionKeepsMemoryBoundedAndEvictedNoncesGoStale() {
        var small = new DigestAuthenticator(REALM, SECRET, LIFETIME, clock, 10);
        List<DigestClient> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(new DigestClient(USER, PASSWORD, small.challenges(false).get(1)));
            clock.advance(Duration.ofMillis(1));
        }
        for (int i = 0; i < 50; i++) {
            DigestClient c = clients.get(i);
            assertOk(small.verify(c.ffmpegHeader("PUT", URI, false), "PUT", URI, "conn-" + i, USERS));
            assertThat(small.size()).isLessThanOrEqualTo(10);
        }
        assertThat(small.size()).isEqualTo(10);
        // The 40 evicted nonces are forgotten, so a replay of them must not be accepted: stale.
        for (int i = 0; i < 40; i++) {
            DigestClient c = clients.get(i);
            Result r = small.verify(c.headerWithNc("PUT", URI, 1), "PUT", URI, "conn-" + i, USERS);
            assertChallenge(r, true, "nonce table full");
        }
        // The 10 still tracked keep working, and still refuse their replays.
        for (int i = 40; i < 50; i++) {
            DigestClient c = clients.get(i);
            assertOk(small.verify(c.ffmpegHeader("PUT", URI, false), "PUT", URI, "conn-" + i, USERS));
            assertChallenge(small.verify(c.headerWithNc("PUT", URI, 1), "PUT", URI, "conn-" + i, USERS), false, "reused");
        }
        // A nonce issued after the evictions is admitted normally.
        DigestClient late = new DigestClient(USER, PASSWORD, small.challenges(false).get(1));
        assertOk(small.verify(late.ffmpegHeader("PUT", URI, false), "PUT", URI, "late", USERS));
        assertThat(small.size()).isEqualTo(10);
    }

    @Test
    void evictionPrefersIdleNoncesOverABusyPersistentConnection() {
        var small = new DigestAuthenticator(REALM, SECRET, LIFETIME, clock, 3);
        DigestClient ffmpeg = new DigestClient(USER, PASSWORD, small.challenges(false).get(1));
        assertOk(small.verify(ffmpeg.ffmpegHeader("PUT", URI, false), "PUT", URI, "persistent", USERS));
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(30));
            DigestClient oneShot = new DigestClient(USER, PASSWORD, small.challenges(false).get(1));
            assertOk(small.verify(oneShot.ffmpegHeader("PUT", URI, false), "PUT", URI, "one-shot-" + i, USERS));
            assertOk(small.verify(ffmpeg.ffmpegHeader("PUT", URI, false), "PUT", URI, "persistent", USERS));
        }
        assertThat(small.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void expiredEntriesArePurged() {
        for (int i = 0; i < 20; i++) {
            DigestClient c = client("MD5");
            assertOk(put(c.ffmpegHeader("PUT", URI, false), "conn-" + i));
        }
        assertThat(auth.size()).isEqualTo(20);
        clock.advance(LIFETIME.plusSeconds(1));
        DigestClient c = client("MD5");
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "new"));
        assertThat(auth.size()).isEqualTo(1);
    }

    @Test
    void manyConnectionsOnOneNonceStayBounded() {
        DigestClient c = client("MD5");
        clock.advance(Duration.ofSeconds(250));
        for (int i = 0; i < 100; i++) {
            assertOk(put(c.ffmpegHeader("PUT", URI, false), "conn-" + i));
        }
        clock.advance(Duration.ofSeconds(100)); // nonce 350 s old, every connection used 100 s ago
        // Only the most recent MAX_CONNECTIONS_PER_NONCE bindings survive.
        assertOk(put(c.ffmpegHeader("PUT", URI, false), "conn-99"));
        assertChallenge(put(c.ffmpegHeader("PUT", URI, false), "conn-0"), true, "expired");
    }

    // ---- concurrency ------------------------------------------------------------------------------

    @Test
    void concurrentVerifiesAcceptEachNcExactlyOnce() throws Exception {
        DigestClient c = client("SHA-256");
        int ncs = 200;
        int attemptsPerNc = 4;
        List<String> headers = new ArrayList<>();
        for (int nc = 1; nc <= ncs; nc++) {
            for (int k = 0; k < attemptsPerNc; k++) {
                headers.add(c.headerWithNc("PUT", URI, nc));
            }
        }
        java.util.Collections.shuffle(headers, new java.util.Random(1));
        List<Future<Result>> results = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            int i = 0;
            for (String h : headers) {
                String conn = "conn-" + (i++ % 7);
                results.add(ex.submit(() -> put(h, conn)));
            }
        }
        long ok = 0;
        for (Future<Result> f : results) {
            Result r = f.get();
            if (r instanceof Result.Ok) {
                ok++;
            } else {
                // Requests so far out of order that they fell behind the window count as reused too.
                assertChallenge(r, false, "nonce count reused");
            }
        }
        // Every nc at most once; with a 256 window and 200 ncs, exactly once.
        assertThat(ok).isEqualTo(ncs);
    }
}
