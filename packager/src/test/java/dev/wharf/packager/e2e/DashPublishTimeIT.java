package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An encoder uploads its renditions' segments one after the other. A live MPD's {@code publishTime} moves exactly
 * when what it lists changes (DASH-IF IOP: two MPDs with one publishTime are identical; CDNs and players compare MPDs
 * by it): at a segment of the second rendition too, and not at an input segment that waits for the rest of its
 * group of a re-segmented endpoint.
 */
class DashPublishTimeIT {
    static final String ENDPOINTS = """
              - metadata: {namespace: live, name: dash1}
                spec:
                  channelName: news
                  dashPackage: {segmentDurationSeconds: 1, utcTimingUri: "http://time.example/iso"}
              - metadata: {namespace: live, name: dash2}
                spec:
                  channelName: news
                  dashPackage: {segmentDurationSeconds: 2, utcTimingUri: "http://time.example/iso"}
            """;
    private static final Pattern PUBLISH_TIME = Pattern.compile("publishTime=\"([^\"]+)\"");

    @Test
    void thePublishTimeMovesWithWhatTheMpdLists() throws Exception {
        List<byte[]> segments = ReplayPusher.makeSegments(Files.createTempDirectory("wharf-publish"), 6, 0);
        try (Packager packager = Packager.start(TestPackagers.config(null, ENDPOINTS));
             ReplayPusher first = new ReplayPusher(packager.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                     segments, 1_000_000, "news_1");
             ReplayPusher second = new ReplayPusher(packager.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                     segments, 1_000_000, "news_2")) {
            String out = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/";
            String passThrough = out + "dash1/index.mpd"; // one 1 s input segment, one DASH segment
            String joined = out + "dash2/index.mpd"; // two input segments, one DASH segment
            for (int i = 0; i < 4; i++) {
                first.push(i);
                second.push(i);
            }
            HttpResponse<String> before = changed(passThrough, null);
            assertThat(before.body()).contains("<Representation id=\"v1\"", "<Representation id=\"v2\"");
            HttpResponse<String> joinedBefore = changed(joined, null);

            Thread.sleep(20); // ingest times are in milliseconds
            first.push(4);
            HttpResponse<String> afterFirst = changed(passThrough, before.body());
            Thread.sleep(20);
            second.push(4); // the first rendition, whose newest segment the MPD once took its publishTime from, is unchanged
            HttpResponse<String> afterSecond = changed(passThrough, afterFirst.body());
            assertThat(segmentCount(afterSecond.body())).as("S elements").isGreaterThan(segmentCount(afterFirst.body()));
            assertThat(publishTime(afterFirst)).as("after the first rendition's segment").isAfter(publishTime(before));
            assertThat(publishTime(afterSecond)).as("after the second rendition's segment").isAfter(publishTime(afterFirst));

            // segment 4 starts a group of two that is not complete: the joined MPD lists nothing new, and says so
            HttpResponse<String> joinedHalf = CmafLiveIT.get(joined);
            assertThat(joinedHalf.body()).isEqualTo(joinedBefore.body());
            assertThat(publishTime(joinedHalf)).isEqualTo(publishTime(joinedBefore));
            Thread.sleep(20);
            first.push(5);
            second.push(5);
            int whole = segmentCount(joinedBefore.body()) + 3; // a segment more on v1, v2 and audio
            AtomicReference<HttpResponse<String>> joinedWhole = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                joinedWhole.set(CmafLiveIT.get(joined));
                return segmentCount(joinedWhole.get().body()) == whole;
            });
            assertThat(publishTime(joinedWhole.get())).isAfter(publishTime(afterSecond));
        }
    }

    /** The MPD once it differs from {@code previous} (null: once it is served). */
    private static HttpResponse<String> changed(String url, String previous) {
        AtomicReference<HttpResponse<String>> out = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResponse<String> r = CmafLiveIT.get(url);
            out.set(r);
            return r.statusCode() == 200 && !r.body().equals(previous);
        });
        return out.get();
    }

    /** The number of segments an MPD's SegmentTimelines list (S elements and their repeats). */
    private static int segmentCount(String mpd) throws Exception {
        int n = 0;
        var reps = DashLiveIT.parse(mpd).getDocumentElement().getElementsByTagName("SegmentTemplate");
        for (int i = 0; i < reps.getLength(); i++) {
            n += DashLiveIT.segments((org.w3c.dom.Element) reps.item(i)).size();
        }
        return n;
    }

    /** The MPD's publishTime, asserted equal to the Last-Updated header (both the newest segment's ingest time). */
    private static Instant publishTime(HttpResponse<String> r) {
        Matcher m = PUBLISH_TIME.matcher(r.body());
        assertThat(m.find()).as("publishTime in %s", r.body()).isTrue();
        Instant t = Instant.parse(m.group(1));
        assertThat(r.headers().firstValue("X-MediaPackage-Manifest-Last-Updated"))
                .hasValue(Long.toString(t.toEpochMilli()));
        return t;
    }
}
