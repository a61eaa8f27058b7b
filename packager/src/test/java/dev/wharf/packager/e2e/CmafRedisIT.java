package dev.wharf.packager.e2e;

import dev.wharf.testing.MediaPlaylistView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.PackagerConfig;
import dev.wharf.testing.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deterministic CMAF output: two packagers on one Redis (the push goes to the first) serve byte-identical
 * playlists, init segments and fragments, and so does a packager started afterwards (a restart: nothing
 * in its memory).
 */
class CmafRedisIT {
    static final int SECONDS = 12;

    @Test
    void twoPackagersAndARestartServeTheSameBytes() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            PackagerConfig config = TestPackagers.config(redis.url(), CmafLiveIT.CMAF_ENDPOINT);
            String path = "/out/v1/live/news/cmaf/main/";
            Map<String, byte[]> served;
            try (Packager a = Packager.start(config); Packager b = Packager.start(config)) {
                Process encoder = CmafLiveIT.startEncoder(a.ingestPort(), SECONDS);
                assertThat(encoder.waitFor(SECONDS + 30, TimeUnit.SECONDS)).isTrue();
                String outA = "http://127.0.0.1:" + a.playbackPort() + path;
                String outB = "http://127.0.0.1:" + b.playbackPort() + path;
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(MediaPlaylistView.parse(CmafLiveIT.get(outB + "index_2_v.m3u8").body()).endList()).isTrue());
                List<String> urls = urls(outA);
                assertThat(urls).hasSizeGreaterThan(20);
                served = ReplicaOutputs.sameOnBoth(outA, outB, urls);
            }
            ReplicaOutputs.sameAfterRestart(config, path, served, CmafRedisIT::urls);
        }
    }

    /** The master, every media playlist, and every init and fragment they name, relative to the manifest folder. */
    private static List<String> urls(String out) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("index.m3u8"));
        for (String media : List.of("index_1_v.m3u8", "index_2_v.m3u8", "index_1_a.m3u8")) {
            all.add(media);
            String text = CmafLiveIT.get(out + media).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("#EXT-X-MAP:URI=\"")) {
                    all.add(line.substring(16, line.length() - 1));
                } else if (!line.isEmpty() && !line.startsWith("#")) {
                    all.add(line);
                }
            }
        }
        return all;
    }
}
