package dev.wharf.packager.ingest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code Authorization: Digest ...} request header (RFC 7616 section 3.4).
 *
 * <p>Parsing follows the {@code credentials} / {@code auth-param} grammar of RFC 7235 section 2.1
 * (RFC 9110 section 11.4) with the RFC 7230 section 3.2.6 {@code quoted-string} rules: parameter
 * names are case-insensitive, values are a token or a quoted-string with {@code \}-escapes, commas
 * inside quotes do not separate parameters, optional whitespace is allowed around {@code =} and
 * {@code ,}, and empty list elements are skipped (RFC 7230 section 7). Unknown parameters are
 * ignored (RFC 7616 section 3.4); a parameter given twice is rejected, as is a header longer than
 * {@link #MAX_HEADER_LENGTH}.
 *
 * <p>Whether a value was quoted is not significant: RFC 7616 section 3.4 quotes some values and
 * not others, but encoders disagree (ffmpeg sends {@code algorithm="MD5", qop="auth"}, curl sends
 * them bare), so both forms are accepted for every parameter.
 *
 * <p>Values are kept exactly as sent, since RFC 7616 section 3.4.1 hashes them as sent (for
 * example {@code nc} keeps its hex-digit case in {@link #ncHex()}). Exception messages and
 * {@link #toString()} never contain the {@code response} value.
 */
public final class DigestCredentials {

    /** Longest header accepted, in characters (8 KiB). */
    public static final int MAX_HEADER_LENGTH = 8 * 1024;

    private final String username;
    private final String realm;
    private final String nonce;
    private final String uri;
    private final String response;
    private final String algorithm;
    private final String cnonce;
    private final String opaque;
    private final String qop;
    private final long nc;
    private final String ncHex;
    private final boolean userhash;

    private DigestCredentials(Map<String, String> p) {
        this.username = p.get("username");
        this.realm = p.get("realm");
        this.nonce = p.get("nonce");
        this.uri = p.get("uri");
        this.response = p.get("response");
        this.algorithm = p.getOrDefault("algorithm", "MD5");
        this.cnonce = p.get("cnonce");
        this.opaque = p.get("opaque");
        this.qop = p.get("qop");
        this.ncHex = p.get("nc");
        this.nc = ncHex == null ? -1 : Long.parseLong(ncHex, 16);
        String uh = p.get("userhash");
        this.userhash = uh != null && uh.equalsIgnoreCase("true");
    }

    /**
     * Parses an Authorization header value.
     *
     * @throws IllegalArgumentException when the header is null, too long, not the Digest scheme,
     *     syntactically broken, repeats a parameter, lacks {@code username}, {@code realm},
     *     {@code nonce}, {@code uri} or {@code response}, or sends {@code qop} without
     *     {@code cnonce} and an 8-hex-digit {@code nc} (RFC 7616 section 3.4). The message names
     *     at most a parameter, never a value.
     */
    public static DigestCredentials parse(String header) {
        if (header == null) {
            throw new IllegalArgumentException("no header");
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw new IllegalArgumentException("header longer than " + MAX_HEADER_LENGTH + " characters");
        }
        Map<String, String> params = new Parser(header).parse();

        if (params.containsKey("username*")) {
            // RFC 7616 section 3.4.4; only meaningful after a challenge with charset=UTF-8, which
            // Wharf does not send.
            throw new IllegalArgumentException("username* is not supported");
        }
        for (String required : new String[] {"username", "realm", "nonce", "uri", "response"}) {
            if (!params.containsKey(required)) {
                throw new IllegalArgumentException("missing parameter " + required);
            }
        }
        String nc = params.get("nc");
        if (nc != null && !isHex(nc, 8)) {
            throw new IllegalArgumentException("nc is not 8 hex digits");
        }
        if (params.containsKey("qop")) {
            // RFC 7616 section 3.4: cnonce and nc MUST be sent when qop is.
            String cnonce = params.get("cnonce");
            if (cnonce == null || cnonce.isEmpty()) {
                throw new IllegalArgumentException("qop without cnonce");
            }
            if (nc == null) {
                throw new IllegalArgumentException("qop without nc");
            }
        }
        String userhash = params.get("userhash");
        if (userhash != null && !userhash.equalsIgnoreCase("true") && !userhash.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("userhash is neither true nor false");
        }
        return new DigestCredentials(params);
    }

    private static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    /** The user name as sent (or, when {@link #userhash()}, the hashed user name). */
    public String username() {
        return username;
    }

    public String realm() {
        return realm;
    }

    public String nonce() {
        return nonce;
    }

    /** The {@code uri} parameter: the request-target the client signed (RFC 7616 section 3.4). */
    public String uri() {
        return uri;
    }

    /** The hex request digest as sent, any letter case. Never log it. */
    public String response() {
        return response;
    }

    /** The algorithm as sent, {@code MD5} when absent (RFC 7616 section 3.3). */
    public String algorithm() {
        return algorithm;
    }

    /** The client nonce, or null when absent (only allowed without qop). */
    public String cnonce() {
        return cnonce;
    }

    /** The opaque value echoed back, or null. */
    public String opaque() {
        return opaque;
    }

    /** The qop as sent, or null for an RFC 2069 style request without qop. */
    public String qop() {
        return qop;
    }

    /** The nonce count as a number (0 to 0xFFFFFFFF), or -1 when absent. */
    public long nc() {
        return nc;
    }

    /** The nonce count's 8 hex digits exactly as sent (they enter the hash), or null. */
    public String ncHex() {
        return ncHex;
    }

    /** Whether the client sent {@code userhash=true} (RFC 7616 section 3.4.4). */
    public boolean userhash() {
        return userhash;
    }

    @Override
    public String toString() {
        return "DigestCredentials[username=" + username + ", realm=" + realm + ", uri=" + uri
                + ", algorithm=" + algorithm + ", qop=" + qop + ", nc=" + ncHex + ", userhash="
                + userhash + ", response=<redacted>]";
    }

    /** Hand-written scanner for {@code credentials = auth-scheme 1*SP #auth-param}. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Map<String, String> parse() {
            skipOws();
            String scheme = token();
            if (!scheme.equalsIgnoreCase("Digest")) {
                throw new IllegalArgumentException("not the Digest scheme");
            }
            if (i >= s.length() || !isOws(s.charAt(i))) {
                throw new IllegalArgumentException("no parameters after scheme");
            }
            Map<String, String> params = new HashMap<>();
            while (true) {
                // #rule: skip empty list elements and surrounding whitespace.
                while (i < s.length() && (isOws(s.charAt(i)) || s.charAt(i) == ',')) {
                    i++;
                }
                if (i >= s.length()) {
                    break;
                }
                String name = token().toLowerCase(Locale.ROOT);
                skipOws();
                expect('=');
                skipOws();
                String value = i < s.length() && s.charAt(i) == '"' ? quotedString() : token();
                if (params.putIfAbsent(name, value) != null) {
                    throw new IllegalArgumentException("duplicate parameter " + printable(name));
                }
                skipOws();
                if (i < s.length() && s.charAt(i) != ',') {
                    throw new IllegalArgumentException("expected ',' at offset " + i);
                }
            }
            if (params.isEmpty()) {
                throw new IllegalArgumentException("no parameters");
            }
            return params;
        }

        private String token() {
            int start = i;
            while (i < s.length() && isTchar(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("expected a token at offset " + i);
            }
            return s.substring(start, i);
        }

        private String quotedString() {
            StringBuilder out = new StringBuilder();
            i++; // opening quote
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        break;
                    }
                    c = s.charAt(i++);
                }
                // qdtext / quoted-pair: HTAB, SP, VCHAR, obs-text; no other control characters.
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new IllegalArgumentException("control character in quoted-string at offset " + (i - 1));
                }
                out.append(c);
            }
            throw new IllegalArgumentException("unterminated quoted-string");
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + i);
            }
            i++;
        }

        private void skipOws() {
            while (i < s.length() && isOws(s.charAt(i))) {
                i++;
            }
        }

        private static boolean isOws(char c) {
            return c == ' ' || c == '\t';
        }

        /** RFC 7230 section 3.2.6 tchar. */
        private static boolean isTchar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        /** Parameter names are tchar only, so this only bounds their length for messages. */
        private static String printable(String name) {
            return name.length() <= 32 ? name : name.substring(0, 32) + "...";
        }
    }
}
