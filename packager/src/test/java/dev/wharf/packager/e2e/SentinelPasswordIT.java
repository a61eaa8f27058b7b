package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.packager.config.ConfigException;
import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.packager.store.RedisSegmentStore;
import dev.wharf.packager.store.RedisStoreConfig;
import dev.wharf.testing.RedisSentinelProcess;
import dev.wharf.testing.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password-protected Redis behind password-protected Sentinels, as the operator configures it from a
 * Channel's {@code storage.sentinel}: both passwords come from files (mounted Secrets), never from the
 * configuration itself. The packager becomes ready and stores uploads; a wrong or missing password does not
 * get through, and an unreadable password file is a configuration error at start. A rotated data password
 * (the Secret's file replaced, Redis and Sentinel switched over, old connections cut) applies to the new
 * connections without a restart.
 */
@Timeout(60)
class SentinelPasswordIT {
    static final String MASTER = "wharf";
    static final String DATA_PASSWORD = "data-Pa55-7f3k";
    static final String SENTINEL_PASSWORD = "sentinel-Pa55-q9z";
    static final String ROTATED_PASSWORD = "rotated-Pa55-x2w";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static String storage(List<String> nodes, Path passwordFile, Path sentinelPasswordFile) {
        return "storage: {type: redis, redis: {sentinelMaster: " + MASTER + ", sentinelNodes: [" + String.join(", ", nodes)
                + "], timeoutMillis: 1000, passwordFile: \"" + passwordFile + "\", sentinelPasswordFile: \""
                + sentinelPasswordFile + "\"}}";
    }

    static boolean reachable(RedisStoreConfig config) {
        try (RedisSegmentStore s = new RedisSegmentStore(config)) {
            return s.ping();
        } catch (RuntimeException refused) {
            return false;
        }
    }

    @Test
    void thePackagerAuthenticatesToSentinelsAndTheMasterWithPasswordsFromFiles(@TempDir Path dir) throws Exception {
        try (RedisServerProcess primary = new RedisServerProcess(List.of("--requirepass", DATA_PASSWORD)).start();
             RedisSentinelProcess sentinel = new RedisSentinelProcess(MASTER, primary.port(), 1, 5000,
                     "sentinel auth-pass " + MASTER + " " + DATA_PASSWORD + "\nrequirepass " + SENTINEL_PASSWORD + "\n")) {
            List<String> nodes = List.of(sentinel.hostAndPort());
            Path data = Files.writeString(dir.resolve("redis-password"), DATA_PASSWORD + "\n");
            Path sentinelAuth = Files.writeString(dir.resolve("sentinel-password"), SENTINEL_PASSWORD + "\n");

            String yaml = TestPackagers.yaml("playbackPort: 0, ingestPort: 0, adminPort: 0", storage(nodes, data, sentinelAuth), null);
            assertThat(yaml).doesNotContain(DATA_PASSWORD).doesNotContain(SENTINEL_PASSWORD);
            try (Packager p = Packager.start(ConfigLoader.parse(yaml));
                 ReplayPusher encoder = new ReplayPusher(p.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                         ReplayPusher.makeSegments(dir.resolve("segs"), 2, 0), 1_000_000)) {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + p.adminPort() + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                encoder.push(0);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + p.playbackPort() + "/out/v1/live/news/hls/index_1.m3u8")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).contains("#EXTINF"));

                // rotation, as an operator of Redis does it: the kubelet swaps the file, then Redis and Sentinel change
                Path tmp = dir.resolve(".redis-password.tmp");
                Files.writeString(tmp, ROTATED_PASSWORD + "\n");
                Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                try (Jedis s = new Jedis("127.0.0.1", sentinel.port())) {
                    s.auth(SENTINEL_PASSWORD);
                    s.sentinelSet(MASTER, Map.of("auth-pass", ROTATED_PASSWORD));
                }
                try (Jedis j = new Jedis("127.0.0.1", primary.port())) {
                    j.auth(DATA_PASSWORD);
                    j.configSet("requirepass", ROTATED_PASSWORD);
                    // existing connections stay authenticated in Redis: cut them, so the packager must reconnect
                    assertThat(j.clientKill(ClientKillParams.clientKillParams().type(ClientType.NORMAL))).isPositive();
                }
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(encoder.tryPush(1))
                        .as("an upload after the rotation, same process").isZero());
            }

            RedisStoreConfig base = RedisStoreConfig.sentinel(MASTER, nodes).withTimeout(Duration.ofMillis(500));
            assertThat(reachable(base.withPasswords(ROTATED_PASSWORD, SENTINEL_PASSWORD))).isTrue();
            assertThat(reachable(base.withPasswords(DATA_PASSWORD, SENTINEL_PASSWORD))).as("the old data password").isFalse();
            assertThat(reachable(base.withPasswords(ROTATED_PASSWORD, null))).as("no sentinel password").isFalse();
            assertThat(base.withPasswords(DATA_PASSWORD, SENTINEL_PASSWORD).toString()).as("what a log line would show")
                    .doesNotContain(DATA_PASSWORD).doesNotContain(SENTINEL_PASSWORD).contains("password=***");

            String missing = TestPackagers.yaml("playbackPort: 0, ingestPort: 0, adminPort: 0",
                    storage(nodes, dir.resolve("absent"), sentinelAuth), null);
            assertThatThrownBy(() -> Packager.start(ConfigLoader.parse(missing))).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("storage.redis.passwordFile").hasMessageNotContaining(SENTINEL_PASSWORD);
        }
    }
}
