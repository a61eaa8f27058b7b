package dev.wharf.packager.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test doubles: a clock the test moves, and a Digest client written independently of the server. */
final class DigestTestSupport {

    private DigestTestSupport() {}

    /** A clock that only moves when told to. */
    static final class MutableClock extends Clock {
        private final AtomicLong millis;

        MutableClock(long startMillis) {
            this.millis = new AtomicLong(startMillis);
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Parameters of one {@code WWW-Authenticate: Digest ...} challenge (naive test-side parsing). */
    static Map<String, String> parseChallenge(String challenge) {
        if (!challenge.startsWith("Digest ")) {
            throw new AssertionError("not a Digest challenge: " + challenge);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([a-zA-Z]+)=(?:\"([^\"]*)\"|([^\\s,]+))").matcher(challenge.substring(7));
        while (m.find()) {
            out.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return out;
    }

    /**
     * A minimal Digest client. It computes digests with plain string concatenation, independent of
     * the server's {@code computeResponse}, so the tests check one against the other.
     */
    static final class DigestClient {
        final String username;
        final String password;
        final String realm;
        final String nonce;
        final String opaque;
        String algorithm;
        String cnonce = "0a4f113b5c6d7e8f";
        long nc;

        DigestClient(String username, String password, String challenge) {
            Map<String, String> p = parseChallenge(challenge);
            this.username = username;
            this.password = password;
            this.realm = p.get("realm");
            this.nonce = p.get("nonce");
            this.opaque = p.get("opaque");
            this.algorithm = p.getOrDefault("algorithm", "MD5");
        }

        DigestClient algorithm(String a) {
            this.algorithm = a;
            return this;
        }

        String nextNc() {
            return String.format("%08x", ++nc);
        }

        String response(String method, String uri, String ncHex, String nonceToUse) {
            return response(algorithm, username, realm, password, method, uri, nonceToUse, ncHex, cnonce, "auth");
        }

        /** ffmpeg's libavformat/httpauth.c layout; without opaque exactly as in the brief. */
        String ffmpegHeader(String method, String uri, boolean withOpaque) {
            String ncHex = nextNc();
            return "Digest username=\"" + username + "\", realm=\"" + realm + "\", nonce=\"" + nonce
                    + "\", uri=\"" + uri + "\", response=\"" + response(method, uri, ncHex, nonce)
                    + "\", algorithm=\"" + algorithm + "\""
                    + (withOpaque ? ", opaque=\"" + opaque + "\"" : "")
                    + ", qop=\"auth\", cnonce=\"" + cnonce + "\", nc=" + ncHex;
        }

        /** curl's layout: qop, nc and algorithm unquoted. */
        String curlHeader(String method, String uri) {
            String ncHex = nextNc();
            return "Digest username=\"" + username + "\", realm=\"" + realm + "\", nonce=\"" + nonce
                    + "\", uri=\"" + uri + "\", cnonce=\"" + cnonce + "\", nc=" + ncHex + ", qop=auth, response=\""
                    + response(method, uri, ncHex, nonce) + "\", opaque=\"" + opaque + "\", algorithm=" + algorithm;
        }

        /** A header with an explicit nc (not advancing the counter). */
        String headerWithNc(String method, String uri, long ncValue) {
            String ncHex = String.format("%08x", ncValue);
            return "Digest username=\"" + username + "\", realm=\"" + realm + "\", nonce=\"" + nonce
                    + "\", uri=\"" + uri + "\", cnonce=\"" + cnonce + "\", nc=" + ncHex + ", qop=auth, response=\""
                    + response(method, uri, ncHex, nonce) + "\", algorithm=" + algorithm;
        }

        static String response(
                String algorithm,
                String username,
                String realm,
                String password,
                String method,
                String uri,
                String nonce,
                String ncHex,
                String cnonce,
                String qop) {
            String base = algorithm.toUpperCase(Locale.ROOT).startsWith("SHA-256") ? "SHA-256" : "MD5";
            boolean sess = algorithm.toLowerCase(Locale.ROOT).endsWith("-sess");
            String ha1 = h(base, username + ":" + realm + ":" + password);
            if (sess) {
                ha1 = h(base, ha1 + ":" + nonce + ":" + cnonce);
            }
            String ha2 = h(base, method + ":" + uri);
            return h(base, ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":" + qop + ":" + ha2);
        }

        static String h(String algorithm, String s) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    }
}
