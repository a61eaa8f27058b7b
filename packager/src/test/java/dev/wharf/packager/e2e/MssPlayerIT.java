package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real Smooth Streaming player: dash.js 5.2.1 with its MSS module ({@code dash.mss.min.js}) in Debian Chromium
 * (the CmafPlayerIT harness) plays the live Smooth manifest for {@value #PLAY_SECONDS} s: no player error, the
 * playhead advances in real time and video frames are decoded. dash.js never reloads a live Smooth manifest: it
 * extends its chunk list from each fragment's {@code tfrf}, so this also proves the look-ahead works.
 */
class MssPlayerIT {
    static final int PLAY_SECONDS = 25;

    @Test
    void dashJsMssPlaysTheLiveSmoothStreamInChromium() throws Exception {
        Path chromium = ExternalTools.require("chromium", "chromium");
        Path node = ExternalTools.require("node", "nodejs");
        Path player = CmafPlayerIT.installPlayer();
        try (Packager packager = Packager.start(TestPackagers.config(null, MssLiveIT.MSS_ENDPOINT))) {
            String manifest = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/mss/index.ism/Manifest";
            Process encoder = CmafLiveIT.startEncoder(packager.ingestPort(), PLAY_SECONDS + 60);
            try {
                // dash.js starts up to 4 fragments behind the newest listed one (at most half the listed duration).
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                        assertThat(MssLiveIT.chunks(MssLiveIT.stream(DashLiveIT.parse(CmafLiveIT.get(manifest).body())
                                .getDocumentElement(), "video"))).hasSizeGreaterThanOrEqualTo(6));
                ProcessBuilder pb = new ProcessBuilder(node.toString(), player.resolve("play-mss.js").toString(), manifest,
                        Integer.toString(PLAY_SECONDS), "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/time")
                        .directory(player.toFile()).redirectErrorStream(true);
                pb.environment().put("CHROMIUM", chromium.toString());
                Process p = pb.start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(PLAY_SECONDS + 60, TimeUnit.SECONDS)).isTrue();
                System.out.println("dash.js MSS output:\n" + output);
                assertThat(p.exitValue()).as(output).isZero();
                String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
                JsonNode result = CmafPlayerIT.JSON.readTree(line.substring("RESULT ".length()));
                assertThat(result.get("mss").asBoolean()).as("dash.js MSS module loaded").isTrue();
                assertThat(result.get("errors")).as("player errors").isEmpty();
                assertThat(result.get("live").asBoolean()).as("played as live").isTrue();
                assertThat(result.get("tracks")).as("video quality levels").hasSize(2);
                assertThat(result.get("audio")).as("audio quality levels").hasSize(1);
                List<JsonNode> samples = List.copyOf(CmafPlayerIT.JSON.convertValue(result.get("samples"),
                        CmafPlayerIT.JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class)));
                JsonNode mid = samples.get(samples.size() / 3);
                JsonNode last = samples.get(samples.size() - 1);
                double played = last.get("currentTime").asDouble() - mid.get("currentTime").asDouble();
                long frames = last.get("totalVideoFrames").asLong() - mid.get("totalVideoFrames").asLong();
                double wall = samples.size() - 1 - samples.size() / 3;
                System.out.printf("dash.js MSS: %.1f s played, %d frames decoded in %.0f s; fragments loaded %s%n", played,
                        frames, wall, result.get("loaded"));
                assertThat(played).as("seconds played in %s s", wall).isGreaterThan(wall * 0.8);
                assertThat(frames).as("video frames decoded in %s s (25 fps)", wall).isGreaterThan((long) (wall * 25 * 0.8));
                assertThat(last.get("paused").asBoolean()).isFalse();
            } finally {
                encoder.destroy();
                encoder.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
