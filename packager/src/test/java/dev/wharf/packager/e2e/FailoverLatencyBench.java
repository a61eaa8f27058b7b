package dev.wharf.packager.e2e;

import dev.wharf.packager.Packager;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.store.TimelineEntry;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Not a CI test (its name matches neither *Test nor *IT): measures the failover time, from the
 * primary's last segment to the output advancing on the secondary, over repeated runs, and prints
 * p50 and max. Run: {@code ./mvnw -B test -pl packager -Dtest=FailoverLatencyBench -Druns=10}
 * (add {@code -Dredis=true} to run on a real redis-server).
 */
class FailoverLatencyBench {

    @Test
    void measure() throws Exception {
        int runs = Integer.getInteger("runs", 5);
        boolean redis = Boolean.getBoolean("redis");
        List<byte[]> segments = ReplayPusher.makeSegments(Files.createTempDirectory("wharf-fo-bench"), 12, 0);
        List<Long> millis = new ArrayList<>();
        try (var rp = redis ? new dev.wharf.testing.RedisServerProcess() : null) {
            for (int run = 0; run < runs; run++) {
                if (rp != null) {
                    rp.stop();
                    rp.start();
                }
                try (Packager p = Packager.start(TestPackagers.config(rp == null ? null : rp.url(), null));
                     ReplayPusher a = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1, segments, 1_000_000);
                     ReplayPusher b = new ReplayPusher(p.ingestPort(), "in2", TestPackagers.USER2, TestPackagers.PASS2, segments, 1_000_000)) {
                    long t0 = System.nanoTime();
                    FailoverIT.pace(t0, 0, 6, a, b);
                    long lastPrimary = System.nanoTime();
                    // the secondary goes on alone; watch for the output advancing on it
                    Thread watcher = Thread.ofPlatform().start(() -> { });
                    long switched = -1;
                    for (int i = 6; i < 12 && switched < 0; i++) {
                        long due = t0 + i * 1_000_000_000L;
                        while (System.nanoTime() < due) {
                            if (onSecondary(p)) {
                                switched = System.nanoTime();
                                break;
                            }
                            Thread.sleep(2);
                        }
                        if (switched < 0) {
                            b.push(i);
                            if (onSecondary(p)) {
                                switched = System.nanoTime();
                            }
                        }
                    }
                    watcher.join();
                    millis.add((switched - lastPrimary) / 1_000_000);
                }
            }
        }
        Collections.sort(millis);
        System.out.printf("failover (%s store, 1 s segments, threshold 1.5 s): runs=%d p50=%d ms max=%d ms all=%s%n",
                redis ? "redis" : "memory", runs, millis.get(millis.size() / 2), millis.get(millis.size() - 1), millis);
    }

    private static boolean onSecondary(Packager p) {
        List<TimelineEntry> last = p.store().lastEntries(FailoverIT.CHANNEL, ChannelTimeline.OUTPUT, FailoverIT.RENDITION, 1);
        return !last.isEmpty() && last.get(0).source().equals("in2");
    }
}
