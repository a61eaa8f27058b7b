package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.packager.Packager;
import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.testing.RedisServerProcess;
import java.io.IOException;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The authorization matrix (docs/security.md): against a running packager with two channels, each
 * with two ingest endpoints and their own credentials, every method, path form and header trick
 * without valid credentials for its target is refused with a 4xx and a reason, and writes nothing:
 * the admin API's view of both channels and the playlists players get are byte-identical before and
 * after. Credentials of one channel or ingest endpoint never work for another. Secrets (ingest
 * passwords, the admin token, the Redis password in the storage URL) never reach the logs, /metrics
 * or an error body.
 *
 * <p>Requests go over a raw socket ({@link RawHttp}) so nothing normalizes the path or headers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class IngestAuthorizationIT {
    static final String NS = "live";
    static final String REDIS_PASSWORD = "redis-Pa55-in-url-7q";
    static final String ADMIN_TOKEN = "admin-token-9c1e-secret";
    /** channel, endpoint, user, password. */
    static final String[][] CREDENTIALS = {
        {"news", "in1", TestPackagers.USER1, TestPackagers.PASS1},
        {"news", "in2", TestPackagers.USER2, TestPackagers.PASS2},
        {"sports", "in1", "sports-enc-a", "sports-pass-A-77"},
        {"sports", "in2", "sports-enc-b", "sports-pass-B-88"},
    };
    static final String TARGET = "/in/v2/live/news/in1/";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static RedisServerProcess redis;
    static Packager packager;
    static final List<String> LOG = new ArrayList<>();
    static final List<String> BODIES = new ArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (LOG) {
                LOG.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                        + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    static byte[] ts;
    static final byte[] ENDING_PLAYLIST = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:1
            #EXT-X-MEDIA-SEQUENCE:0
            #EXTINF:1.000000,
            news_00000.ts
            #EXTINF:1.000000,
            news_00001.ts
            #EXTINF:1.000000,
            replay.ts
            #EXT-X-ENDLIST
            """.getBytes(StandardCharsets.UTF_8);
    static Map<String, String> before;
    static String replayHeader;
    static String staleChallenge;
    static long staleChallengeAt;

    @BeforeAll
    static void start() throws Exception {
        Logger.getLogger("").addHandler(CAPTURE);
        redis = new RedisServerProcess(List.of("--requirepass", REDIS_PASSWORD)).start();
        Path dir = Files.createTempDirectory("wharf-authz");
        Path token = Files.writeString(dir.resolve("admin-token"), ADMIN_TOKEN + "\n");
        StringBuilder channels = new StringBuilder();
        StringBuilder endpoints = new StringBuilder();
        for (String ch : new String[] {"news", "sports"}) {
            channels.append("  - metadata: {namespace: live, name: ").append(ch).append("}\n")
                    .append("    spec:\n      ingestEndpoints:\n");
            for (String[] c : CREDENTIALS) {
                if (c[0].equals(ch)) {
                    channels.append("        - {id: ").append(c[1]).append(", username: ").append(c[2])
                            .append(", password: ").append(c[3]).append("}\n");
                }
            }
            endpoints.append("  - metadata: {namespace: live, name: hls-").append(ch).append("}\n")
                    .append("    spec: {channelName: ").append(ch).append(", hlsPackage: {segmentDurationSeconds: 1, playlistWindowSeconds: 60}}\n");
        }
        String yaml = """
                server: {host: 127.0.0.1, playbackPort: 0, ingestPort: 0, adminPort: 0, nonceSecret: test-nonce-secret-0123456789, nonceLifetimeSeconds: 10, adminTokenFile: "%s"}
                storage: {type: redis, redis: {url: "redis://:%s@%s"}}
                channels:
                %s
                originEndpoints:
                %s
                """.formatted(token, REDIS_PASSWORD, redis.hostAndPort(), channels, endpoints);
        packager = Packager.start(ConfigLoader.parse(yaml));

        staleChallenge = challenge(TARGET + "stale.ts");
        staleChallengeAt = System.nanoTime();
        List<byte[]> segments = ReplayPusher.makeSegments(dir.resolve("segs"), 3, 0);
        ts = segments.get(0);
        try (ReplayPusher p = new ReplayPusher(packager.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                segments, 1_000_000)) {
            p.push(0);
            p.push(1);
        }
        // One valid upload whose exact Authorization header is replayed later.
        String path = TARGET + "replay.ts";
        replayHeader = RawHttp.digest(challenge(path), TestPackagers.USER1, TestPackagers.PASS1, "PUT", path, 1);
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            assertThat(h.request("PUT", path, Map.of("Authorization", replayHeader), ts).status()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(snapshot().get("/out/v1/live/news/hls-news/index_1.m3u8")).contains("#EXTINF"));
        before = snapshot();
    }

    @AfterAll
    static void stop() {
        if (packager != null) {
            packager.close();
        }
        if (redis != null) {
            redis.close();
        }
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    /** What a user can see of both channels: the admin API's status and the playlists players get. */
    static Map<String, String> snapshot() throws Exception {
        Map<String, String> s = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String ch : new String[] {"news", "sports"}) {
            String admin = "http://127.0.0.1:" + packager.adminPort() + "/admin/channels/live/" + ch;
            ObjectNode status = (ObjectNode) json.readTree(IngestBadInputIT.get(admin));
            status.get("inputs").forEach(in -> ((ObjectNode) in).remove("secondsSinceContent")); // the clock's, not ours
            s.put(admin, status.toString());
            for (String file : new String[] {"index.m3u8", "index_1.m3u8"}) {
                String url = "/out/v1/live/" + ch + "/hls-" + ch + "/" + file;
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + packager.playbackPort() + url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                s.put(url, r.statusCode() + "\n" + r.body());
            }
        }
        return s;
    }

    /** A fresh MD5 challenge (a 401 to an anonymous PUT on its own connection). */
    static String challenge(String path) throws IOException {
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            return RawHttp.md5Challenge(h.request("PUT", path, Map.of(), new byte[0]));
        }
    }

    static String digest(String[] cred, String method, String uri) throws IOException {
        return RawHttp.digest(challenge(TARGET + "x.ts"), cred[2], cred[3], method, uri, 1);
    }

    static String head(String method, String target, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.toString();
    }

    /**
     * What a request to this head carries: for a playlist, one that ends the stream and adds the
     * uploaded replay.ts, so that if it were accepted the admin status and the output playlist would
     * change; otherwise the test segment.
     */
    static byte[] bodyFor(String head) {
        return head.substring(0, head.indexOf('\r')).contains(".m3u8") ? ENDING_PLAYLIST : ts;
    }

    /** A request with a Content-Length body. */
    static byte[] withBody(String head) {
        byte[] body = bodyFor(head);
        byte[] h = (head + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    static byte[] chunked(String head) {
        byte[] body = bodyFor(head);
        String size = Integer.toHexString(body.length);
        byte[] h = (head + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + body.length + tail.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        System.arraycopy(tail, 0, out, h.length + body.length, tail.length);
        return out;
    }

    record Attack(String label, int port, byte[] request) {}

    static List<Attack> attacks() throws IOException {
        int in = packager.ingestPort();
        List<Attack> a = new ArrayList<>();
        String file = TARGET + "news.m3u8"; // the encoder's playlist: what would change the output
        String[] news1 = CREDENTIALS[0];

        // Every method, anonymous, on a normal ingest path and the playlist.
        for (String m : new String[] {"PUT", "POST", "DELETE", "PATCH", "MKCOL", "MOVE", "COPY", "PROPFIND", "GET", "HEAD",
            "OPTIONS", "TRACE", "LOCK", "PROPPATCH"}) {
            for (String target : new String[] {file, TARGET + "evil.ts", TARGET}) {
                a.add(new Attack(m + " " + target + " anonymous", in,
                        withBody(head(m, target, "Destination: http://127.0.0.1" + TARGET + "moved.ts"))));
            }
        }
        // Every method with valid credentials of the right endpoint: only PUT and DELETE are ingest.
        for (String m : new String[] {"POST", "PATCH", "MKCOL", "MOVE", "COPY", "PROPFIND", "GET", "LOCK"}) {
            a.add(new Attack(m + " with valid credentials", in, withBody(head(m, file,
                    "Authorization: " + digest(news1, m, file), "Destination: http://127.0.0.1" + TARGET + "moved.ts"))));
        }
        // Path forms, each with the right endpoint's credentials computed for that exact request-target.
        String[] paths = {
            TARGET + "%65vil.ts", "/in/v2/live/%6e%65%77%73/in1/evil.ts", TARGET + "%252e%252e/evil.ts",
            TARGET + "%25%32%65%25%32%65/evil.ts", TARGET + "../in2/evil.ts", "/in/v2/live/sports/../news/in1/evil.ts",
            TARGET + "%2e%2e/in2/evil.ts", TARGET + "..%2Fin2%2Fevil.ts", TARGET + "..%5Cevil.ts", TARGET + "/evil.ts",
            "//in/v2/live/news/in1/evil.ts", "/in/v2//live/news/in1/evil.ts", TARGET + "./evil.ts", "/in/v2/live/news/./in1/evil.ts",
            TARGET + "evil.ts/", "/in/v2/live/news/in1", "/IN/V2/live/news/in1/evil.ts", "/in/v2/LIVE/news/in1/evil.ts",
            "/in/v2/live/News/in1/evil.ts", "/in/v2/live/news/IN1/evil.ts", TARGET + "EVIL.TS", TARGET + "a".repeat(300) + ".ts",
            TARGET + "a/b/c/d/e/evil.ts", "/in/v2/live/" + "n".repeat(70) + "/in1/evil.ts", TARGET + "evil.ts?x=/../../in2",
            TARGET + "evil.ts#frag", TARGET + "evil%00.ts", TARGET + "evil%0d%0aX-Injected:%201.ts", TARGET + "%C0%AE%C0%AE/evil.ts",
            TARGET + "%ff.ts", TARGET + "%e2%80%ae.ts", TARGET + "evil.exe",
            "/out/v1/live/news/hls-news/index.m3u8", "/admin/config", "/admin/channels/live/news/reset", "/metrics",
            "/health/ready", "/", "*",
        };
        for (String p0 : paths) {
            String p = p0.replace("evil.ts", "news.m3u8");
            a.add(new Attack("path " + p + " anonymous", in, withBody(head("PUT", p))));
            a.add(new Attack("path " + p + " other endpoint's credentials", in,
                    withBody(head("PUT", p, "Authorization: " + digest(CREDENTIALS[1], "PUT", p)))));
        }
        a.add(new Attack("8 KB path", in, withBody(head("PUT", TARGET + "a".repeat(8192) + ".ts"))));
        a.add(new Attack("64 KB path", in, withBody(head("PUT", TARGET + "a".repeat(65536) + ".ts"))));

        // Header tricks on the normal path.
        String valid = digest(news1, "PUT", file);
        String basic = java.util.Base64.getEncoder().encodeToString((news1[2] + ":" + news1[3]).getBytes(StandardCharsets.UTF_8));
        String otherRealm = RawHttp.digest(challenge(file).replaceAll("realm=\"[^\"]*\"", "realm=\"other-realm\""),
                news1[2], news1[3], "PUT", file, 1);
        String otherUri = digest(news1, "PUT", TARGET + "other.ts");
        Map<String, String> tricks = new LinkedHashMap<>();
        tricks.put("no Authorization", "");
        tricks.put("Basic with the right password", "Authorization: Basic " + basic);
        tricks.put("Bearer admin token", "Authorization: Bearer " + ADMIN_TOKEN);
        tricks.put("Digest with another realm", "Authorization: " + otherRealm);
        tricks.put("Digest uri not the request-target", "Authorization: " + otherUri);
        tricks.put("Digest for GET on a PUT", "Authorization: " + digest(news1, "GET", file));
        tricks.put("replayed nc, header as captured", "Authorization: " + replayHeader);
        tricks.put("replayed nc, uri edited", "Authorization: " + replayHeader.replace("replay.ts", "news.m3u8"));
        tricks.put("forged nonce", "Authorization: " + valid.replaceAll("nonce=\"[^\"]*\"", "nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\""));
        tricks.put("response of another password", "Authorization: " + RawHttp.digest(challenge(file), news1[2], "wrong", "PUT", file, 1));
        tricks.put("empty response", "Authorization: " + valid.replaceAll("response=\"[^\"]*\"", "response=\"\""));
        tricks.put("nc zero", "Authorization: " + valid.replace("nc=00000001", "nc=00000000"));
        tricks.put("no qop (RFC 2069)", "Authorization: " + valid.replace(", qop=\"auth\"", ""));
        tricks.put("algorithm MD5-sess", "Authorization: " + valid.replace("algorithm=\"MD5\"", "algorithm=\"MD5-sess\""));
        tricks.put("username case changed", "Authorization: " + valid.replace(news1[2], news1[2].toUpperCase()));
        for (int i = 1; i < CREDENTIALS.length; i++) {
            tricks.put("credentials of " + CREDENTIALS[i][0] + "/" + CREDENTIALS[i][1],
                    "Authorization: " + digest(CREDENTIALS[i], "PUT", file));
        }
        tricks.put("truncated", "Authorization: " + valid.substring(0, valid.length() / 2));
        tricks.put("truncated before the closing quote", "Authorization: " + valid.substring(0, valid.lastIndexOf('"')));
        tricks.put("duplicated: wrong then other endpoint's", "Authorization: " + otherRealm + "\r\nAuthorization: "
                + digest(CREDENTIALS[1], "PUT", file));
        tricks.put("duplicated parameter", "Authorization: " + valid + ", username=\"" + CREDENTIALS[1][2] + "\"");
        tricks.put("folded header", "Authorization: Digest\r\n " + valid.substring(7).replace(news1[2], CREDENTIALS[1][2]));
        tricks.put("Digest without parameters", "Authorization: Digest");
        tricks.put("Authorization with NUL", "Authorization: Digest username=\"" + news1[2] + "\u0000\"");
        tricks.put("Proxy-Authorization instead", "Proxy-Authorization: " + digest(CREDENTIALS[1], "PUT", file));
        tricks.put("X-Forwarded-For loopback", "X-Forwarded-For: 127.0.0.1");
        for (var t : tricks.entrySet()) {
            String[] h = t.getValue().isEmpty() ? new String[0] : new String[] {t.getValue()};
            a.add(new Attack("header " + t.getKey(), in, withBody(head("PUT", file, h))));
        }
        String other = digest(CREDENTIALS[1], "PUT", file);
        a.add(new Attack("Expect: 100-continue anonymous", in,
                (head("PUT", file, "Expect: 100-continue", "Content-Length: " + ts.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        a.add(new Attack("Expect: 100-continue other endpoint's", in, (head("PUT", file, "Expect: 100-continue",
                "Authorization: " + other, "Content-Length: " + ts.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        a.add(new Attack("chunked anonymous", in, chunked(head("PUT", file))));
        a.add(new Attack("chunked other endpoint's", in, chunked(head("PUT", file, "Authorization: " + other))));
        a.add(new Attack("chunked and Content-Length (smuggling)", in,
                chunked(head("PUT", file, "Authorization: " + other, "Content-Length: 4"))));
        String absolute = "http://127.0.0.1:" + in + file;
        a.add(new Attack("absolute-form anonymous", in, withBody(head("PUT", absolute))));
        a.add(new Attack("absolute-form other endpoint's", in,
                withBody(head("PUT", absolute, "Authorization: " + digest(CREDENTIALS[1], "PUT", absolute)))));
        a.add(new Attack("absolute-form naming in2, digest of in2 for it", in, withBody(head("PUT",
                "http://127.0.0.1:" + in + "/in/v2/live/news/in2/../in1/evil.ts",
                "Authorization: " + digest(CREDENTIALS[1], "PUT", "/in/v2/live/news/in2/evil.ts")))));
        String[] wrongPassword = {news1[0], news1[1], news1[2], news1[3] + "x"};
        a.add(new Attack("absolute-form wrong password", in,
                withBody(head("PUT", absolute, "Authorization: " + digest(wrongPassword, "PUT", absolute)))));
        a.add(new Attack("absolute-form, digest uri of another endpoint's path", in,
                withBody(head("PUT", absolute, "Authorization: " + digest(news1, "PUT", "/in/v2/live/news/in2/news.m3u8")))));
        a.add(new Attack("absolute-form https scheme anonymous", in, withBody(head("PUT", "https://127.0.0.1:" + in + file))));
        byte[] noHost = withBody("PUT " + file + " HTTP/1.1\r\n");
        a.add(new Attack("no Host", in, noHost));
        a.add(new Attack("Host of another service", in, withBody("PUT " + file + " HTTP/1.1\r\nHost: admin.internal:9090\r\n")));
        a.add(new Attack("two Host headers", in, withBody(head("PUT", file, "Host: evil.example"))));
        a.add(new Attack("HTTP/1.0 without Host", in, withBody("PUT " + file + " HTTP/1.0\r\n")));

        // The admin socket: changing operations need the bearer token.
        int admin = packager.adminPort();
        Map<String, String> adminTricks = new LinkedHashMap<>(); // labels name the trick, never the token
        adminTricks.put("no token", "");
        adminTricks.put("wrong token", "Authorization: Bearer wrong-token");
        adminTricks.put("token plus a character", "Authorization: Bearer " + ADMIN_TOKEN + "x");
        adminTricks.put("token less its last character",
                "Authorization: Bearer " + ADMIN_TOKEN.substring(0, ADMIN_TOKEN.length() - 1));
        adminTricks.put("token in upper case", "Authorization: Bearer " + ADMIN_TOKEN.toUpperCase(java.util.Locale.ROOT));
        adminTricks.put("Basic with ingest credentials", "Authorization: Basic " + basic);
        for (var t : adminTricks.entrySet()) {
            String[] h = t.getValue().isEmpty() ? new String[0] : new String[] {t.getValue()};
            a.add(new Attack("admin reset, " + t.getKey(), admin, withBody(head("POST", "/admin/channels/live/news/reset", h))));
            a.add(new Attack("admin config, " + t.getKey(), admin, withBody(head("PUT", "/admin/config", h))));
        }
        // The playback socket never takes uploads.
        int playback = packager.playbackPort();
        a.add(new Attack("PUT on playback", playback, withBody(head("PUT", file, "Authorization: " + valid))));
        a.add(new Attack("PUT playlist on playback", playback,
                withBody(head("PUT", "/out/v1/live/news/hls-news/index_1.m3u8", "Authorization: " + valid))));
        return a;
    }

    @Test
    @Order(1)
    void nothingWithoutValidCredentialsForItsTargetWritesAnything() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        List<Attack> attacks = attacks();
        for (Attack attack : attacks) {
            try (RawHttp h = new RawHttp(attack.port())) {
                try {
                    h.sendBytes(attack.request());
                } catch (IOException refusedMidBody) {
                    // the server may answer and close before reading a body it refuses: read that answer
                }
                RawHttp.Response r;
                try {
                    r = h.read();
                } catch (IOException closed) {
                    soft.fail("%s: connection closed without an answer (%s)", attack.label(), closed.getMessage());
                    continue;
                }
                synchronized (BODIES) {
                    BODIES.add(r.text());
                }
                System.out.printf("%d %s | %s%n", r.status(), attack.label(), r.text().strip().replace('\n', ' '));
                if (attack.label().startsWith("HTTP/1.0")) {
                    // Helidon 4 speaks HTTP/1.1 only: 505 is RFC 9110's status for that, not a server fault
                    soft.assertThat(r.status()).as("%s: %s", attack.label(), r.text()).isEqualTo(505);
                } else {
                    soft.assertThat(r.status()).as("%s: %s", attack.label(), r.text()).isBetween(400, 499);
                }
                boolean reason = !r.text().isBlank() || r.header("WWW-Authenticate") != null || r.header("Allow") != null;
                soft.assertThat(reason).as("%s (%d) gives a reason", attack.label(), r.status()).isTrue();
            }
        }
        soft.assertAll();
        assertThat(snapshot()).as("admin status and playlists after %d refused requests", attacks.size()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void credentialsOfOneEndpointNeverWorkForAnother() throws Exception {
        for (String[] target : CREDENTIALS) {
            for (String[] cred : CREDENTIALS) {
                String path = "/in/v2/live/" + target[0] + "/" + target[1] + "/cross.ts";
                String header = RawHttp.digest(challenge(path), cred[2], cred[3], "PUT", path, 1);
                try (RawHttp h = new RawHttp(packager.ingestPort())) {
                    RawHttp.Response r = h.request("PUT", path, Map.of("Authorization", header), new byte[0]);
                    if (cred == target) {
                        assertThat(r.status()).as("own credentials on %s", path).isNotEqualTo(401);
                    } else {
                        assertThat(r.status()).as("%s's credentials on %s", cred[2], path).isEqualTo(401);
                    }
                }
            }
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aStaleNonceIsRefusedWithStaleTrue() throws Exception {
        long waitMillis = 10_500 - (System.nanoTime() - staleChallengeAt) / 1_000_000;
        if (waitMillis > 0) {
            Thread.sleep(waitMillis); // nonceLifetimeSeconds is 10, the minimum
        }
        String path = TARGET + "stale.ts";
        String header = RawHttp.digest(staleChallenge, TestPackagers.USER1, TestPackagers.PASS1, "PUT", path, 1);
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            RawHttp.Response r = h.request("PUT", path, Map.of("Authorization", header), ts);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).contains("stale=true");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void theSnapshotSeesAWriteWithValidCredentials() throws Exception {
        String path = TARGET + "news.m3u8";
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            RawHttp.Response r = h.request("PUT", path, Map.of("Authorization",
                    RawHttp.digest(challenge(path), TestPackagers.USER1, TestPackagers.PASS1, "PUT", path, 1)), ENDING_PLAYLIST);
            assertThat(r.status()).as(r.text()).isEqualTo(204);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(snapshot()).isNotEqualTo(before));
    }

    @Test
    @Order(6)
    void theAbsoluteFormIsAcceptedOnIngestAndPlayback() throws Exception {
        // RFC 9112 3.2.2: a server MUST accept the absolute-form; the Digest uri is the target as sent
        String absolute = "http://127.0.0.1:" + packager.ingestPort() + TARGET + "absolute.ts";
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            RawHttp.Response r = h.request("PUT", absolute, Map.of("Authorization", RawHttp.digest(challenge(TARGET + "x.ts"),
                    TestPackagers.USER1, TestPackagers.PASS1, "PUT", absolute, 1)), ts);
            assertThat(r.status()).as(r.text()).isEqualTo(201);
        }
        // a client that signed the origin-form but sent the absolute-form names the same resource (RFC 7616 3.4.6)
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            RawHttp.Response r = h.request("DELETE", absolute, Map.of("Authorization", RawHttp.digest(challenge(TARGET + "x.ts"),
                    TestPackagers.USER1, TestPackagers.PASS1, "DELETE", TARGET + "absolute.ts", 1)), new byte[0]);
            assertThat(r.status()).as(r.text()).isEqualTo(204);
        }
        String playlist = "/out/v1/live/news/hls-news/index_1.m3u8";
        String origin;
        try (RawHttp h = new RawHttp(packager.playbackPort())) {
            RawHttp.Response r = h.request("GET", playlist, Map.of(), null);
            assertThat(r.status()).isEqualTo(200);
            origin = r.text();
        }
        try (RawHttp h = new RawHttp(packager.playbackPort())) {
            RawHttp.Response r = h.request("GET", "http://127.0.0.1:" + packager.playbackPort() + playlist, Map.of(), null);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.text()).contains("#EXTM3U").isEqualTo(origin);
        }
    }

    @Test
    @Order(4)
    void secretsNeverAppearInLogsMetricsOrErrorBodies() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(REDIS_PASSWORD, ADMIN_TOKEN));
        for (String[] c : CREDENTIALS) {
            secrets.add(c[3]);
        }
        String metrics = IngestBadInputIT.get("http://127.0.0.1:" + packager.adminPort() + "/metrics");
        assertThat(metrics).contains("wharf_");
        String logs;
        synchronized (LOG) {
            logs = String.join("\n", LOG);
        }
        String bodies;
        synchronized (BODIES) {
            bodies = String.join("\n", BODIES);
        }
        assertThat(logs).as("captured log records").isNotEmpty().contains("ingest auth refused");
        for (String secret : secrets) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(metrics).as("metrics").doesNotContain(secret);
            assertThat(bodies).as("error bodies").doesNotContain(secret);
        }
        assertThat(logs).as("no digest response in the logs").doesNotContain("response=");
        // refused requests add no metric series: no label value comes from an attacker's path
        for (String chosen : new String[] {"evil", "nnnnnnnnnn", "LIVE", "News", "IN1", "aaaaaaaaaa", "moved"}) {
            assertThat(metrics).as("metrics").doesNotContain(chosen);
        }
    }
}
