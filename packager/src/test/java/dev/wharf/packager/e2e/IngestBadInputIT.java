package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.PackagerConfig;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.SegmentVersions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input gets a clear answer and changes nothing: the ingest and playback error matrix, on real
 * sockets with a raw HTTP client, so every byte an encoder could send is under the test's control.
 */
class IngestBadInputIT {
    static Packager packager;
    static final List<String> LOG = new ArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (LOG) {
                LOG.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    static final byte[] TS = resource("/media/h264_baseline_320x240_15.ts");
    static final String BASE = "/in/v2/live/news/in1/";

    @BeforeAll
    static void start() {
        Logger.getLogger("").addHandler(CAPTURE);
        PackagerConfig c = TestPackagers.config(null, null);
        c.server.maxIngestBodyBytes = 100_000;
        packager = Packager.start(c);
    }

    @AfterAll
    static void stop() {
        packager.close();
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    static byte[] resource(String name) {
        try (var in = IngestBadInputIT.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** GET over a fresh connection; the body as text. */
    static String get(String url) throws Exception {
        java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
        return c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    static RawHttp.Response put(String path, byte[] body, String user, String password) throws Exception {
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            RawHttp.Response challenge = h.request("PUT", path, Map.of(), body);
            if (user == null || challenge.status() != 401) {
                return challenge;
            }
        }
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            RawHttp.Response challenge = h.request("PUT", path, Map.of(), new byte[0]);
            String auth = RawHttp.digest(RawHttp.md5Challenge(challenge), user, password, "PUT", path, 1);
            try (RawHttp h2 = new RawHttp(packager.ingestPort())) {
                return h2.request("PUT", path, Map.of("Authorization", auth), body);
            }
        }
    }

    @Test
    void expectContinueWithoutCredentialsGetsTheFinal401AtOnce() throws Exception {
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            h.sendHead("PUT " + BASE + "seg_1.ts HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            RawHttp.Response r = h.read(); // no body sent: a server that waits for it would time out here
            assertThat(r.status()).isEqualTo(401);
            String[] challenges = r.header("WWW-Authenticate").split("\n");
            assertThat(challenges).hasSize(2);
            assertThat(challenges[0]).startsWith("Digest ").contains("algorithm=SHA-256").contains("qop=\"auth\"");
            assertThat(challenges[1]).startsWith("Digest ").contains("algorithm=MD5"); // ffmpeg answers the last one
        }
    }

    @Test
    void validCredentialsOnAKeepAliveConnectionStoreEachFile() throws Exception {
        String path1 = BASE + "keep_1.ts";
        String path2 = BASE + "keep_2.ts";
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            RawHttp.Response challenge = h.request("PUT", path1, Map.of(), new byte[0]);
            assertThat(challenge.status()).isEqualTo(401);
        }
        String challenge;
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            challenge = RawHttp.md5Challenge(h.request("PUT", path1, Map.of(), new byte[0]));
        }
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            var r1 = h.request("PUT", path1, Map.of("Authorization",
                    RawHttp.digest(challenge, TestPackagers.USER1, TestPackagers.PASS1, "PUT", path1, 1)), TS);
            assertThat(r1.status()).isEqualTo(201);
            var r2 = h.request("PUT", path2, Map.of("Authorization",
                    RawHttp.digest(challenge, TestPackagers.USER1, TestPackagers.PASS1, "PUT", path2, 2)), TS);
            assertThat(r2.status()).isEqualTo(201);
            // the same nonce count again is a replay
            var r3 = h.request("PUT", path2, Map.of("Authorization",
                    RawHttp.digest(challenge, TestPackagers.USER1, TestPackagers.PASS1, "PUT", path2, 2)), TS);
            assertThat(r3.status()).isEqualTo(401);
        }
        assertThat(new SegmentVersions(packager.store()).read(new ChannelKey("live", "news"), "in1", "keep_2.ts"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(TS));
    }

    @Test
    void deleteIsAcknowledgedButContentIsKept() throws Exception {
        assertThat(put(BASE + "del_1.ts", TS, TestPackagers.USER1, TestPackagers.PASS1).status()).isEqualTo(201);
        String path = BASE + "del_1.ts";
        String challenge;
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            challenge = RawHttp.md5Challenge(h.request("DELETE", path, Map.of(), null));
        }
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            h.sendHead("DELETE " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nAuthorization: "
                    + RawHttp.digest(challenge, TestPackagers.USER1, TestPackagers.PASS1, "DELETE", path, 1) + "\r\n\r\n0\r\n\r\n");
            assertThat(h.read().status()).isEqualTo(204);
        }
        assertThat(new SegmentVersions(packager.store()).read(new ChannelKey("live", "news"), "in1", "del_1.ts")).isPresent();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "wrong password       | " + BASE + "a.ts          | 401",
        "other input's creds  | " + BASE + "b.ts          | 401",
        "unknown channel      | /in/v2/live/nope/in1/c.ts | 404",
        "unknown input        | /in/v2/live/news/in9/c.ts | 404",
        "encoded slash        | " + BASE + "x%2Fy.ts      | 400",
        "encoded backslash    | " + BASE + "x%5Cy.ts      | 400",
        "encoded dot segment  | " + BASE + "%2e%2e/y.ts   | 400",
        "NUL                  | " + BASE + "x%00.ts       | 400",
        "control character    | " + BASE + "x%0Ay.ts      | 400",
        "empty element        | " + BASE + "a//b.ts       | 400",
        "bad escape           | " + BASE + "x%zz.ts       | 400",
        "uppercase channel    | /in/v2/live/NEWS/in1/c.ts | 400",
        "unsupported type     | " + BASE + "evil.exe      | 415",
    })
    void badRequestsAreRefusedWithAReason(String label, String path, int status) throws Exception {
        String user = label.startsWith("other") ? TestPackagers.USER2 : TestPackagers.USER1;
        String pass = label.startsWith("other") ? TestPackagers.PASS2 : label.startsWith("wrong") ? "not-the-password" : TestPackagers.PASS1;
        RawHttp.Response r = put(path.trim(), TS, user, pass);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        // "bad escape" is refused by Helidon's request-line parser, before any handler: http/ProtocolErrors
        // gives that answer its reason
        assertThat(r.text()).isNotBlank();
        assertThat(r.header("Content-Type")).startsWith("text/plain");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not TS                | seg.ts      | <html>hello</html>          | 415",
        "not a playlist        | bad.m3u8    | hello                       | 400",
        "bad EXTINF            | bad2.m3u8   | #EXTM3U\\n#EXTINF:abc,\\nx.ts | 400",
        "not WebVTT            | sub.vtt     | hello                       | 422",
        "not fMP4              | v.m4s       | hello world                 | 422",
    })
    void bodiesThatAreNotWhatTheirNameSaysAreRefused(String label, String file, String body, int status) throws Exception {
        byte[] bytes = body.trim().replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = put(BASE + file.trim(), bytes, TestPackagers.USER1, TestPackagers.PASS1);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.text()).contains(file.trim());
        assertThat(new SegmentVersions(packager.store()).read(new ChannelKey("live", "news"), "in1", file.trim())).isEmpty();
    }

    /** fMP4 bodies whose boxes do not add up, and init segments the packager could not use, are 422 with a reason. */
    @Test
    void brokenFmp4IsRefusedWithTheBoxThatDoesNotFit() throws Exception {
        byte[] init = resource("/media/fmp4/h264_aac_init.mp4");
        byte[] segment = resource("/media/fmp4/h264_aac_0.m4s");
        byte[] bogusMoof = segment.clone();
        int moof = 24 + 52 + 52; // styp, two sidx
        bogusMoof[moof] = (byte) 0x7F; // moof size far beyond the body
        byte[] moovWithoutTrak = {0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', '6', 0, 0, 0, 0,
                0, 0, 0, 8, 'm', 'o', 'o', 'v'};
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("cut_init.mp4", java.util.Arrays.copyOf(init, 700));
        bad.put("empty_moov.mp4", moovWithoutTrak);
        bad.put("bogus_moof.m4s", bogusMoof);
        bad.put("cut_segment.m4s", java.util.Arrays.copyOf(segment, segment.length - 1));
        for (var e : bad.entrySet()) {
            RawHttp.Response r = put(BASE + e.getKey(), e.getValue(), TestPackagers.USER1, TestPackagers.PASS1);
            System.out.println(e.getKey() + ": " + r.status() + " " + r.text().trim());
            assertThat(r.status()).as(r.text()).isEqualTo(422);
            assertThat(r.text()).contains(e.getKey());
            assertThat(new SegmentVersions(packager.store()).read(new ChannelKey("live", "news"), "in1", e.getKey())).isEmpty();
        }
        assertThat(put(BASE + "good_init.mp4", init, TestPackagers.USER1, TestPackagers.PASS1).status()).isEqualTo(201);
        assertThat(put(BASE + "good_0.m4s", segment, TestPackagers.USER1, TestPackagers.PASS1).status()).isEqualTo(201);
    }

    @Test
    void oversizedBodyIs413WithoutReadingIt() throws Exception {
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            h.sendHead("PUT " + BASE + "big.ts HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n");
            RawHttp.Response r = h.read();
            assertThat(r.status()).isIn(401, 413); // refused before any byte of the body was sent
        }
        String path = BASE + "big.ts";
        String challenge;
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            challenge = RawHttp.md5Challenge(h.request("PUT", path, Map.of(), new byte[0]));
        }
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            // authenticated, declared too large: refused from the headers alone
            h.sendHead("PUT " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\nAuthorization: "
                    + RawHttp.digest(challenge, TestPackagers.USER1, TestPackagers.PASS1, "PUT", path, 1) + "\r\n\r\n");
            assertThat(h.read().status()).isEqualTo(413);
        }
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            // authenticated, chunked: refused once the limit is passed, and nothing is stored
            h.sendHead("PUT " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nAuthorization: "
                    + RawHttp.digest(challenge, TestPackagers.USER1, TestPackagers.PASS1, "PUT", path, 2) + "\r\n\r\n");
            byte[] chunk = new byte[16_384];
            RawHttp.Response r = null;
            try {
                for (int i = 0; i < 10; i++) {
                    h.sendBytes(("4000\r\n").getBytes(StandardCharsets.US_ASCII));
                    h.sendBytes(chunk);
                    h.sendBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                h.sendBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.net.SocketException closedEarly) {
                // the server may stop reading as soon as the limit is passed
            }
            r = h.read();
            assertThat(r.status()).isEqualTo(413);
        }
        assertThat(new SegmentVersions(packager.store()).read(new ChannelKey("live", "news"), "in1", "big.ts")).isEmpty();
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            RawHttp.Response r = h.request("GET", BASE + "x.ts", Map.of(), null);
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.header("Allow")).isEqualTo("PUT, DELETE");
        }
        try (RawHttp h = new RawHttp(packager.playbackPort())) {
            RawHttp.Response r = h.request("POST", "/out/v1/live/news/hls/index.m3u8", Map.of(), new byte[0]);
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        }
    }

    @Test
    void playbackAnswersCorsPreflightAnd404sForUnknownThings() throws Exception {
        try (RawHttp h = new RawHttp(packager.playbackPort())) {
            RawHttp.Response r = h.request("OPTIONS", "/out/v1/live/news/hls/index.m3u8",
                    Map.of("Origin", "https://player.example", "Access-Control-Request-Method", "GET"), null);
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(h.request("GET", "/out/v1/live/news/nope/index.m3u8", Map.of(), null).status()).isEqualTo(404);
            assertThat(h.request("GET", "/out/v1/live/news/hls/index_7.m3u8", Map.of(), null).status()).isEqualTo(404);
            assertThat(h.request("GET", "/out/v1/live/news/hls/index_1_5.ts", Map.of(), null).status()).isEqualTo(404);
            assertThat(h.request("GET", "/elsewhere", Map.of(), null).status()).isEqualTo(404);
        }
    }

    @Test
    void ingestPathsAre404OnThePlaybackSocketAndViceVersa() throws Exception {
        try (RawHttp h = new RawHttp(packager.playbackPort())) {
            assertThat(h.request("PUT", BASE + "x.ts", Map.of(), TS).status()).isIn(404, 405);
        }
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            assertThat(h.request("GET", "/metrics", Map.of(), null).status()).isEqualTo(405);
        }
        try (RawHttp h = new RawHttp(packager.adminPort())) {
            assertThat(h.request("GET", "/metrics", Map.of(), null).status()).isEqualTo(200);
            assertThat(h.request("GET", "/health/ready", Map.of(), null).status()).isEqualTo(200);
            assertThat(h.request("GET", "/health/live", Map.of(), null).status()).isEqualTo(200);
        }
    }

    @Test
    void secretsNeverReachTheLogs() throws Exception {
        put(BASE + "wrong.ts", TS, TestPackagers.USER1, "guess-password");
        put(BASE + "right.ts", TS, TestPackagers.USER1, TestPackagers.PASS1);
        synchronized (LOG) {
            assertThat(String.join("\n", LOG)).doesNotContain(TestPackagers.PASS1).doesNotContain("guess-password")
                    .doesNotContain("response=");
        }
    }
}
