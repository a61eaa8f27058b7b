package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.PackagerConfig;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.testing.RedisServerProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An encoder sends one segment 0.6 s over its 1 s target (the group size computed now would be
 * round(3 / 2) = 2 instead of 3): two packagers on one Redis, one of which renders for the first time after the
 * overrun, serve the same re-segmented playlist, with the URLs and media sequence numbers listed before it.
 */
class GroupSizePinIT {
    static final String ENDPOINT = """
              - metadata: {namespace: live, name: hls3}
                spec:
                  channelName: news
                  hlsPackage: {segmentDurationSeconds: 3, playlistWindowSeconds: 60}
            """;

    @Test
    void twoPackagersKeepTheGroupSizeAfterAnOverrun() throws Exception {
        List<byte[]> segments = ReplayPusher.makeSegments(Files.createTempDirectory("wharf-pin"), 15, 0);
        try (RedisServerProcess redis = new RedisServerProcess()) {
            PackagerConfig config = TestPackagers.config(redis.url(), ENDPOINT);
            try (Packager a = Packager.start(config); Packager b = Packager.start(config);
                 ReplayPusher encoder = new ReplayPusher(a.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                         segments, 1_000_000)) {
                String playlist = "/out/v1/live/news/hls3/index_1.m3u8";
                String outA = "http://127.0.0.1:" + a.playbackPort();
                String outB = "http://127.0.0.1:" + b.playbackPort();
                for (int i = 0; i < 9; i++) {
                    encoder.push(i);
                }
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(uris(CmafLiveIT.get(outA + playlist).body()))
                        .containsExactly("index_1_0_3.ts", "index_1_3_3.ts", "index_1_6_3.ts"));

                encoder.duration(9, 1_600_000);
                for (int i = 9; i < 15; i++) {
                    encoder.push(i);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> a.store().renditionState(FailoverIT.CHANNEL,
                        ChannelTimeline.OUTPUT, FailoverIT.RENDITION).nextSequence() == 15);
                assertThat(a.store().renditionState(FailoverIT.CHANNEL, ChannelTimeline.OUTPUT, FailoverIT.RENDITION)
                        .maxDurationMicros()).isEqualTo(1_600_000);
                String fromB = CmafLiveIT.get(outB + playlist).body(); // B's first render: after the overrun
                String fromA = CmafLiveIT.get(outA + playlist).body();
                assertThat(fromB).isEqualTo(fromA).contains("#EXT-X-MEDIA-SEQUENCE:0\n");
                assertThat(uris(fromB)).containsExactly("index_1_0_3.ts", "index_1_3_3.ts", "index_1_6_3.ts",
                        "index_1_9_3.ts", "index_1_12_3.ts");
                for (String uri : uris(fromB)) {
                    assertThat(CmafLiveIT.getBytes(outB + "/out/v1/live/news/hls3/" + uri).statusCode()).as(uri).isEqualTo(200);
                }
                assertThat(CmafLiveIT.getBytes(outA + "/out/v1/live/news/hls3/index_1_12_2.ts").statusCode()).isEqualTo(404);
            }
        }
    }

    private static List<String> uris(String playlist) {
        List<String> out = new ArrayList<>();
        for (String line : playlist.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(line);
            }
        }
        return out;
    }
}
