package dev.wharf.packager.e2e;

import static dev.wharf.packager.e2e.CmafLiveIT.get;
import static dev.wharf.packager.e2e.CmafLiveIT.getBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.packager.Packager;
import dev.wharf.packager.config.PackagerConfig;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.RedisServerProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * DASH on Redis. Two packagers sharing one redis-server (the encoder pushes to the first) serve identical live
 * MPDs and identical segment bytes, and so does the second after a restart in the middle of the push. And an
 * encoder restart (killed, then a new push whose timestamps jump by 1000 s and whose segment files reuse the old
 * run's names) gives the live MPD a new Period that
 * starts where the new run starts on the wall clock, while the old Period stays until it leaves the window; a
 * real player (dash.js in Chromium) plays across the Period boundary.
 */
class DashRedisIT {
    static final int SECONDS = 14;
    /** A fixed UTCTiming URI: by default it names the host the request came to, which differs between replicas. */
    static final String ENDPOINTS = """
              - metadata: {namespace: live, name: dash}
                spec:
                  channelName: news
                  dashPackage: {utcTimingUri: "http://time.example/iso"}
              - metadata: {namespace: live, name: dash-time}
                spec:
                  channelName: news
                  manifestName: time
                  dashPackage: {segmentTemplateFormat: TIME_WITH_TIMELINE, utcTimingUri: "http://time.example/iso"}
              - metadata: {namespace: live, name: dash4}
                spec:
                  channelName: news
                  dashPackage: {segmentDurationSeconds: 4, utcTimingUri: "http://time.example/iso"}
            """;
    static final String LAST_SEQUENCE = "X-MediaPackage-Manifest-Last-Sequence";
    static final String LAST_UPDATED = "X-MediaPackage-Manifest-Last-Updated";

    @Test
    void twoPackagersAndARestartedOneServeIdenticalMpdsAndSegments() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            PackagerConfig config = TestPackagers.config(redis.url(), ENDPOINTS);
            // dash4: re-segmented (2 s input, 4 s DASH segments): the joined fragments are a function of Redis too
            List<String> mpds = List.of("dash/index.mpd", "dash-time/time.mpd", "dash4/index.mpd");
            try (Packager a = Packager.start(config)) {
                Packager b = Packager.start(config);
                try {
                    String outA = "http://127.0.0.1:" + a.playbackPort() + "/out/v1/live/news/";
                    Process encoder = CmafLiveIT.startEncoder(a.ingestPort(), SECONDS);
                    int identical = 0;
                    boolean restarted = false;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS + 30);
                    while (encoder.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(700);
                        if (!restarted && identical >= 2) {
                            // B restarts in the middle of the push: a new process with nothing in memory.
                            b.close();
                            b = Packager.start(config);
                            restarted = true;
                        }
                        String outB = "http://127.0.0.1:" + b.playbackPort() + "/out/v1/live/news/";
                        for (String mpd : mpds) {
                            HttpResponse<String> fromB = get(outB + mpd);
                            HttpResponse<String> fromA = get(outA + mpd);
                            if (fromA.statusCode() != 200 || fromB.statusCode() != 200 || fromA.body().contains("type=\"static\"")
                                    || !fromA.headers().firstValue(LAST_SEQUENCE).equals(fromB.headers().firstValue(LAST_SEQUENCE))
                                    || !fromA.headers().firstValue(LAST_UPDATED).equals(fromB.headers().firstValue(LAST_UPDATED))) {
                                continue; // nothing yet, or a segment (of any rendition) arrived between the two requests
                            }
                            assertThat(fromB.body()).as("live %s from the %s packager", mpd, restarted ? "restarted" : "second")
                                    .isEqualTo(fromA.body());
                            if (mpd.equals(mpds.getFirst())) {
                                identical++;
                            }
                        }
                    }
                    assertThat(encoder.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(restarted).as("B restarted while live").isTrue();
                    assertThat(identical).as("identical live MPD pairs").isGreaterThanOrEqualTo(4);

                    String outB = "http://127.0.0.1:" + b.playbackPort() + "/out/v1/live/news/";
                    for (String mpd : mpds) {
                        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                                assertThat(get(outB + mpd).body()).contains("type=\"static\""));
                        String text = get(outB + mpd).body();
                        assertThat(get(outA + mpd).body()).as("ended %s", mpd).isEqualTo(text);
                        List<String> urls = segmentUrls(DashLiveIT.parse(text).getDocumentElement());
                        int perTrack = mpd.startsWith("dash4/") ? SECONDS / 4 : SECONDS / 2;
                        assertThat(urls).as("init and media segments of %s", mpd).hasSizeGreaterThan(3 * perTrack);
                        String folder = mpd.substring(0, mpd.indexOf('/') + 1);
                        for (String rel : urls) {
                            // B first: it packages from Redis on its own
                            byte[] fromB = getBytes(outB + folder + rel).body();
                            byte[] fromA = getBytes(outA + folder + rel).body();
                            assertThat(fromB).as("%s%s from the restarted packager", folder, rel).hasSizeGreaterThan(100)
                                    .isEqualTo(fromA);
                        }
                    }
                } finally {
                    b.close();
                }
            }
        }
    }

    static final String PERIOD_ENDPOINT = """
              - metadata: {namespace: live, name: dash}
                spec:
                  channelName: news
                  dashPackage: {manifestWindowSeconds: 16, minUpdatePeriodSeconds: 2, suggestedPresentationDelaySeconds: 6,
                                minBufferTimeSeconds: 4}
            """;
    static final int FIRST_RUN_SECONDS = 14;
    static final int PLAY_SECONDS = 26;

    @Test
    void anEncoderRestartStartsANewPeriodThatDashJsPlaysInto() throws Exception {
        Path chromium = ExternalTools.require("chromium", "chromium");
        Path node = ExternalTools.require("node", "nodejs");
        Path player = CmafPlayerIT.installPlayer();
        try (RedisServerProcess redis = new RedisServerProcess();
             Packager packager = Packager.start(TestPackagers.config(redis.url(), PERIOD_ENDPOINT))) {
            String mpdUrl = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/dash/index.mpd";
            long pushStarted = System.nanoTime();
            Process first = CmafLiveIT.startEncoder(packager.ingestPort(), 120, 0);
            Process second = null;
            Process play = null;
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                        assertThat(DashLiveIT.segments(DashLiveIT.firstTemplate(DashLiveIT.parse(get(mpdUrl).body())
                                .getDocumentElement(), "v1"))).hasSizeGreaterThanOrEqualTo(4));
                play = BrowserPlayer.builder(node, chromium, player, "play-dash.js", "dashjs", mpdUrl,
                        Integer.toString(PLAY_SECONDS), "9999").start();
                Process playing = play;
                CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(playing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                        return "FAILED " + e;
                    }
                });
                Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(FIRST_RUN_SECONDS)
                        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pushStarted)));
                // The encoder dies (no EXT-X-ENDLIST) and a new one starts with timestamps 1000 s on, numbering its segment files
                // from 0 again: the same names as the old run's, whose segments are still in the MPD.
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                long killedAtMillis = System.currentTimeMillis();
                second = CmafLiveIT.startEncoder(packager.ingestPort(), 120, 1000);

                Map<String, Long> starts = new LinkedHashMap<>();
                boolean sawBoth = false;
                boolean oldLeft = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
                while (!oldLeft && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    Element mpd = DashLiveIT.parse(get(mpdUrl).body()).getDocumentElement();
                    assertThat(mpd.getAttribute("type")).isEqualTo("dynamic");
                    List<Element> periods = periods(mpd);
                    for (Element p : periods) {
                        long start = seconds(p.getAttribute("start"));
                        Long before = starts.putIfAbsent(p.getAttribute("id"), start);
                        assertThat(before == null || before == start).as("Period %s start never moves", p.getAttribute("id")).isTrue();
                    }
                    if (periods.size() == 2) {
                        sawBoth = true;
                        Element old = periods.get(0);
                        Element now = periods.get(1);
                        Element oldVideo = template(old, "v1");
                        Element newVideo = template(now, "v1");
                        long timescale = Long.parseLong(newVideo.getAttribute("timescale"));
                        List<long[]> oldSegs = DashLiveIT.segments(oldVideo);
                        long[] lastOld = oldSegs.getLast();
                        long oldEndMillis = seconds(old.getAttribute("start"))
                                + (lastOld[0] + lastOld[1] - Long.parseLong(oldVideo.getAttribute("presentationTimeOffset"))) * 1000 / timescale;
                        long newStartMillis = seconds(now.getAttribute("start"));
                        // The new Period starts when the new run starts on the wall clock: after the old run's media
                        // ends (no overlap), within the few seconds the restart took.
                        assertThat(newStartMillis).as("new Period after the old one's media").isGreaterThanOrEqualTo(oldEndMillis - 40);
                        assertThat(newStartMillis - oldEndMillis).as("gap between the runs, ms").isLessThan(6000);
                        assertThat(Math.abs(newStartMillis - killedAtMillis)).as("new Period start vs the restart, ms").isLessThan(4000);
                        // The 1000 s timestamp jump lives in presentationTimeOffset: the first segment plays at Period@start.
                        long pto = Long.parseLong(newVideo.getAttribute("presentationTimeOffset"));
                        assertThat(DashLiveIT.segments(newVideo).getFirst()[0]).isEqualTo(pto);
                        assertThat(pto / timescale).as("new run's media time").isBetween(1000L, 1010L);
                    } else if (sawBoth) {
                        assertThat(periods).singleElement().satisfies(p -> assertThat(p.getAttribute("id")).isEqualTo("p1"));
                        oldLeft = true;
                    }
                }
                assertThat(sawBoth).as("both Periods in the live MPD").isTrue();
                assertThat(oldLeft).as("the old Period left the 16 s window").isTrue();

                assertThat(play.waitFor(PLAY_SECONDS + 60L, TimeUnit.SECONDS)).isTrue();
                String out = output.get(10, TimeUnit.SECONDS);
                System.out.println("dash.js across the Period boundary:\n" + out);
                assertThat(play.exitValue()).as(out).isZero();
                JsonNode result = BrowserPlayer.result(out);
                assertThat(result.get("errors")).as("player errors").isEmpty();
                double boundary = starts.get("p1") / 1000.0;
                List<JsonNode> samples = new ArrayList<>();
                result.get("samples").forEach(samples::add);
                JsonNode last = samples.getLast();
                int crossed = -1;
                for (int i = 0; i < samples.size(); i++) {
                    if (crossed < 0 && samples.get(i).get("currentTime").asDouble() >= boundary) {
                        crossed = i;
                    }
                }
                System.out.printf("Period p1 at %.3f; crossed at sample %d; last currentTime %.3f%n", boundary, crossed,
                        last.get("currentTime").asDouble());
                assertThat(crossed).as("the playhead passed the new Period's start").isBetween(0, samples.size() - 4);
                JsonNode at = samples.get(crossed);
                double wall = samples.size() - 1 - crossed;
                assertThat(last.get("currentTime").asDouble() - at.get("currentTime").asDouble())
                        .as("seconds played in the new Period in %s s", wall).isGreaterThan(wall * 0.8);
                assertThat(last.get("totalVideoFrames").asLong() - at.get("totalVideoFrames").asLong())
                        .as("frames decoded in the new Period").isGreaterThan((long) (wall * 25 * 0.8));
                assertThat(last.get("paused").asBoolean()).isFalse();
            } finally {
                first.destroyForcibly();
                if (second != null) {
                    second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                if (play != null) {
                    play.destroyForcibly();
                }
            }
        }
    }

    private static List<Element> periods(Element mpd) {
        List<Element> out = new ArrayList<>();
        NodeList list = mpd.getElementsByTagName("Period");
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static Element template(Element period, String representation) {
        NodeList reps = period.getElementsByTagName("Representation");
        for (int i = 0; i < reps.getLength(); i++) {
            Element r = (Element) reps.item(i);
            if (r.getAttribute("id").equals(representation)) {
                return (Element) r.getElementsByTagName("SegmentTemplate").item(0);
            }
        }
        throw new AssertionError("no Representation " + representation + " in Period " + period.getAttribute("id"));
    }

    /** An xs:duration of the form PT[nH][nM]n[.nnn]S in milliseconds. */
    static long seconds(String duration) {
        return Duration.parse(duration).toMillis();
    }

    /** Every init and media segment URL an MPD names (SegmentTimeline templates, $Number$ or $Time$), relative to it. */
    static List<String> segmentUrls(Element mpd) {
        List<String> urls = new ArrayList<>();
        NodeList reps = mpd.getElementsByTagName("Representation");
        for (int i = 0; i < reps.getLength(); i++) {
            Element t = (Element) ((Element) reps.item(i)).getElementsByTagName("SegmentTemplate").item(0);
            urls.add(t.getAttribute("initialization"));
            long number = Long.parseLong(t.getAttribute("startNumber"));
            for (long[] s : DashLiveIT.segments(t)) {
                urls.add(t.getAttribute("media").replace("$Number$", Long.toString(number++)).replace("$Time$", Long.toString(s[0])));
            }
        }
        return urls;
    }
}
