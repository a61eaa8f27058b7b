package dev.wharf.packager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wharf.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * What a successful write promises, shown with the window that separates the two modes: writes the
 * primary applied that have not reached the replica when the primary dies and the replica is promoted.
 * Here the replication link is cut before the writes (the worst case of replication lag), then the primary
 * is killed and the replica promoted, as Sentinel would.
 *
 * <ul>
 *   <li>{@code primary}: the write succeeds (the encoder gets 2xx) and is gone after the failover.</li>
 *   <li>{@code replicated}: the write fails after the replication timeout (the encoder gets 503 and
 *       retries); nothing acknowledged is lost.</li>
 * </ul>
 */
class RedisDurabilityIT {
    static final ChannelKey CHANNEL = new ChannelKey("live", "news");
    static final Duration TTL = Duration.ofMinutes(5);

    @Test
    void primaryModeCanLoseAcknowledgedWritesReplicatedModeRefusesThem() throws Exception {
        try (RedisServerProcess primary = new RedisServerProcess();
             RedisServerProcess replica = new RedisServerProcess(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
             RedisSegmentStore fast = new RedisSegmentStore(RedisStoreConfig.standalone(primary.url()));
             RedisSegmentStore durable = new RedisSegmentStore(RedisStoreConfig.standalone(primary.url())
                     .withTimeout(Duration.ofSeconds(3))
                     .withDurability(RedisStoreConfig.Durability.replicated(1, Duration.ofMillis(1000))))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Jedis j = new Jedis("127.0.0.1", primary.port())) {
                    return j.info("replication").contains("state=online"); // synced, not merely connected
                }
            });
            // Linked: both modes succeed, and a replicated write is on the replica when put returns.
            fast.putFile(CHANNEL, "in1", "a.ts", bytes("a"), TTL);
            durable.putFile(CHANNEL, "in1", "b.ts", bytes("b"), TTL);
            try (Jedis j = new Jedis("127.0.0.1", replica.port())) {
                assertThat(j.exists(RedisKeys.file(CHANNEL, "in1", "b.ts"))).isTrue();
            }

            // A segment PUT (bytes + index) is one atomic write followed by one WAIT: one replication round trip.
            try (Jedis j = new Jedis("127.0.0.1", primary.port())) {
                j.configResetStat();
                new SegmentVersions(durable).put(CHANNEL, "in1", "seg0.ts", bytes("v1"), TTL);
                String stats = j.info("commandstats");
                assertThat(stats).as("one WAIT per segment PUT").contains("cmdstat_wait:calls=1,");
                assertThat(stats).as("bytes and index in one script").contains("cmdstat_eval:calls=1,");
            }
            try (Jedis j = new Jedis("127.0.0.1", replica.port())) {
                String key = new String(j.get(RedisKeys.file(CHANNEL, "in1", "seg0.ts@").getBytes(StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8);
                assertThat(j.get(RedisKeys.file(CHANNEL, "in1", key))).isEqualTo("v1");
            }

            // The replica falls behind (here: its link is cut).
            try (Jedis j = new Jedis("127.0.0.1", replica.port())) {
                j.replicaofNoOne();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Jedis j = new Jedis("127.0.0.1", primary.port())) {
                    return j.info("replication").contains("connected_slaves:0");
                }
            });
            fast.putFile(CHANNEL, "in1", "acknowledged-then-lost.ts", bytes("c"), TTL); // succeeds: 2xx
            long t = System.nanoTime();
            assertThatThrownBy(() -> durable.putFile(CHANNEL, "in1", "refused.ts", bytes("d"), TTL))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("0 of 1 replicas acknowledged");
            long refusedAfterMillis = (System.nanoTime() - t) / 1_000_000;
            assertThat(refusedAfterMillis).isBetween(950L, 3000L);

            // The primary dies; the replica is what remains (promoted).
            primary.kill();
            try (RedisSegmentStore after = new RedisSegmentStore(RedisStoreConfig.standalone(replica.url()))) {
                assertThat(after.getFile(CHANNEL, "in1", "a.ts")).isPresent();
                assertThat(after.getFile(CHANNEL, "in1", "b.ts")).isPresent();
                assertThat(after.getFile(CHANNEL, "in1", "acknowledged-then-lost.ts"))
                        .as("primary mode: acknowledged, not replicated, lost").isEmpty();
                assertThat(after.getFile(CHANNEL, "in1", "refused.ts")).as("replicated mode: never acknowledged").isEmpty();
            }
            System.out.printf("[RedisDurabilityIT] replicated write refused after %d ms with the replica unreachable%n",
                    refusedAfterMillis);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
