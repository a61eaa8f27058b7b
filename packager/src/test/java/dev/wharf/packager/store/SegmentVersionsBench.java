package dev.wharf.packager.store;

import dev.wharf.testing.RedisServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Not a CI test (its name matches neither *Test nor *IT): what a segment PUT costs on a real redis-server with
 * {@link SegmentVersions} (bytes under a new key, then the name's index) against one plain {@code putFile} of a new
 * name, and what resolving a name costs at playlist time. Run:
 * {@code ./mvnw -B -q -pl packager -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=SegmentVersionsBench verify}
 * and read {@code MEASURE} lines in {@code packager/target/surefire-reports/*SegmentVersionsBench-output.txt}.
 */
class SegmentVersionsBench {
    private static final int PUTS = 25;
    private static final Duration TTL = Duration.ofSeconds(3);

    @Test
    void measure() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess();
             RedisSegmentStore store = new RedisSegmentStore(
                     RedisStoreConfig.standalone(redis.url()).withTimeout(Duration.ofSeconds(5)))) {
            ChannelKey ch = new ChannelKey("ns", "bench");
            SegmentVersions versions = new SegmentVersions(store);
            for (int size : new int[] {4 << 20, 256 << 10}) {
                byte[] bytes = new byte[size];
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < PUTS; i++) {
                        store.putFile(ch, "in", "plain" + round + "-" + i + ".ts", bytes, TTL);
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < PUTS; i++) {
                        versions.put(ch, "in", "seg" + (i % 10) + ".ts", bytes, TTL);
                    }
                    long t2 = System.nanoTime();
                    for (int i = 0; i < PUTS; i++) {
                        versions.current(ch, "in", "seg" + (i % 10) + ".ts");
                    }
                    long t3 = System.nanoTime();
                    System.out.printf("MEASURE %d bytes: putFile %.3f ms, SegmentVersions.put %.3f ms, current %.3f ms%n",
                            size, (t1 - t0) / 1e6 / PUTS, (t2 - t1) / 1e6 / PUTS, (t3 - t2) / 1e6 / PUTS);
                    Thread.sleep(TTL.toMillis() + 500); // let this round's bytes expire: Redis memory stays small
                }
            }
        }
    }
}
