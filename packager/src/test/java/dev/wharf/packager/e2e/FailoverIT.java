package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input redundancy with real segments: two pushers replay ffmpeg's segments to the channel's two
 * ingest endpoints in real time; one stops, the output keeps going on the other; it comes back and
 * the other stops, the output goes back. A player decodes the whole output.
 */
class FailoverIT {
    static final ChannelKey CHANNEL = new ChannelKey("live", "news");
    static final String RENDITION = "news.m3u8";
    static List<byte[]> aligned;
    static List<byte[]> shifted;

    @BeforeAll
    static void makeSegments() throws Exception {
        Path dir = Files.createTempDirectory("wharf-failover");
        aligned = ReplayPusher.makeSegments(dir.resolve("a"), 26, 0);
        shifted = ReplayPusher.makeSegments(dir.resolve("b"), 26, 50);
        assertThat(aligned).hasSizeGreaterThanOrEqualTo(24);
    }

    /** Pushes segments [from, to) at one per second; each pusher given pushes the same index. */
    static void pace(long startNanos, int from, int to, ReplayPusher... pushers) throws Exception {
        for (int i = from; i < to; i++) {
            long due = startNanos + TimeUnit.SECONDS.toNanos(i);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            for (ReplayPusher p : pushers) {
                p.push(i);
            }
        }
    }

    static List<TimelineEntry> output(Packager p) {
        return p.store().entries(CHANNEL, ChannelTimeline.OUTPUT, RENDITION, 0, 1000);
    }

    @Test
    void alignedInputsFailOverWithoutGapRepeatOrDiscontinuityAndBack() throws Exception {
        try (Packager p = Packager.start(TestPackagers.config(null, null));
             ReplayPusher a = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1, aligned, 1_000_000);
             ReplayPusher b = new ReplayPusher(p.ingestPort(), "in2", TestPackagers.USER2, TestPackagers.PASS2, aligned, 1_000_000)) {
            long t0 = System.nanoTime();
            pace(t0, 0, 8, a, b);
            assertThat(output(p)).extracting(TimelineEntry::source).containsOnly("in1");
            pace(t0, 8, 16, b); // the primary stops
            assertThat(output(p)).last().extracting(TimelineEntry::source).isEqualTo("in2");
            pace(t0, 16, 24, a); // the primary comes back and the secondary stops
            assertThat(output(p)).last().extracting(TimelineEntry::source).isEqualTo("in1");
            a.end();
            b.end();

            List<TimelineEntry> out = output(p);
            assertThat(out).extracting(TimelineEntry::sequence).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, 24).boxed().toList());
            assertThat(out).noneMatch(TimelineEntry::discontinuity);
            for (int i = 1; i < out.size(); i++) {
                long expected = out.get(i - 1).mediaTime90k() + 90_000;
                assertThat(Math.abs(out.get(i).mediaTime90k() - expected)).as("media time continues at %d", i)
                        .isLessThanOrEqualTo(ChannelTimeline.ALIGN_TOLERANCE_90K);
            }
            // in1 for 0..9 at least up to the switch, then in2, then in1 again: two failovers
            List<String> runs = new java.util.ArrayList<>();
            for (TimelineEntry e : out) {
                if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(e.source())) {
                    runs.add(e.source());
                }
            }
            assertThat(runs).containsExactly("in1", "in2", "in1");
            String metrics = IngestBadInputIT.get("http://127.0.0.1:" + p.adminPort() + "/metrics");
            assertThat(metrics).contains("wharf_input_failovers_total{channel=\"news\"} 2.0");

            String playlist = playlist(p);
            assertThat(playlist).contains("#EXT-X-ENDLIST").doesNotContain("#EXT-X-DISCONTINUITY\n");
            assertDecodes(p);
        }
    }

    @Test
    void unalignedInputsFailOverBehindExactlyOneDiscontinuity() throws Exception {
        try (Packager p = Packager.start(TestPackagers.config(null, null));
             ReplayPusher a = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1, aligned, 1_000_000);
             ReplayPusher b = new ReplayPusher(p.ingestPort(), "in2", TestPackagers.USER2, TestPackagers.PASS2, shifted, 1_000_000)) {
            long t0 = System.nanoTime();
            pace(t0, 0, 8, a, b);
            pace(t0, 8, 14, b);
            a.end();
            b.end();
            List<TimelineEntry> out = output(p);
            assertThat(out).filteredOn(TimelineEntry::discontinuity).hasSize(1);
            for (int i = 1; i < out.size(); i++) {
                assertThat(out.get(i).sequence()).isEqualTo(out.get(i - 1).sequence() + 1);
                assertThat(out.get(i).programDateTimeMillis()).as("wall clock never goes back")
                        .isGreaterThanOrEqualTo(out.get(i - 1).programDateTimeMillis());
            }
            assertThat(out.get(out.size() - 1).source()).isEqualTo("in2");
            String playlist = playlist(p);
            assertThat(playlist.split("#EXT-X-DISCONTINUITY\n", -1)).hasSize(2);
            assertThat(playlist).contains("#EXT-X-ENDLIST");
            assertDecodes(p);
        }
    }

    static String playlist(Packager p) throws Exception {
        String url = "http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/hls/index_1.m3u8";
        await().atMost(Duration.ofSeconds(5)).until(() -> IngestBadInputIT.get(url).contains("#EXT-X-ENDLIST"));
        return IngestBadInputIT.get(url);
    }

    static void assertDecodes(Packager p) throws Exception {
        Process play = new ProcessBuilder(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin", "-i",
                "http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/hls/index.m3u8", "-f", "null", "-")
                .redirectErrorStream(true).start();
        String errors = new String(play.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(play.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(play.exitValue()).as(errors).isZero();
        assertThat(errors).as("decoder errors").isBlank();
    }
}
