package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.PackagerConfig;
import dev.wharf.testing.MediaPlaylistView;
import dev.wharf.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deterministic re-segmentation: two packagers on one Redis (the push goes to the first) serve byte-identical
 * re-segmented playlists, I-frame playlists, joined TS segments and joined CMAF fragments, and so does a packager
 * started afterwards (a restart: nothing in its memory). The second packager is asked first, so it cuts and joins
 * on its own.
 */
class HlsResegmentRedisIT {
    static final int SECONDS = 12;

    @Test
    void twoPackagersAndARestartServeTheSameResegmentedOutput() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            PackagerConfig config = TestPackagers.config(redis.url(), HlsResegmentIT.ENDPOINT);
            String path = "/out/v1/live/news/";
            Map<String, byte[]> served;
            try (Packager a = Packager.start(config); Packager b = Packager.start(config)) {
                Process encoder = CmafLiveIT.startEncoder(a.ingestPort(), SECONDS);
                assertThat(encoder.waitFor(SECONDS + 30, TimeUnit.SECONDS)).isTrue();
                String outA = "http://127.0.0.1:" + a.playbackPort() + path;
                String outB = "http://127.0.0.1:" + b.playbackPort() + path;
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(MediaPlaylistView.parse(CmafLiveIT.get(outB + "hls4/index_2.m3u8").body()).endList()).isTrue());
                List<String> urls = urls(outB);
                assertThat(urls).as("playlists, joined segments and fragments").hasSizeGreaterThan(12)
                        .anyMatch(u -> u.matches("hls4/index_1_\\d+_2\\.ts"))
                        .anyMatch(u -> u.matches("cmaf4/seg/news_1_v_\\d+_2\\.mp4"));
                served = ReplicaOutputs.sameOnBoth(outA, outB, urls);
            }
            ReplicaOutputs.sameAfterRestart(config, path, served, HlsResegmentRedisIT::urls);
        }
    }

    /** The playlists of the re-segmenting endpoints and every segment they name, relative to {@code out}. */
    private static List<String> urls(String out) throws Exception {
        List<String> all = new ArrayList<>();
        for (String playlist : List.of("hls4/index.m3u8", "hls4/index_1.m3u8", "hls4/index_2.m3u8", "hls4/index_1_iframes.m3u8",
                "cmaf4/main/index_1_v.m3u8", "cmaf4/main/index_1_a.m3u8")) {
            if (!all.contains(playlist)) {
                all.add(playlist);
            }
            String folder = playlist.substring(0, playlist.lastIndexOf('/') + 1);
            for (String line : CmafLiveIT.get(out + playlist).body().split("\n")) {
                String uri = line.startsWith("#EXT-X-MAP:URI=\"") ? line.substring(16, line.length() - 1)
                        : !line.isEmpty() && !line.startsWith("#") ? line : null;
                String rel = uri == null ? null : java.net.URI.create(folder).resolve(uri).toString();
                if (rel != null && !all.contains(rel)) {
                    all.add(rel);
                }
            }
        }
        return all;
    }
}
