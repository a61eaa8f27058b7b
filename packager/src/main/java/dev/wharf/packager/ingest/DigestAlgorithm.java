package dev.wharf.packager.ingest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * The Digest algorithms Wharf accepts (RFC 7616 section 3.2 and the IANA "HTTP Digest Hash
 * Algorithms" registry, section 6.1). The {@code -sess} variants change only how HA1 is derived
 * (RFC 7616 section 3.4.2).
 */
enum DigestAlgorithm {
    MD5("MD5", "MD5", false),
    MD5_SESS("MD5-sess", "MD5", true),
    SHA_256("SHA-256", "SHA-256", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true);

    private final String token;
    private final String jcaName;
    private final boolean session;

    DigestAlgorithm(String token, String jcaName, boolean session) {
        this.token = token;
        this.jcaName = jcaName;
        this.session = session;
    }

    /** The token as it appears in {@code algorithm=} (RFC 7616 section 3.3). */
    String token() {
        return token;
    }

    boolean session() {
        return session;
    }

    /** Length of the lowercase hex {@code response} this algorithm produces. */
    int hexLength() {
        return jcaName.equals("MD5") ? 32 : 64;
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide MD5 and SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException(jcaName + " missing from this JDK", e);
        }
    }

    /** Algorithm tokens are case-insensitive (RFC 7616 section 3.3); empty when unsupported. */
    static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String t = token.toLowerCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (a.token.toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
