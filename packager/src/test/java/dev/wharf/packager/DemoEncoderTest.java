package dev.wharf.packager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.packager.config.PackagerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The playback URLs the demo prints: the manifest a player opens, per output format. */
class DemoEncoderTest {
    @Test
    void theDemoPrintsOneManifestPerFormat() {
        PackagerConfig c = ConfigLoader.load(Path.of("..", "examples", "demo.yaml"));
        assertThat(c.originEndpoints).extracting(e -> DemoEncoder.manifests(e.spec)).containsExactly(
                List.of("index.m3u8"), List.of("main/index.m3u8"), List.of("index.mpd"), List.of("index.ism/Manifest"));
    }
}
