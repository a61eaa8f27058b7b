package dev.wharf.packager.e2e;

import dev.wharf.testing.MediaPlaylistView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real player: hls.js 1.7.4 in Debian Chromium (headless, driven by playwright-core from npm; no browser
 * download) plays the CMAF master of a live push whose PTS wraps (33 bits) while it plays, for {@value #PLAY_SECONDS}
 * s. No player error, the playhead advances and video frames are decoded (currentTime alone would pass on audio-only
 * playback); the CMAF tracks are separate (two SourceBuffers fed from two playlists); a third into the run it switches
 * to the other video rendition, which then plays. The same without a PTS wrap is a pair of {@link PlayerMatrixIT}.
 *
 * <p>The npm packages come from {@code src/test/player/package-lock.json}, installed with {@code npm ci} into
 * {@code target/player} on the first run.
 */
class CmafPlayerIT {
    static final int PLAY_SECONDS = 25;
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param tsOffsetSeconds ffmpeg's {@code -output_ts_offset}: 95422 s puts the 33-bit PTS wrap about 20 s into
     *                        the push, while the player plays
     */
    @ParameterizedTest(name = "output_ts_offset={0}")
    @ValueSource(ints = {95422})
    void hlsJsPlaysTheCmafMasterInChromium(int tsOffsetSeconds) throws Exception {
        Path chromium = ExternalTools.require("chromium", "chromium");
        Path node = ExternalTools.require("node", "nodejs");
        Path player = installPlayer();
        try (Packager packager = Packager.start(TestPackagers.config(null, CmafLiveIT.CMAF_ENDPOINT))) {
            String master = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/cmaf/main/index.m3u8";
            Process encoder = CmafLiveIT.startEncoder(packager.ingestPort(), PLAY_SECONDS + 25, tsOffsetSeconds);
            try {
                // hls.js starts 3 target durations behind the live edge: wait for a few segments.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(MediaPlaylistView.parse(CmafLiveIT.get(master.replace("index.m3u8",
                                "index_2_v.m3u8")).body()).uris()).hasSizeGreaterThanOrEqualTo(4));
                Process p = BrowserPlayer.builder(node, chromium, player, "play-hls.js", master,
                        Integer.toString(PLAY_SECONDS)).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(PLAY_SECONDS + 60, TimeUnit.SECONDS)).isTrue();
                System.out.println("player output:\n" + output);
                assertThat(p.exitValue()).as(output).isZero();
                JsonNode result = BrowserPlayer.result(output);
                assertThat(result.get("errors")).as("player errors").isEmpty();
                assertThat(result.get("levels")).hasSize(2);
                assertThat(result.get("audioTracks")).as("the audio rendition group").hasSize(1);
                // Two SourceBuffers, fed from two playlists: the CMAF tracks really are separate.
                assertThat(result.get("sourceBuffers").has("video")).as("video SourceBuffer").isTrue();
                assertThat(result.get("sourceBuffers").has("audio")).as("audio SourceBuffer").isTrue();
                assertThat(result.get("buffered").path("main").asInt()).as("video fragments appended").isGreaterThan(5);
                assertThat(result.get("buffered").path("audio").asInt()).as("audio fragments appended").isGreaterThan(5);
                List<JsonNode> samples = List.copyOf(JSON.convertValue(result.get("samples"),
                        JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class)));
                JsonNode mid = samples.get(samples.size() / 3);
                JsonNode last = samples.get(samples.size() - 1);
                // Over the last two thirds of the run: playing in real time, video frames decoded.
                double played = last.get("currentTime").asDouble() - mid.get("currentTime").asDouble();
                long frames = last.get("totalVideoFrames").asLong() - mid.get("totalVideoFrames").asLong();
                double wall = samples.size() - 1 - samples.size() / 3;
                assertThat(played).as("seconds played in %s s", wall).isGreaterThan(wall * 0.8);
                assertThat(frames).as("video frames decoded in %s s (25 fps)", wall).isGreaterThan((long) (wall * 25 * 0.8));
                assertThat(last.get("paused").asBoolean()).isFalse();
                assertSwitchedRendition(result, samples);
            } finally {
                encoder.destroy();
                encoder.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The player switched video renditions during the run (the page script does it a third into the run, with
     * ABR off) and plays the new one: the decoded picture height is the new rendition's at the end, and frames
     * kept being decoded after the switch.
     */
    static void assertSwitchedRendition(JsonNode result, List<JsonNode> samples) {
        JsonNode sw = result.get("switched");
        assertThat(sw.isNull()).as("the page switched renditions").isFalse();
        int from = sw.get("from").asInt();
        assertThat(from).as("height playing before the switch").isPositive();
        assertThat(sw.get("to").isNull()).as("a rendition of another height").isFalse();
        int to = sw.get("to").asInt();
        assertThat(to).isNotEqualTo(from);
        JsonNode last = samples.get(samples.size() - 1);
        assertThat(last.get("videoHeight").asInt()).as("height playing at the end (switched %s -> %s)", from, to).isEqualTo(to);
        int firstNew = -1;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).get("videoHeight").asInt() == to && firstNew < 0) {
                firstNew = i;
            }
        }
        long framesAfter = last.get("totalVideoFrames").asLong() - sw.get("frames").asLong();
        System.out.println("rendition switch " + from + " -> " + to + ": new height from sample " + firstNew + " of "
                + samples.size() + ", " + framesAfter + " frames decoded after the switch");
        assertThat(framesAfter).as("frames decoded after the switch").isGreaterThan(25L * 5);
    }

    /** {@code npm ci} of src/test/player into target/player, once. */
    static Path installPlayer() throws IOException, InterruptedException {
        Path src = Path.of("src/test/player").toAbsolutePath();
        Path dir = Path.of("target/player").toAbsolutePath();
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", "harness.js", "play-hls.js", "play-dash.js", "matrix.js")) {
            Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        boolean installed = true;
        for (String module : List.of("hls.js", "playwright-core", "dashjs", "shaka-player", "mux.js")) {
            installed &= Files.isDirectory(dir.resolve("node_modules").resolve(module));
        }
        if (!installed) {
            Path npm = ExternalTools.require("npm", "npm");
            Process p = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as("npm ci: %s", out).isZero();
        }
        return dir;
    }
}
