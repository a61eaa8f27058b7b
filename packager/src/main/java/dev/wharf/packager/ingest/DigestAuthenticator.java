package dev.wharf.packager.ingest;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server side of HTTP Digest access authentication (RFC 7616) for the ingest endpoint, free of any
 * HTTP framework: the caller passes header values and request facts in and turns a
 * {@link Result.Challenge} into a 401 carrying {@link #challenges(boolean)}.
 *
 * <h2>What is accepted</h2>
 *
 * <ul>
 *   <li>{@code qop=auth} only (RFC 7616 section 3.3). Requests without qop (the RFC 2069 mode of
 *       RFC 7616 section 3.4.1's "qop not present" branch) and {@code auth-int} are challenged.
 *   <li>Algorithms MD5, MD5-sess, SHA-256, SHA-256-sess (RFC 7616 section 3.2 / 6.1); a missing
 *       algorithm means MD5 (section 3.3). Challenges offer SHA-256 first and MD5 last (section
 *       3.7 asks for the preferred algorithm first; ffmpeg only implements MD5 and uses the last
 *       Digest challenge it sees).
 *   <li>{@code userhash=true} (section 3.4.4) is not offered, so it is challenged.
 * </ul>
 *
 * <h2>Nonces (RFC 7616 section 3.3, section 5.4 and section 5.5)</h2>
 *
 * A nonce is {@code base64url(issuedAtMillis[8] | random[8] | HMAC-SHA256(secret, domain | realm |
 * first 16 bytes)[16])}: stateless, so any replica holding the same secret accepts any replica's
 * nonce, and unforgeable without the secret. A nonce is fresh for {@code nonceLifetime} after
 * issue. As the one exception, a nonce that has already been accepted on a connection stays valid
 * on that same connection while that connection's previous use of it was within
 * {@code nonceLifetime}: ffmpeg's {@code -http_persistent 1} keeps one nonce for the life of a
 * keep-alive connection and cannot recover from a stale 401 on a streamed PUT body.
 *
 * <p>Per nonce the authenticator remembers which {@code nc} values it accepted (section 3.4 and
 * section 5.5), so a replayed request is refused. That memory is bounded by
 * {@code maxTrackedNonces}: entries are purged once their nonce can no longer be accepted, and when
 * the table is still full the least recently used entry is evicted. To stay replay-safe without
 * remembering evicted nonces, eviction raises a watermark: an untracked nonce issued at or before
 * the newest evicted issue time is answered with {@code stale=true}, so the client simply fetches a
 * new nonce. Size {@code maxTrackedNonces} above {@code nonceLifetime x peak new-nonce rate}.
 *
 * <p>The {@code stale} flag is set only when the request carried a correct digest for a nonce we
 * issued (section 3.3: "only set stale to TRUE if ... a valid digest for that nonce"), so a
 * client with a wrong password is never invited to retry silently.
 *
 * <h2>Limits</h2>
 *
 * Replay memory is per instance: a request captured on the wire can be replayed once against each
 * other replica sharing the secret while its nonce is fresh. {@code qop=auth} does not protect the
 * body (section 5.7); run ingest over TLS.
 *
 * <h2>Threads</h2>
 *
 * Safe for concurrent use. Hashing runs without locks; the nonce table (an LRU map, a per
 * connection index and the eviction watermark, which must change together) sits behind one lock
 * held only for a few map operations per request.
 */
public final class DigestAuthenticator {

    /** Default for {@code nonceLifetime} when the constructor is given null. */
    public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofSeconds(300);

    /** How far in the future a nonce's issue time may be (clock skew between replicas). */
    static final long MAX_CLOCK_SKEW_MILLIS = 30_000;

    /** How many nc values below the highest seen are remembered per nonce (power of two). */
    static final int NC_WINDOW = 256;

    /** Connections a single nonce can be bound to at once; the least recent one is dropped. */
    static final int MAX_CONNECTIONS_PER_NONCE = 8;

    private static final int NONCE_BYTES = 32;
    private static final int NONCE_CHARS = 43; // unpadded base64 of 32 bytes
    private static final int MIN_SECRET_BYTES = 16;
    private static final byte[] NONCE_DOMAIN = "wharf digest nonce v1".getBytes(US_ASCII);
    private static final byte[] OPAQUE_DOMAIN = "wharf digest opaque v1".getBytes(US_ASCII);
    private static final byte COLON = ':';
    private static final char[] UNKNOWN_USER_PASSWORD = "wharf-digest-unknown-user".toCharArray();
    private static final Base64.Encoder B64_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private final String realm;
    private final byte[] realmBytes;
    private final SecretKeySpec nonceKey;
    private final long lifetimeMillis;
    private final Clock clock;
    private final int maxTrackedNonces;
    private final String opaque;
    private final SecureRandom random = new SecureRandom();

    private final ReentrantLock lock = new ReentrantLock();
    /** Tracked nonces, least recently used first. Guarded by {@link #lock}. */
    private final LinkedHashMap<String, NonceState> tracked = new LinkedHashMap<>();
    /** connectionId to the nonces bound to it. Guarded by {@link #lock}. */
    private final Map<String, Set<String>> noncesByConnection = new HashMap<>();
    /** Newest issue time of any evicted nonce. Guarded by {@link #lock}. */
    private long evictionWatermark = Long.MIN_VALUE;
    /**
     * Latest clock reading seen by {@link #admit}. Decisions use time that never runs backwards:
     * if the wall clock stepped back, a purged nonce would look fresh again and its nc history
     * would be gone, letting a captured request replay. Guarded by {@link #lock}.
     */
    private long monotonicNow = Long.MIN_VALUE;

    /**
     * @param realm the protection space (RFC 7616 section 3.3); no control characters
     * @param serverSecret HMAC key for nonces, at least 16 bytes, the same on every replica; copied
     * @param nonceLifetime how long a nonce is fresh; null means {@link #DEFAULT_NONCE_LIFETIME}
     * @param clock time source for issuing and checking nonces
     * @param maxTrackedNonces bound on nonces whose nc values are remembered
     */
    public DigestAuthenticator(
            String realm, byte[] serverSecret, Duration nonceLifetime, Clock clock, int maxTrackedNonces) {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(serverSecret, "serverSecret");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (realm.isEmpty() || realm.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("realm must be non-empty without control characters");
        }
        if (serverSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("serverSecret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        Duration lifetime = nonceLifetime == null ? DEFAULT_NONCE_LIFETIME : nonceLifetime;
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("nonceLifetime must be positive");
        }
        if (maxTrackedNonces < 1) {
            throw new IllegalArgumentException("maxTrackedNonces must be at least 1");
        }
        this.realm = realm;
        this.realmBytes = realm.getBytes(UTF_8);
        this.nonceKey = new SecretKeySpec(serverSecret, "HmacSHA256"); // copies the key
        this.lifetimeMillis = lifetime.toMillis();
        this.maxTrackedNonces = maxTrackedNonces;
        this.opaque = deriveOpaque(realmBytes);
    }

    /**
     * The {@code WWW-Authenticate} values for a 401 (RFC 7616 section 3.3), in this order: SHA-256,
     * then MD5. Both carry the same new nonce.
     *
     * @param stale whether to add {@code stale=true}; pass {@link Result.Challenge#stale()}
     */
    public List<String> challenges(boolean stale) {
        String nonce = newNonce();
        return List.of(challenge(DigestAlgorithm.SHA_256, nonce, stale), challenge(DigestAlgorithm.MD5, nonce, stale));
    }

    private String challenge(DigestAlgorithm algorithm, String nonce, boolean stale) {
        return "Digest realm=\"" + quote(realm) + "\", qop=\"auth\", algorithm=" + algorithm.token()
                + ", nonce=\"" + nonce + "\", opaque=\"" + opaque + "\"" + (stale ? ", stale=true" : "");
    }

    /**
     * Verifies the Authorization header of one request (RFC 7616 section 3.4 and section 3.5).
     * Never throws for anything the client sent; only {@code credentials} may throw, and that
     * propagates (a broken credential store is not an authentication failure).
     *
     * @param authorizationHeader the header value, may be null
     * @param method the request method, as the request line has it
     * @param requestUri the request-target exactly as sent, including the query
     * @param connectionId identifies the TCP connection the request arrived on
     * @param credentials the user's password, or empty when the user is unknown here; the
     *     returned array is read and not modified
     */
    public Result verify(
            String authorizationHeader,
            String method,
            String requestUri,
            String connectionId,
            Function<String, Optional<char[]>> credentials) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(credentials, "credentials");
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return challenge(false, "no credentials");
        }
        DigestCredentials c;
        try {
            c = DigestCredentials.parse(authorizationHeader);
        } catch (IllegalArgumentException e) {
            return challenge(false, "malformed Authorization header: " + e.getMessage());
        } catch (RuntimeException e) {
            return challenge(false, "malformed Authorization header");
        }

        if (!realm.equals(c.realm())) {
            return challenge(false, "realm mismatch");
        }
        if (c.qop() == null) {
            return challenge(false, "qop missing (RFC 2069 digest is not accepted)");
        }
        if (!c.qop().equalsIgnoreCase("auth")) {
            return challenge(false, "unsupported qop");
        }
        Optional<DigestAlgorithm> maybeAlgorithm = DigestAlgorithm.fromToken(c.algorithm());
        if (maybeAlgorithm.isEmpty()) {
            return challenge(false, "unsupported algorithm");
        }
        DigestAlgorithm algorithm = maybeAlgorithm.get();
        if (c.userhash()) {
            return challenge(false, "userhash is not supported");
        }
        if (c.opaque() != null && !opaque.equals(c.opaque())) {
            return challenge(false, "opaque mismatch");
        }
        if (!uriMatches(c.uri(), requestUri)) {
            return challenge(false, "uri does not match the request-target");
        }
        if (c.nc() == 0) {
            return challenge(false, "nonce count is zero");
        }
        if (!isHex(c.response(), algorithm.hexLength())) {
            return challenge(false, "malformed response digest");
        }
        OptionalLong issuedAt = nonceIssuedAt(c.nonce());
        if (issuedAt.isEmpty()) {
            return challenge(false, "invalid nonce");
        }

        // Same hashing for unknown and known users (RFC 7616 section 5.2 spirit): no timing signal.
        Optional<char[]> password = credentials.apply(c.username());
        boolean knownUser = password != null && password.isPresent();
        String expected = computeResponse(
                algorithm,
                c.username(),
                c.realm(),
                knownUser ? password.get() : UNKNOWN_USER_PASSWORD,
                method,
                c.uri(),
                c.nonce(),
                c.ncHex(),
                c.cnonce(),
                c.qop());
        boolean match = MessageDigest.isEqual(
                expected.getBytes(US_ASCII), c.response().toLowerCase(Locale.ROOT).getBytes(US_ASCII));
        if (!knownUser) {
            return challenge(false, "unknown user");
        }
        if (!match) {
            return challenge(false, "response mismatch (wrong password?)");
        }
        return admit(c.nonce(), issuedAt.getAsLong(), c.nc(), connectionId, c.username());
    }

    /**
     * Forgets which nonces {@code connectionId} used, so they expire on the normal schedule. Optional:
     * bindings also lapse after {@code nonceLifetime} without use.
     */
    public void connectionClosed(String connectionId) {
        if (connectionId == null) {
            return;
        }
        lock.lock();
        try {
            Set<String> nonces = noncesByConnection.remove(connectionId);
            if (nonces != null) {
                for (String nonce : nonces) {
                    NonceState state = tracked.get(nonce);
                    if (state != null) {
                        state.connections.remove(connectionId);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Number of nonces whose nc values are currently remembered. */
    int size() {
        lock.lock();
        try {
            return tracked.size();
        } finally {
            lock.unlock();
        }
    }

    /** The outcome of {@link #verify}. */
    public sealed interface Result {
        /** Authenticated as {@code username}. */
        record Ok(String username) implements Result {}

        /**
         * Answer 401 with {@link #challenges(boolean) challenges(stale)}.
         *
         * @param reason for server logs only: never a secret, but do not send it to clients (it
         *     tells unknown users from wrong passwords)
         */
        record Challenge(boolean stale, String reason) implements Result {}
    }

    private static Result.Challenge challenge(boolean stale, String reason) {
        return new Result.Challenge(stale, reason);
    }

    // ---- nonce table -------------------------------------------------------------------------

    /** Freshness, connection binding and nc replay checks (RFC 7616 section 3.3, 3.4, 5.5). */
    private Result admit(String nonce, long issuedAt, long nc, String connectionId, String username) {
        lock.lock();
        try {
            long now = Math.max(monotonicNow, clock.millis());
            monotonicNow = now;
            purgeExpired(now);
            long age = now - issuedAt;
            if (age < -MAX_CLOCK_SKEW_MILLIS) {
                return challenge(true, "nonce issued in the future (replica clocks disagree?)");
            }
            boolean fresh = age <= lifetimeMillis;
            NonceState state = tracked.get(nonce);
            boolean isNew = state == null;
            if (isNew) {
                if (!fresh) {
                    return challenge(true, "nonce expired");
                }
                if (issuedAt <= evictionWatermark) {
                    return challenge(true, "nonce forgotten (nonce table full)");
                }
                state = new NonceState(nonce, issuedAt);
            } else if (!fresh) {
                Long lastUseHere = state.connections.get(connectionId);
                if (lastUseHere == null) {
                    return challenge(true, "nonce expired");
                }
                if (now - lastUseHere > lifetimeMillis) {
                    return challenge(true, "nonce expired (connection idle)");
                }
            }
            if (!state.markNonceCount(nc)) {
                return challenge(false, "nonce count reused");
            }
            state.lastUse = now;
            bind(state, connectionId, now);
            if (!isNew) {
                tracked.remove(nonce); // re-insert below: most recently used goes last
            }
            tracked.put(nonce, state);
            evictOverflow();
            return new Result.Ok(username);
        } finally {
            lock.unlock();
        }
    }

    private void bind(NonceState state, String connectionId, long now) {
        Long previous = state.connections.remove(connectionId);
        state.connections.put(connectionId, now);
        if (previous == null) {
            noncesByConnection.computeIfAbsent(connectionId, k -> new HashSet<>()).add(state.nonce);
            if (state.connections.size() > MAX_CONNECTIONS_PER_NONCE) {
                String leastRecent = state.connections.keySet().iterator().next();
                state.connections.remove(leastRecent);
                unindex(leastRecent, state.nonce);
            }
        }
    }

    /** Drops entries from the LRU end whose nonce can no longer be accepted anywhere. */
    private void purgeExpired(long now) {
        Iterator<NonceState> it = tracked.values().iterator();
        while (it.hasNext()) {
            NonceState state = it.next();
            if (!state.expired(now, lifetimeMillis)) {
                break;
            }
            it.remove();
            unindexAll(state);
        }
    }

    private void evictOverflow() {
        Iterator<NonceState> it = tracked.values().iterator();
        while (tracked.size() > maxTrackedNonces && it.hasNext()) {
            NonceState victim = it.next();
            it.remove();
            unindexAll(victim);
            evictionWatermark = Math.max(evictionWatermark, victim.issuedAt);
        }
    }

    private void unindexAll(NonceState state) {
        for (String connectionId : state.connections.keySet()) {
            unindex(connectionId, state.nonce);
        }
    }

    private void unindex(String connectionId, String nonce) {
        Set<String> nonces = noncesByConnection.get(connectionId);
        if (nonces != null) {
            nonces.remove(nonce);
            if (nonces.isEmpty()) {
                noncesByConnection.remove(connectionId);
            }
        }
    }

    /** What is remembered about one nonce. Guarded by the authenticator's lock. */
    private static final class NonceState {
        final String nonce;
        final long issuedAt;
        long lastUse;
        /** connectionId to the time of its last accepted use, least recent first. */
        final LinkedHashMap<String, Long> connections = new LinkedHashMap<>(4);
        /** Highest nc accepted; 0 before the first. */
        long highestNc;
        /** Bit (v mod NC_WINDOW) set when nc v in (highestNc - NC_WINDOW, highestNc] was accepted. */
        final long[] seen = new long[NC_WINDOW / 64];

        NonceState(String nonce, long issuedAt) {
            this.nonce = nonce;
            this.issuedAt = issuedAt;
            this.lastUse = issuedAt;
        }

        /**
         * Records nc and says whether it is new (RFC 7616 section 3.4: the server tracks nc to
         * detect replays). Values more than NC_WINDOW below the highest count as used, which only
         * affects clients with that many requests in flight on one nonce.
         */
        boolean markNonceCount(long nc) {
            if (nc > highestNc) {
                if (nc - highestNc >= NC_WINDOW) {
                    Arrays.fill(seen, 0L);
                } else {
                    for (long v = highestNc + 1; v <= nc; v++) {
                        clear(v);
                    }
                }
                highestNc = nc;
                set(nc);
                return true;
            }
            if (highestNc - nc >= NC_WINDOW || isSet(nc)) {
                return false;
            }
            set(nc);
            return true;
        }

        /** True once neither freshness nor any connection binding can make this nonce valid. */
        boolean expired(long now, long lifetimeMillis) {
            return now - issuedAt > lifetimeMillis && now - lastUse > lifetimeMillis;
        }

        private static int bit(long v) {
            return (int) (v & (NC_WINDOW - 1));
        }

        private boolean isSet(long v) {
            return (seen[bit(v) >>> 6] & (1L << (bit(v) & 63))) != 0;
        }

        private void set(long v) {
            seen[bit(v) >>> 6] |= 1L << (bit(v) & 63);
        }

        private void clear(long v) {
            seen[bit(v) >>> 6] &= ~(1L << (bit(v) & 63));
        }
    }

    // ---- nonces and opaque -------------------------------------------------------------------

    private String newNonce() {
        byte[] n = new byte[NONCE_BYTES];
        ByteBuffer.wrap(n).putLong(clock.millis());
        byte[] r = new byte[8];
        random.nextBytes(r);
        System.arraycopy(r, 0, n, 8, 8);
        System.arraycopy(nonceMac(n), 0, n, 16, 16);
        return B64_ENCODER.encodeToString(n);
    }

    /** The nonce's issue time if we minted it, checked in constant time; empty otherwise. */
    private OptionalLong nonceIssuedAt(String nonce) {
        if (nonce.length() != NONCE_CHARS) {
            return OptionalLong.empty();
        }
        byte[] n;
        try {
            n = B64_DECODER.decode(nonce);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        // The decoder ignores the spare low bits of the last character, so several strings decode
        // to the same bytes; accept only the canonical one, since the string keys the nc table.
        if (n.length != NONCE_BYTES || !B64_ENCODER.encodeToString(n).equals(nonce)) {
            return OptionalLong.empty();
        }
        byte[] mac = Arrays.copyOf(nonceMac(n), 16);
        if (!MessageDigest.isEqual(mac, Arrays.copyOfRange(n, 16, 32))) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(n).getLong());
    }

    private byte[] nonceMac(byte[] nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(nonceKey);
            mac.update(NONCE_DOMAIN);
            mac.update((byte) 0);
            mac.update(realmBytes);
            mac.update((byte) 0);
            mac.update(nonce, 0, 16);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A fixed opaque per realm (RFC 7616 section 3.3): the same on every replica, not a secret. */
    private static String deriveOpaque(byte[] realmBytes) {
        MessageDigest sha = DigestAlgorithm.SHA_256.newDigest();
        sha.update(OPAQUE_DOMAIN);
        sha.update((byte) 0);
        sha.update(realmBytes);
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    // ---- request digest ----------------------------------------------------------------------

    /**
     * The {@code response} value for {@code qop=auth} (RFC 7616 section 3.4.1), lowercase hex:
     * {@code KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2))} with {@code A2 = method ":" uri}
     * (section 3.4.3) and {@code A1 = username ":" realm ":" password}, or for {@code -sess}
     * algorithms {@code H(username ":" realm ":" password) ":" nonce ":" cnonce} (section 3.4.2).
     * Strings are hashed as UTF-8. Intermediate HA1 bytes are wiped; the password is not modified.
     */
    static String computeResponse(
            DigestAlgorithm algorithm,
            String username,
            String realm,
            char[] password,
            String method,
            String digestUri,
            String nonce,
            String ncHex,
            String cnonce,
            String qop) {
        MessageDigest md = algorithm.newDigest();
        byte[] ha1Hex = ha1Hex(md, algorithm, username, realm, password, nonce, cnonce);
        try {
            md.update(method.getBytes(UTF_8));
            md.update(COLON);
            md.update(digestUri.getBytes(UTF_8));
            byte[] ha2Hex = hexAscii(md.digest());

            md.update(ha1Hex);
            md.update(COLON);
            md.update(nonce.getBytes(UTF_8));
            md.update(COLON);
            md.update(ncHex.getBytes(UTF_8));
            md.update(COLON);
            md.update(cnonce.getBytes(UTF_8));
            md.update(COLON);
            md.update(qop.getBytes(UTF_8));
            md.update(COLON);
            md.update(ha2Hex);
            return HexFormat.of().formatHex(md.digest());
        } finally {
            Arrays.fill(ha1Hex, (byte) 0);
        }
    }

    private static byte[] ha1Hex(
            MessageDigest md,
            DigestAlgorithm algorithm,
            String username,
            String realm,
            char[] password,
            String nonce,
            String cnonce) {
        md.update(username.getBytes(UTF_8));
        md.update(COLON);
        md.update(realm.getBytes(UTF_8));
        md.update(COLON);
        ByteBuffer pw = UTF_8.encode(CharBuffer.wrap(password));
        try {
            md.update(pw.duplicate());
        } finally {
            if (pw.hasArray()) {
                Arrays.fill(pw.array(), (byte) 0);
            }
        }
        byte[] inner = md.digest();
        byte[] innerHex = hexAscii(inner);
        Arrays.fill(inner, (byte) 0);
        if (!algorithm.session()) {
            return innerHex;
        }
        md.update(innerHex);
        md.update(COLON);
        md.update(nonce.getBytes(UTF_8));
        md.update(COLON);
        md.update(cnonce.getBytes(UTF_8));
        Arrays.fill(innerHex, (byte) 0);
        byte[] outer = md.digest();
        byte[] outerHex = hexAscii(outer);
        Arrays.fill(outer, (byte) 0);
        return outerHex;
    }

    private static byte[] hexAscii(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = (byte) Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = (byte) Character.forDigit(bytes[i] & 0xf, 16);
        }
        return out;
    }

    private static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    // ---- request-target matching -------------------------------------------------------------

    /**
     * RFC 7616 section 3.4.6: the digest uri must name the request-target. Exact match, or one side
     * is the absolute-form (RFC 7230 section 5.3.2) of the other's origin-form (path and query).
     */
    static boolean uriMatches(String digestUri, String requestTarget) {
        if (digestUri.equals(requestTarget)) {
            return true;
        }
        String targetPath = originFormOf(requestTarget);
        if (targetPath != null && targetPath.equals(digestUri)) {
            return true;
        }
        String digestPath = originFormOf(digestUri);
        return digestPath != null && digestPath.equals(requestTarget);
    }

    /** Path and query of an absolute-form URI, or null when {@code uri} is not absolute-form. */
    private static String originFormOf(String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0 || !isScheme(uri, schemeEnd)) {
            return null;
        }
        int pathStart = schemeEnd + 3;
        while (pathStart < uri.length() && "/?#".indexOf(uri.charAt(pathStart)) < 0) {
            pathStart++;
        }
        String rest = uri.substring(pathStart);
        if (rest.isEmpty() || rest.charAt(0) != '/') {
            return "/" + rest;
        }
        return rest;
    }

    private static boolean isScheme(String s, int end) {
        char first = s.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
