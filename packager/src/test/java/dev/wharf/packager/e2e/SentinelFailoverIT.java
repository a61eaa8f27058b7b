package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.testing.MediaPlaylistView;
import dev.wharf.testing.RedisSentinelProcess;
import dev.wharf.testing.RedisServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The Redis primary dies (SIGKILL) under a live channel; three {@code redis-sentinel} processes (quorum 2)
 * promote one of its two replicas; the packager, configured with the Sentinels and {@code durability:
 * replicated}, follows the new primary by itself. The encoder's PUTs answered 503 meanwhile are retried
 * and land; every segment whose PUT was acknowledged is in the output afterwards, byte for byte; a
 * player polling the playlist sees 200 or, during the failover, 503, and never a sequence going back.
 *
 * <p>Two replicas, not one: after the failover the new primary still has a replica to acknowledge
 * {@code WAIT 1}, as in a production Sentinel setup (one primary, two replicas, three Sentinels).
 */
class SentinelFailoverIT {
    static final String MASTER = "wharf";
    static final int SEGMENTS = 14;
    static final int KILL_AFTER = 5; // segments acknowledged before the primary dies
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void packagerFollowsTheNewPrimaryAndLosesNoAcknowledgedSegment() throws Exception {
        List<byte[]> segments = ReplayPusher.makeSegments(Files.createTempDirectory("wharf-sentinel"), SEGMENTS, 0);
        try (RedisServerProcess primary = new RedisServerProcess();
             RedisServerProcess replicaA = new RedisServerProcess(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
             RedisServerProcess replicaB = new RedisServerProcess(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
             RedisSentinelProcess s1 = new RedisSentinelProcess(MASTER, primary.port(), 2, 1000);
             RedisSentinelProcess s2 = new RedisSentinelProcess(MASTER, primary.port(), 2, 1000);
             RedisSentinelProcess s3 = new RedisSentinelProcess(MASTER, primary.port(), 2, 1000)) {
            List<RedisSentinelProcess> sentinels = List.of(s1, s2, s3);
            // Ready when both replicas are in sync and every Sentinel knows the replicas and the other two
            // Sentinels (they find each other through hello messages on the primary, every 2 s).
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (Jedis j = new Jedis("127.0.0.1", primary.port())) {
                    // synced ("online"), not merely connected: WAIT counts only online replicas
                    if (j.info("replication").split("state=online", -1).length - 1 != 2) {
                        return false;
                    }
                }
                for (RedisSentinelProcess s : sentinels) {
                    try (Jedis j = new Jedis("127.0.0.1", s.port())) {
                        Map<String, String> m = j.sentinelMasters().get(0);
                        if (!"2".equals(m.get("num-other-sentinels")) || !"2".equals(m.get("num-slaves"))) {
                            return false;
                        }
                    }
                }
                return true;
            });

            String yaml = TestPackagers.yaml("playbackPort: 0, ingestPort: 0, adminPort: 0",
                    "storage: {type: redis, redis: {sentinelMaster: " + MASTER + ", sentinelNodes: ["
                            + sentinels.stream().map(RedisSentinelProcess::hostAndPort).collect(Collectors.joining(", "))
                            + "], timeoutMillis: 1000, durability: replicated, replicas: 1, replicationTimeoutMillis: 500}}",
                    null);
            try (Packager p = Packager.start(ConfigLoader.parse(yaml));
                 ReplayPusher encoder = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                         segments, 1_000_000)) {
                String playlist = "http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/hls/index_1.m3u8";
                Player player = new Player(playlist);
                Thread playerThread = Thread.ofPlatform().name("player").start(player);

                long t0 = System.nanoTime();
                long killedAt = 0;
                long firstAckAfterKill = 0;
                List<Integer> refused = new ArrayList<>();
                for (int i = 0; i < SEGMENTS; i++) {
                    long due = t0 + i * 1_000_000_000L;
                    while (System.nanoTime() < due) {
                        Thread.sleep(5);
                    }
                    if (i == KILL_AFTER) {
                        primary.kill();
                        killedAt = System.nanoTime();
                        player.killedAt.set(killedAt);
                    }
                    // an encoder retries a refused upload (here every 100 ms, for at most 30 s)
                    long giveUp = System.nanoTime() + 30_000_000_000L;
                    while (true) {
                        int status;
                        try {
                            status = encoder.tryPush(i);
                        } catch (IOException e) {
                            status = -1;
                        }
                        if (status == 0) {
                            break;
                        }
                        refused.add(status);
                        assertThat(System.nanoTime()).as("segment %d still refused (%s)", i, refused).isLessThan(giveUp);
                        Thread.sleep(100);
                    }
                    if (killedAt != 0 && firstAckAfterKill == 0) {
                        firstAckAfterKill = System.nanoTime();
                    }
                }
                encoder.end();
                long advancedAt = player.firstAdvanceAfterKill.get();
                player.stop.set(true);
                playerThread.join(5000);

                System.out.printf("[SentinelFailoverIT] kill -> first acknowledged PUT %d ms, kill -> output advancing"
                                + " %d ms, refused PUTs %d (%s), player statuses %s%n",
                        (firstAckAfterKill - killedAt) / 1_000_000, (advancedAt - killedAt) / 1_000_000,
                        refused.size(), refused.stream().distinct().toList(), player.statuses);
                // Sentinel promoted one of the replicas, and the packager writes there now.
                List<String> newPrimary;
                try (Jedis j = new Jedis("127.0.0.1", s1.port())) {
                    newPrimary = j.sentinelGetMasterAddrByName(MASTER);
                }
                assertThat(Integer.parseInt(newPrimary.get(1))).isIn(replicaA.port(), replicaB.port());

                // Nothing acknowledged is lost: the output lists every segment, in order, byte for byte.
                MediaPlaylistView out = MediaPlaylistView.parse(get(playlist).body());
                assertThat(out.endList()).isTrue();
                assertThat(out.mediaSequence()).isZero();
                assertThat(out.uris()).hasSize(SEGMENTS);
                assertThat(out.discontinuities()).isZero();
                String base = playlist.substring(0, playlist.lastIndexOf('/') + 1);
                for (int i = 0; i < SEGMENTS; i++) {
                    HttpResponse<byte[]> seg = HTTP.send(HttpRequest.newBuilder(URI.create(base + out.uris().get(i))).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(seg.statusCode()).as("segment %d", i).isEqualTo(200);
                    assertThat(Arrays.equals(seg.body(), segments.get(i))).as("segment %d bytes", i).isTrue();
                }

                // What the player saw: 200, or 503 while no primary was reachable; never a 404/500, never going back.
                assertThat(player.statuses.keySet()).as("statuses %s", player.statuses).isSubsetOf(200, 503);
                assertThat(player.wentBack.get()).isFalse();
                assertThat(refused).as("what the encoder got while retrying").allMatch(s -> s == 503);
                assertThat(firstAckAfterKill - killedAt).as("failover time").isLessThan(15_000_000_000L);
            }
        }
    }

    /** Polls a media playlist every 250 ms as a player does, and remembers what it got. */
    static final class Player implements Runnable {
        final String url;
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicBoolean wentBack = new AtomicBoolean();
        final AtomicLong killedAt = new AtomicLong();
        final AtomicLong firstAdvanceAfterKill = new AtomicLong();
        long lastSeen = -1;

        Player(String url) {
            this.url = url;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    HttpResponse<String> r = get(url);
                    if (lastSeen >= 0 || r.statusCode() != 404) { // 404 until the first segment arrived
                        statuses.merge(r.statusCode(), 1, Integer::sum);
                    }
                    if (r.statusCode() == 200) {
                        MediaPlaylistView v = MediaPlaylistView.parse(r.body());
                        long last = v.mediaSequence() + v.uris().size() - 1;
                        if (last < lastSeen) {
                            wentBack.set(true);
                        }
                        if (last > lastSeen && killedAt.get() != 0 && firstAdvanceAfterKill.get() == 0 && lastSeen >= 0) {
                            firstAdvanceAfterKill.set(System.nanoTime());
                        }
                        lastSeen = Math.max(lastSeen, last);
                    }
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    statuses.merge(-1, 1, Integer::sum);
                }
            }
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
