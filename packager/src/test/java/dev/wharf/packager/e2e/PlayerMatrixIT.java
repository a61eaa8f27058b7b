package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.MediaPlaylistView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The player matrix: one live push (ffmpeg, 480x270 and 320x180 at 25 fps, 2 s segments) into one packager with HLS
 * (MPEG-TS pass-through), CMAF, DASH and Smooth endpoints, played at once by every player x format pair in one
 * Debian Chromium (one page each, {@code matrix.js}): hls.js x HLS-TS, hls.js x CMAF, shaka-player x HLS-TS (through
 * mux.js), shaka-player x CMAF, dash.js x DASH, shaka-player x DASH, dash.js with its MSS module x Smooth, and
 * dash.js x DASH with MediaPackage's default MPD timing.
 *
 * <p>Each page plays {@value #PLAY_SECONDS} s from its startup (its first {@code playing} event) and switches to the
 * other video rendition (ABR off) {@value #SWITCH_AT} s into it. Per pair: no player error, played live, both video
 * renditions listed, no stall (no {@code waiting} event, no {@code readyState} below 3 in the 250 ms probes, no 3 s
 * window in which {@code currentTime} advanced less than 0.9x the wall time or fewer than 12.5 video frames a second
 * were decoded: docs/players.md), at least
 * {@value #MIN_PLAYED} s of media played, frames decoded at the stream's rate, and the picture the decoder shows
 * after the switch has the new rendition's height, with frames decoded in it.
 */
class PlayerMatrixIT {
    static final int PLAY_SECONDS = 30;
    static final int SWITCH_AT = 10;
    static final double MIN_PLAYED = 28;
    static final int PUSH_SECONDS = 75;
    static final int DEFAULTS_AFTER = 16;
    /**
     * DASH with a 6 s suggestedPresentationDelay (MediaPackage's 25 s would need a 28 s window before starting) and so
     * a 2 s minimumUpdatePeriod: a player that plays 6 s behind the newest segment it knows of runs out of segments
     * when it refreshes the MPD only every 15 s (the default), and stalls (docs/players.md). MediaPackage's defaults
     * (25 s, 15 s) are played by dash.js on "dash-defaults", opened {@value #DEFAULTS_AFTER} s after the others, once
     * the MPD holds 14 segments (28 s). "dash-compact" and "dash-defaults" write {@code manifestLayout: COMPACT}.
     */
    static final String ENDPOINTS = CmafLiveIT.CMAF_ENDPOINT + MssLiveIT.MSS_ENDPOINT + """
              - metadata: {namespace: live, name: dash}
                spec:
                  channelName: news
                  dashPackage: {suggestedPresentationDelaySeconds: 6, minUpdatePeriodSeconds: 2}
              - metadata: {namespace: live, name: dash-compact}
                spec:
                  channelName: news
                  dashPackage: {suggestedPresentationDelaySeconds: 6, minUpdatePeriodSeconds: 2, manifestLayout: COMPACT}
              - metadata: {namespace: live, name: dash-defaults}
                spec:
                  channelName: news
                  dashPackage: {manifestLayout: COMPACT}
            """;

    @Test
    void everyPlayerPlaysEveryFormatItSupportsAndSwitchesRenditions() throws Exception {
        Path chromium = ExternalTools.require("chromium", "chromium");
        Path node = ExternalTools.require("node", "nodejs");
        Path player = CmafPlayerIT.installPlayer();
        try (Packager packager = Packager.start(TestPackagers.config(null, ENDPOINTS))) {
            String base = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/";
            String out = base + "live/news/";
            Map<String, String[]> pairs = new LinkedHashMap<>();
            pairs.put("hlsjs-hls-ts", new String[] {"hlsjs", out + "hls/index.m3u8"});
            pairs.put("hlsjs-cmaf", new String[] {"hlsjs", out + "cmaf/main/index.m3u8"});
            pairs.put("shaka-hls-ts", new String[] {"shaka", out + "hls/index.m3u8"});
            pairs.put("shaka-cmaf", new String[] {"shaka", out + "cmaf/main/index.m3u8"});
            pairs.put("dashjs-dash", new String[] {"dashjs", out + "dash/index.mpd"});
            // shaka on the COMPACT layout (one SegmentTemplate per AdaptationSet), dash.js on both
            pairs.put("shaka-dash-compact", new String[] {"shaka", out + "dash-compact/index.mpd"});
            pairs.put("dashjs-mss", new String[] {"dashjs-mss", out + "mss/index.ism/Manifest"});
            pairs.put("dashjs-dash-defaults", new String[] {"dashjs", out + "dash-defaults/index.mpd"});
            ObjectNode config = CmafPlayerIT.JSON.createObjectNode().put("seconds", PLAY_SECONDS).put("switchAt", SWITCH_AT).put("fps", 25)
                    .put("startupTimeout", 30).put("timeUrl", base + "time");
            ArrayNode list = config.putArray("pairs");
            pairs.forEach((name, p) -> list.addObject().put("name", name).put("player", p[0]).put("url", p[1])
                    .put("startAfter", name.endsWith("-defaults") ? DEFAULTS_AFTER : 0));
            Path configFile = Files.createTempFile("player-matrix", ".json");
            Files.writeString(configFile, config.toString());
            Path outputFile = Files.createTempFile("player-matrix", ".out");

            Process encoder = CmafLiveIT.startEncoder(packager.ingestPort(), PUSH_SECONDS);
            try {
                // The slowest to start is dash.js MSS: up to 4 fragments behind the newest listed one, at most half the
                // listed duration; 6 chunks cover every player's live delay (hls.js: 3 segments, DASH: 6 s).
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(MssLiveIT.chunks(MssLiveIT.stream(DashLiveIT.parse(CmafLiveIT.get(out + "mss/index.ism/Manifest")
                            .body()).getDocumentElement(), "video"))).hasSizeGreaterThanOrEqualTo(6);
                    assertThat(MediaPlaylistView.parse(CmafLiveIT.get(out + "hls/index_1.m3u8").body()).uris())
                            .hasSizeGreaterThanOrEqualTo(4);
                });
                Process p = BrowserPlayer.builder(node, chromium, player, "matrix.js", configFile.toString())
                        .redirectOutput(outputFile.toFile()).start();
                boolean ended = p.waitFor(DEFAULTS_AFTER + PLAY_SECONDS + 60, TimeUnit.SECONDS);
                if (!ended) {
                    p.destroyForcibly();
                }
                String output = Files.readString(outputFile);
                assertThat(ended).as("the matrix ended in time: %s", output).isTrue();
                System.out.println("player matrix output:\n" + output);
                assertThat(p.exitValue()).as(output).isZero();
                JsonNode result = BrowserPlayer.result(output);
                System.out.println(table(result));
                SoftAssertions soft = new SoftAssertions();
                for (String name : pairs.keySet()) {
                    assertPair(soft, name, result.get(name));
                }
                soft.assertAll();
            } finally {
                encoder.destroy();
                encoder.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(configFile);
                Files.deleteIfExists(outputFile);
            }
        }
    }

    private static void assertPair(SoftAssertions soft, String name, JsonNode r) {
        soft.assertThat(r.has("failed")).as("%s: the page ran: %s", name, r.path("failed").asText()).isFalse();
        soft.assertThat(r.path("startupFailed").asBoolean()).as("%s: started within 30 s (errors %s)", name, r.get("errors")).isFalse();
        if (r.has("failed") || r.path("startupFailed").asBoolean()) {
            return;
        }
        soft.assertThat(r.get("errors")).as("%s: player errors", name).isEmpty();
        soft.assertThat(r.get("live").asBoolean()).as("%s: played as live", name).isTrue();
        soft.assertThat(r.get("tracks")).as("%s: video renditions", name).hasSize(2);
        if (r.get("player").asText().equals("dashjs-mss")) {
            soft.assertThat(r.get("mss").asBoolean()).as("%s: dash.js MSS module loaded", name).isTrue();
        }
        JsonNode stalls = r.get("stalls");
        soft.assertThat(stalls.get("count").asInt()).as("%s: stalls %s", name, stalls).isZero();
        soft.assertThat(stalls.get("probes").asInt()).as("%s: 250 ms probes in %s s", name, PLAY_SECONDS)
                .isGreaterThan(PLAY_SECONDS * 3);
        soft.assertThat(r.get("runSeconds").asDouble()).as("%s: wall seconds of the run", name).isGreaterThanOrEqualTo(PLAY_SECONDS - 0.5);
        soft.assertThat(r.get("played").asDouble()).as("%s: media seconds played", name).isGreaterThanOrEqualTo(MIN_PLAYED);
        soft.assertThat(r.get("frames").asLong()).as("%s: video frames decoded (25 fps)", name)
                .isGreaterThanOrEqualTo((long) (MIN_PLAYED * 25 * 0.9));
        soft.assertThat(r.get("paused").asBoolean()).as("%s: playing at the end", name).isFalse();
        JsonNode sw = r.get("switched");
        soft.assertThat(sw == null || sw.isNull()).as("%s: switched renditions", name).isFalse();
        if (sw == null || sw.isNull()) {
            return;
        }
        soft.assertThat(sw.get("ok").asBoolean()).as("%s: the other rendition was found (%s)", name, sw).isTrue();
        soft.assertThat(sw.get("to").asInt()).as("%s: to another height", name).isNotEqualTo(sw.get("from").asInt());
        soft.assertThat(r.get("finalHeight").asInt()).as("%s: height shown at the end (%s)", name, sw).isEqualTo(sw.get("to").asInt());
        soft.assertThat(sw.get("latencyMs").isNull()).as("%s: the new height was shown after the switch", name).isFalse();
        soft.assertThat(sw.get("framesAfter").asLong()).as("%s: frames decoded after the switch", name)
                .isGreaterThan(25L * (PLAY_SECONDS - SWITCH_AT - 5));
    }

    /** One line per pair: what docs/players.md reports. */
    static String table(JsonNode result) {
        List<String> rows = new ArrayList<>();
        rows.add("| pair | startup ms | played s | frames | dropped | stalls | min 3 s rate | switch | switch latency ms |");
        result.fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            JsonNode sw = r.path("switched");
            rows.add("| %s | %s | %s | %s | %s | %s | %s | %s -> %s | %s |".formatted(e.getKey(), r.path("startupMs").asText(),
                    r.path("played").asText(), r.path("frames").asText(), r.path("dropped").asText(),
                    r.path("stalls").path("count").asText(), r.path("stalls").path("minRate3s").asText(),
                    sw.path("from").asText(), sw.path("to").asText(), sw.path("latencyMs").asText()));
        });
        return String.join("\n", rows);
    }
}
