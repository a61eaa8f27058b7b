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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real DASH players: dash.js 5.2.1 and shaka-player 5.2.12 in Debian Chromium (the CmafPlayerIT harness) play
 * the MPD of a live push with MediaPackage's default DASH settings (suggestedPresentationDelay 25 s,
 * minimumUpdatePeriod 15 s, UTCTiming from the packager's own clock) for {@value #PLAY_SECONDS} s: no player
 * error, the playhead advances in real time and video frames are decoded; a third into the run the player turns
 * ABR off and switches to the other video Representation, which then plays.
 */
class DashPlayerIT {
    static final int PLAY_SECONDS = 25;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dashjs", "shaka"})
    void aDashPlayerPlaysTheLiveMpdInChromium(String which) throws Exception {
        Path chromium = ExternalTools.require("chromium", "chromium");
        Path node = ExternalTools.require("node", "nodejs");
        Path player = CmafPlayerIT.installPlayer();
        try (Packager packager = Packager.start(TestPackagers.config(null, DashLiveIT.DASH_ENDPOINTS))) {
            String mpd = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/dash/index.mpd";
            Process encoder = CmafLiveIT.startEncoder(packager.ingestPort(), PLAY_SECONDS + 60);
            try {
                // The players start suggestedPresentationDelay (25 s) behind the live edge: let the window hold it.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                        assertThat(DashLiveIT.segments(DashLiveIT.firstTemplate(DashLiveIT.parse(CmafLiveIT.get(mpd).body())
                                .getDocumentElement(), "v1"))).hasSizeGreaterThanOrEqualTo(14));
                ProcessBuilder pb = new ProcessBuilder(node.toString(), player.resolve("play-dash.js").toString(), which, mpd,
                        Integer.toString(PLAY_SECONDS)).directory(player.toFile()).redirectErrorStream(true);
                pb.environment().put("CHROMIUM", chromium.toString());
                Process p = pb.start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(PLAY_SECONDS + 60, TimeUnit.SECONDS)).isTrue();
                System.out.println(which + " output:\n" + output);
                assertThat(p.exitValue()).as(output).isZero();
                String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
                JsonNode result = CmafPlayerIT.JSON.readTree(line.substring("RESULT ".length()));
                assertThat(result.get("errors")).as("player errors").isEmpty();
                assertThat(result.get("live").asBoolean()).as("played as live").isTrue();
                assertThat(result.get("tracks")).as("video representations").hasSize(which.equals("dashjs") ? 2 : 2);
                List<JsonNode> samples = List.copyOf(CmafPlayerIT.JSON.convertValue(result.get("samples"),
                        CmafPlayerIT.JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class)));
                JsonNode mid = samples.get(samples.size() / 3);
                JsonNode last = samples.get(samples.size() - 1);
                double played = last.get("currentTime").asDouble() - mid.get("currentTime").asDouble();
                long frames = last.get("totalVideoFrames").asLong() - mid.get("totalVideoFrames").asLong();
                double wall = samples.size() - 1 - samples.size() / 3;
                assertThat(played).as("seconds played in %s s", wall).isGreaterThan(wall * 0.8);
                assertThat(frames).as("video frames decoded in %s s (25 fps)", wall).isGreaterThan((long) (wall * 25 * 0.8));
                assertThat(last.get("paused").asBoolean()).isFalse();
                CmafPlayerIT.assertSwitchedRendition(result, samples);
            } finally {
                encoder.destroy();
                encoder.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
