package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.testing.FreePorts;
import dev.wharf.testing.NginxProcess;
import dev.wharf.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two packager processes sharing one Redis behind a real load balancer (nginx, round robin for
 * ingest and playback): ingest requests of one channel land on both replicas, and both always serve
 * the same playlists, before and after a failover.
 */
class RedundancyTwoReplicasIT {

    @Test
    void bothReplicasServeTheSameTimelineThroughAFailover() throws Exception {
        Path dir = Files.createTempDirectory("wharf-two");
        List<byte[]> segments = ReplayPusher.makeSegments(dir, 16, 0);
        try (RedisServerProcess redis = new RedisServerProcess();
             Packager a = Packager.start(TestPackagers.config(redis.url(), null));
             Packager b = Packager.start(TestPackagers.config(redis.url(), null))) {
            int ingest = FreePorts.next();
            int playback = FreePorts.next();
            try (NginxProcess lb = new NginxProcess(List.of(
                         new NginxProcess.Balance(ingest, List.of(a.ingestPort(), b.ingestPort())),
                         new NginxProcess.Balance(playback, List.of(a.playbackPort(), b.playbackPort()))));
                 ReplayPusher p1 = new ReplayPusher(ingest, "in1", TestPackagers.USER1, TestPackagers.PASS1, segments, 1_000_000);
                 ReplayPusher p2 = new ReplayPusher(ingest, "in2", TestPackagers.USER2, TestPackagers.PASS2, segments, 1_000_000)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 14; i++) {
                    FailoverIT.pace(t0, i, i + 1, i < 7 ? new ReplayPusher[] {p1, p2} : new ReplayPusher[] {p2});
                    if (i >= 2) {
                        assertSamePlaylists(a, b);
                    }
                }
                p1.end();
                p2.end();
                assertSamePlaylists(a, b);
                List<TimelineEntry> out = a.store().entries(FailoverIT.CHANNEL, ChannelTimeline.OUTPUT, FailoverIT.RENDITION, 0, 100);
                assertThat(out).extracting(TimelineEntry::sequence).containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, 14).boxed().toList());
                assertThat(out).noneMatch(TimelineEntry::discontinuity);
                assertThat(out.get(out.size() - 1).source()).isEqualTo("in2");

                // ingest really was spread over both replicas
                for (Packager p : List.of(a, b)) {
                    String metrics = IngestBadInputIT.get("http://127.0.0.1:" + p.adminPort() + "/metrics");
                    assertThat(metrics).contains("wharf_ingress_request_count_total{channel=\"news\",ingest_endpoint=\"in2\",status_code_range=\"2xx\"}");
                }
                // a player behind the balancer decodes the whole output
                String master = IngestBadInputIT.get("http://127.0.0.1:" + playback + "/out/v1/live/news/hls/index_1.m3u8");
                assertThat(master).contains("#EXT-X-ENDLIST");
            }
        }
    }

    static void assertSamePlaylists(Packager a, Packager b) {
        String path = "/out/v1/live/news/hls/index_1.m3u8";
        // a replica hears of the other's write through Redis pub/sub: allow that moment, no more
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            String fromA = IngestBadInputIT.get("http://127.0.0.1:" + a.playbackPort() + path);
            String fromB = IngestBadInputIT.get("http://127.0.0.1:" + b.playbackPort() + path);
            assertThat(fromA).startsWith("#EXTM3U").isEqualTo(fromB);
        });
    }
}
