package dev.wharf.packager.e2e;

import static dev.wharf.packager.e2e.CmafLiveIT.get;
import static dev.wharf.packager.e2e.CmafLiveIT.resolve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.RedisServerProcess;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An encoder restart that reuses its segment file names: ffmpeg pushes, is killed, and a new ffmpeg pushes the same
 * {@code channel_%v_%05d.ts} names again from 0, with timestamps 1000 s on. The old run's segments stay in the HLS
 * window, under the names the new run has just PUT again. Every one of them must still serve the old run's bytes:
 * the packager keys each PUT by an upload id of its own (see docs/ingest.md, "Reused segment names"). Checked with
 * ffprobe on every served segment: the first PTS of each segment follows its predecessor's by its EXTINF within a
 * run and matches its EXT-X-PROGRAM-DATE-TIME, the old run is below 1000 s and the new one above; then ffmpeg
 * decodes the whole output across the restart with no error. On the in-memory store and on Redis.
 */
class SegmentNameReuseIT {
    static final int FIRST_RUN_SECONDS = 11;
    static final int SECOND_RUN_SECONDS = 9;
    static final int TS_JUMP_SECONDS = 1000;

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void segmentsOfTheOldRunKeepTheirBytesWhenTheNewRunReusesTheirNames(boolean onRedis) throws Exception {
        try (RedisServerProcess redis = onRedis ? new RedisServerProcess() : null;
             Packager packager = Packager.start(TestPackagers.config(onRedis ? redis.url() : null, null))) {
            String out = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/hls/";
            String media = out + "index_1.m3u8";
            Process first = CmafLiveIT.startEncoder(packager.ingestPort(), 120, 0);
            Process second = null;
            try {
                await().atMost(Duration.ofSeconds(FIRST_RUN_SECONDS + 15)).pollInterval(Duration.ofMillis(500))
                        .until(() -> get(media).statusCode() == 200
                                && Segment.parse(get(media).body()).size() >= FIRST_RUN_SECONDS / 2 - 1);
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                int oldRun = Segment.parse(get(media).body()).size();
                // Same names as the first run's, from channel_0_00000.ts on.
                second = CmafLiveIT.startEncoder(packager.ingestPort(), SECOND_RUN_SECONDS, TS_JUMP_SECONDS);
                assertThat(second.waitFor(SECOND_RUN_SECONDS + 20, TimeUnit.SECONDS)).as("second encoder finished").isTrue();
                assertThat(second.exitValue()).isZero();
                await().atMost(Duration.ofSeconds(5)).until(() -> get(media).body().contains("#EXT-X-ENDLIST"));

                List<Segment> segments = Segment.parse(get(media).body());
                List<Segment> before = segments.stream().filter(s -> s.run == 0).toList();
                List<Segment> after = segments.stream().filter(s -> s.run == 1).toList();
                assertThat(segments.stream().mapToInt(s -> s.run).max().orElse(0)).as("one discontinuity").isEqualTo(1);
                assertThat(before).as("the old run's segments still listed").hasSize(oldRun);
                assertThat(after.size()).as("the new run PUT the old run's names again").isGreaterThanOrEqualTo(oldRun - 1);

                for (List<Segment> run : List.of(before, after)) {
                    Segment start = run.getFirst();
                    double startPts = startPts(resolve(out, start.uri));
                    double expected = startPts;
                    for (Segment s : run) {
                        double pts = s == start ? startPts : startPts(resolve(out, s.uri));
                        System.out.printf("%s run %d: pts %.3f, pdt %s, duration %.3f%n", s.uri, s.run, pts, s.pdtMillis,
                                s.duration);
                        assertThat(pts).as("first PTS of %s (run %d)", s.uri, s.run).isCloseTo(expected,
                                org.assertj.core.data.Offset.offset(0.1));
                        if (s.run == 0) {
                            assertThat(pts).as("the old run's media time").isLessThan(TS_JUMP_SECONDS);
                        } else {
                            assertThat(pts).as("the new run's media time").isGreaterThan(TS_JUMP_SECONDS);
                        }
                        if (s.pdtMillis > 0) {
                            assertThat((s.pdtMillis - start.pdtMillis) / 1000.0).as("PDT of %s vs its PTS", s.uri)
                                    .isCloseTo(pts - startPts, org.assertj.core.data.Offset.offset(0.3));
                        }
                        expected = pts + s.duration;
                    }
                }

                // -copyts: ffmpeg's own discontinuity fix-up (it shifts the new run back onto the old one's timeline)
                // makes one audio DTS collide, which its null muxer reports; the media itself decodes cleanly
                CmafLiveIT.Run play = CmafLiveIT.run(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin",
                        "-copyts", "-i", media, "-map", "0", "-f", "null", "-");
                assertThat(play.exit()).as(play.output()).isZero();
                assertThat(play.output()).as("decoding the output across the restart").isBlank();
            } finally {
                first.destroyForcibly();
                if (second != null) {
                    second.destroyForcibly();
                }
            }
        }
    }

    /** The first video PTS of a served segment, in seconds, as ffprobe reads it. */
    private static double startPts(String url) throws Exception {
        CmafLiveIT.Run probe = CmafLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=start_time", "-of", "csv=p=0", url);
        assertThat(probe.exit()).as(probe.output()).isZero();
        return Double.parseDouble(probe.output().strip().lines().findFirst().orElseThrow()); // one line per program too
    }

    /** A segment of an output media playlist: its run (discontinuities before it), EXTINF, PDT (0 when none) and URI. */
    record Segment(int run, double duration, long pdtMillis, String uri) {
        static List<Segment> parse(String playlist) {
            List<Segment> out = new ArrayList<>();
            int run = 0;
            double duration = 0;
            long pdt = 0;
            for (String line : playlist.split("\n")) {
                if (line.equals("#EXT-X-DISCONTINUITY")) {
                    run++;
                } else if (line.startsWith("#EXTINF:")) {
                    duration = Double.parseDouble(line.substring(8, line.indexOf(',')));
                } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                    pdt = OffsetDateTime.parse(line.substring(25)).toInstant().toEpochMilli();
                } else if (!line.isEmpty() && !line.startsWith("#")) {
                    out.add(new Segment(run, duration, pdt, line));
                    pdt = 0;
                }
            }
            return out;
        }
    }
}
