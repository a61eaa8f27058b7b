package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.PackagerConfig;
import dev.wharf.testing.RedisServerProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Deterministic Smooth output: while live, a fragment named by one packager's manifest is served by a second
 * packager on the same Redis (its bitrates are the pinned ones); at the end both serve byte-identical manifests and
 * fragments, and so does a packager started afterwards (a restart: nothing in its memory).
 */
class MssRedisIT {
    static final int SECONDS = 12;

    @Test
    void twoPackagersAndARestartServeTheSameSmoothBytes() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            PackagerConfig config = TestPackagers.config(redis.url(), MssLiveIT.MSS_ENDPOINT);
            String path = "/out/v1/live/news/mss/index.ism/";
            Map<String, byte[]> served;
            try (Packager a = Packager.start(config); Packager b = Packager.start(config)) {
                String outA = "http://127.0.0.1:" + a.playbackPort() + path;
                String outB = "http://127.0.0.1:" + b.playbackPort() + path;
                Process encoder = CmafLiveIT.startEncoder(a.ingestPort(), SECONDS);
                // While live: A's manifest, B's fragment.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                        assertThat(MssLiveIT.chunks(MssLiveIT.stream(manifest(outA), "video"))).hasSizeGreaterThanOrEqualTo(3));
                Element live = manifest(outA);
                for (String type : List.of("video", "audio")) {
                    Element s = MssLiveIT.stream(live, type);
                    String rel = fragment(s, MssLiveIT.bitrates(s).getLast(), MssLiveIT.chunks(s).getFirst()[0]);
                    HttpResponse<byte[]> fromB = CmafLiveIT.getBytes(outB + rel);
                    assertThat(fromB.statusCode()).as("%s, named by A, from B", rel).isEqualTo(200);
                    assertThat(fromB.body()).isEqualTo(CmafLiveIT.getBytes(outA + rel).body());
                }
                assertThat(encoder.waitFor(SECONDS + 30, TimeUnit.SECONDS)).isTrue();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(manifest(outB).hasAttribute("IsLive")).isFalse());
                List<String> urls = urls(outA);
                assertThat(urls).hasSizeGreaterThan(15);
                served = ReplicaOutputs.sameOnBoth(outA, outB, urls);
            }
            try (Packager restarted = Packager.start(config)) {
                String out = "http://127.0.0.1:" + restarted.playbackPort() + path;
                // a fragment before the manifest: the restarted packager resolves it without a render of its own
                Map.Entry<String, byte[]> firstFragment = served.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("QualityLevels")).findFirst().orElseThrow();
                assertThat(CmafLiveIT.getBytes(out + firstFragment.getKey()).body()).isEqualTo(firstFragment.getValue());
                ReplicaOutputs.sameAfterRestart(out, served, MssRedisIT::urls);
            }
        }
    }

    static Element manifest(String out) throws Exception {
        return DashLiveIT.parse(CmafLiveIT.get(out + "Manifest").body()).getDocumentElement();
    }

    static String fragment(Element stream, long bitrate, long time) {
        return stream.getAttribute("Url").replace("{bitrate}", Long.toString(bitrate))
                .replace("{start time}", Long.toString(time));
    }

    /** The manifest and every fragment of every quality level it lists, relative to the .ism folder. */
    private static List<String> urls(String out) throws Exception {
        List<String> all = new ArrayList<>(List.of("Manifest"));
        Element root = manifest(out);
        for (String type : List.of("video", "audio")) {
            Element s = MssLiveIT.stream(root, type);
            for (long bitrate : MssLiveIT.bitrates(s)) {
                for (long[] c : MssLiveIT.chunks(s)) {
                    all.add(fragment(s, bitrate, c[0]));
                }
            }
        }
        return all;
    }
}
