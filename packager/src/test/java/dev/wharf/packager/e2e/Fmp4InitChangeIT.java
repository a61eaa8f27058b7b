package dev.wharf.packager.e2e;

import static dev.wharf.packager.e2e.CmafLiveIT.get;
import static dev.wharf.packager.e2e.CmafLiveIT.getBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.demux.mp4.Fmp4Demuxer;
import dev.wharf.packager.demux.mp4.Fmp4InitParser;
import dev.wharf.testing.MediaPlaylistView;
import dev.wharf.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An fMP4 source whose init segment changes mid-stream: a new {@code EXT-X-MAP} (H.264 + AAC, then HEVC), and an
 * encoder that re-PUTs an init under the name it used before. Each change is a discontinuity with its own init on
 * the HLS (passed through) and CMAF (remuxed) endpoints, the older segments keep the init they were encoded
 * with, and the master's codecs follow the new init. Files are the ffmpeg fixtures of media/fmp4, PUT with Digest
 * auth as an encoder does; on Redis, a second packager that received nothing serves the same.
 */
class Fmp4InitChangeIT {
    static final String BASE = "/in/v2/live/news/in1/";

    @Test
    void aNewInitIsADiscontinuityWithItsOwnInit() throws Exception {
        try (Packager packager = Packager.start(TestPackagers.config(null, CmafLiveIT.CMAF_ENDPOINT))) {
            check(packager, packager);
        }
    }

    /** On Redis, a second packager that received nothing serves the same from the store alone. */
    @Test
    void onRedisAnotherPackagerServesIt() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            var config = TestPackagers.config(redis.url(), CmafLiveIT.CMAF_ENDPOINT);
            try (Packager a = Packager.start(config); Packager b = Packager.start(config)) {
                check(a, b);
            }
        }
    }

    private static void check(Packager packager, Packager reader) throws Exception {
        byte[] h264Init = IngestBadInputIT.resource("/media/fmp4/h264_aac_init.mp4");
        byte[] hevcInit = IngestBadInputIT.resource("/media/fmp4/hevc_init.mp4");
        {
            String out = "http://127.0.0.1:" + reader.playbackPort() + "/out/v1/live/news/";
            put(packager, "a_init.mp4", h264Init);
            put(packager, "s0.m4s", IngestBadInputIT.resource("/media/fmp4/h264_aac_0.m4s"));
            put(packager, "s1.m4s", IngestBadInputIT.resource("/media/fmp4/h264_aac_1.m4s"));
            put(packager, "v.m3u8", playlist("#EXT-X-MAP:URI=\"a_init.mp4\"\n#EXTINF:2.0,\ns0.m4s\n#EXTINF:2.0,\ns1.m4s\n"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(get(out + "cmaf/main/index.m3u8").body()).contains("CODECS=\"avc1.4d400c,mp4a.40.2\""));

            // a new EXT-X-MAP: HEVC from now on
            put(packager, "b_init.mp4", hevcInit);
            put(packager, "s2.m4s", IngestBadInputIT.resource("/media/fmp4/hevc_0.m4s"));
            put(packager, "v.m3u8", playlist("#EXT-X-MAP:URI=\"a_init.mp4\"\n#EXTINF:2.0,\ns0.m4s\n#EXTINF:2.0,\ns1.m4s\n"
                    + "#EXT-X-MAP:URI=\"b_init.mp4\"\n#EXTINF:2.0,\ns2.m4s\n"));
            // the encoder restarts and writes its new init under the old name
            put(packager, "a_init.mp4", hevcInit);
            put(packager, "s3.m4s", IngestBadInputIT.resource("/media/fmp4/hevc_0.m4s"));
            put(packager, "v.m3u8", playlist("#EXT-X-MAP:URI=\"b_init.mp4\"\n#EXTINF:2.0,\ns2.m4s\n"
                    + "#EXT-X-MAP:URI=\"a_init.mp4\"\n#EXTINF:2.0,\ns3.m4s\n", 2));

            String media = get(out + "hls/index_1.m3u8").body();
            System.out.println(media);
            assertThat(media).contains("#EXT-X-VERSION:7\n");
            assertThat(media.lines().filter(l -> l.startsWith("#EXT-X-MAP:")).toList()).containsExactly(
                    "#EXT-X-MAP:URI=\"index_1_init_0.mp4\"", "#EXT-X-MAP:URI=\"index_1_init_1.mp4\"",
                    "#EXT-X-MAP:URI=\"index_1_init_2.mp4\"");
            assertThat(media.lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count()).isEqualTo(2);
            assertThat(MediaPlaylistView.parse(media).uris()).containsExactly("index_1_0.m4s", "index_1_1.m4s",
                    "index_1_2.m4s", "index_1_3.m4s");
            // each run is served the init it was encoded with, although a_init.mp4 now holds other bytes
            assertThat(getBytes(out + "hls/index_1_init_0.mp4").body()).isEqualTo(h264Init);
            assertThat(getBytes(out + "hls/index_1_init_1.mp4").body()).isEqualTo(hevcInit);
            assertThat(getBytes(out + "hls/index_1_init_2.mp4").body()).isEqualTo(hevcInit);
            assertThat(getBytes(out + "hls/index_1_0.m4s").body())
                    .isEqualTo(IngestBadInputIT.resource("/media/fmp4/h264_aac_0.m4s"));

            // CMAF: one remuxed init per discontinuity sequence, fragments readable with it
            var cmafInit0 = Fmp4InitParser.parse(getBytes(out + "cmaf/seg/news_1_v_init_0.mp4").body());
            var cmafInit1 = Fmp4InitParser.parse(getBytes(out + "cmaf/seg/news_1_v_init_1.mp4").body());
            assertThat(cmafInit0.formats().getFirst().codec()).isEqualTo("avc1.4d400c");
            assertThat(cmafInit1.formats().getFirst().codec()).startsWith("hvc1.1.6.L");
            assertThat(cmafInit1.formats().getFirst().width()).isEqualTo(256);
            byte[] hevcFragment = getBytes(out + "cmaf/seg/news_1_v_2.mp4").body();
            assertThat(Fmp4Demuxer.demux(cmafInit1, hevcFragment).samples(1)).hasSize(50);
            assertThat(get(out + "cmaf/seg/news_1_a_2.mp4").statusCode()).as("the HEVC run has no audio").isEqualTo(404);
            String cmafMedia = get(out + "cmaf/main/index_1_v.m3u8").body();
            assertThat(cmafMedia).contains("#EXT-X-MAP:URI=\"../seg/news_1_v_init_2.mp4\"");
            // the master follows the newest init
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(get(out + "hls/index.m3u8").body()).contains("CODECS=\"hvc1.1.6.L"));
        }
    }

    private static byte[] playlist(String body) {
        return playlist(body, 0);
    }

    static byte[] playlist(String body, int mediaSequence) {
        return ("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:" + mediaSequence + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    static void put(Packager packager, String file, byte[] body) throws Exception {
        String path = BASE + file;
        String challenge;
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            challenge = RawHttp.md5Challenge(h.request("PUT", path, Map.of(), new byte[0]));
        }
        String auth = RawHttp.digest(challenge, TestPackagers.USER1, TestPackagers.PASS1, "PUT", path, 1);
        try (RawHttp h = new RawHttp(packager.ingestPort())) {
            RawHttp.Response r = h.request("PUT", path, Map.of("Authorization", auth), body);
            assertThat(r.status()).as("PUT %s: %s", file, r.text()).isIn(201, 204);
        }
    }
}
