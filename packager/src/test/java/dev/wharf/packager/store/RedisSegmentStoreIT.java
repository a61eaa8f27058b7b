package dev.wharf.packager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wharf.testing.FreePorts;
import dev.wharf.testing.RedisServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/** The store contract against a real redis-server, plus what only a real server can show. */
class RedisSegmentStoreIT extends SegmentStoreContract {

    private static RedisServerProcess redis;
    private static RedisClient admin;

    @BeforeAll
    static void startRedis() {
        redis = new RedisServerProcess();
        admin = RedisClient.create(redis.url());
    }

    @AfterAll
    static void stopRedis() {
        if (admin != null) {
            admin.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void flush() {
        redis.start(); // in case a test stopped it and failed before restarting
        admin.getPool().clear(); // its idle connections died if a test restarted the server
        admin.flushAll();
    }

    @Override
    protected SegmentStore createStore() {
        return new RedisSegmentStore(config());
    }

    @Override
    protected SegmentStore createPeer(SegmentStore first) {
        return new RedisSegmentStore(config());
    }

    private static RedisStoreConfig config() {
        return RedisStoreConfig.standalone(redis.url()).withTimeout(Duration.ofSeconds(1)).withMaxConnections(16);
    }

    @Test
    @SuppressWarnings("deprecation") // UnifiedJedis.sendCommand, only to read CLIENT LIST
    void keysFollowTheDocumentedLayoutAndAllCarryATtl() {
        ChannelKey ch = new ChannelKey("live", "news");
        store.putFile(ch, "in1", "seg1.ts", new byte[] {1}, LONG);
        store.putMeta(ch, "in1", "master", "x", LONG);
        store.append(ch, "in1", "v720", RenditionState.EMPTY, state(1, 1), List.of(entry(0, 1)), LONG);

        assertThat(admin.keys("*")).containsExactlyInAnyOrder(
                "wharf:v1:{live/news}:in:in1:file:seg1.ts",
                "wharf:v1:{live/news}:in:in1:meta",
                "wharf:v1:{live/news}:in:in1:r:v720:state",
                "wharf:v1:{live/news}:in:in1:r:v720:tl");
        for (String key : admin.keys("*")) {
            assertThat(admin.pttl(key)).as("pttl of %s", key).isBetween(1L, LONG.toMillis());
        }
        assertThat(admin.type("wharf:v1:{live/news}:in:in1:r:v720:tl")).isEqualTo("zset");
        assertThat(admin.hget("wharf:v1:{live/news}:in:in1:r:v720:state", "version")).isEqualTo("1");
        assertThat(admin.zrange("wharf:v1:{live/news}:in:in1:r:v720:tl", 0, -1))
                .containsExactly("1,0,6000000,0,0,1700000000000,1000,1,7:seg0.ts,0,-1,0:");
        // Jedis 8 negotiates RESP3 (HELLO 3) by default; the pool names its connections
        Object clients = admin.sendCommand(Protocol.Command.CLIENT, "LIST");
        assertThat(clients instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(clients))
                .containsPattern("name=wharf-packager .*resp=3");
    }

    @Test
    void appendWorksAfterTheServerForgotTheScript() {
        assertThat(store.append(channel, "in", "v", RenditionState.EMPTY, state(1, 1), List.of(entry(0, 1)), LONG)).isTrue();
        admin.scriptFlush();
        assertThat(store.append(channel, "in", "v", state(1, 1), state(2, 2), List.of(entry(1, 2)), LONG)).isTrue();
        assertThat(store.append(channel, "in", "v", state(1, 1), state(2, 2), List.of(entry(1, 2)), LONG)).isFalse();
        admin.scriptFlush();
        store.putMeta(channel, "in", "k", "v", LONG);
        assertThat(store.meta(channel, "in")).containsEntry("k", "v");
    }

    @Test
    void anOutageSurfacesAsStoreUnavailableAndTheStoreRecoversWithoutRestart() {
        SegmentStore peer = track(createPeer(store));
        List<ChannelKey> seen = new CopyOnWriteArrayList<>();
        store.onChange(seen::add);
        store.putFile(channel, "in", "f", new byte[] {1}, LONG);

        redis.stop();
        long t0 = System.nanoTime();
        assertThat(store.ping()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThatThrownBy(() -> store.getFile(channel, "in", "f")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.putFile(channel, "in", "f", new byte[] {2}, LONG)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.append(channel, "in", "v", RenditionState.EMPTY, state(1, 1), List.of(), LONG))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> peer.publishChange(channel)).isInstanceOf(StoreUnavailableException.class);

        redis.start(); // same port, empty: no persistence
        assertThat(store.ping()).isTrue();
        assertThat(store.getFile(channel, "in", "f")).isEmpty();
        store.putFile(channel, "in", "f", new byte[] {3}, LONG);
        assertThat(store.getFile(channel, "in", "f")).hasValueSatisfying(b -> assertThat(b).containsExactly(3));
        // the subscriber thread resubscribed on its own
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            peer.publishChange(channel);
            return seen.contains(channel);
        });
    }

    @Test
    void aQuickRestartBetweenRequestsCostsNoFailedRequest() throws Exception {
        // fill the pool with several idle connections
        List<Thread> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(Thread.ofPlatform().start(() -> {
                for (int j = 0; j < 50; j++) {
                    store.putFile(channel, "in", "f", new byte[] {1}, LONG);
                }
            }));
        }
        for (Thread t : users) {
            t.join();
        }
        redis.stop();
        redis.start();
        for (int i = 0; i < 10; i++) {
            assertThat(store.getFile(channel, "in", "f")).isEmpty();
            store.putFile(channel, "in", "g", new byte[] {2}, LONG);
        }
    }

    @Test
    void pingIsFalseWithinTheTimeoutWhenTheServerHangs() throws IOException {
        int port = FreePorts.next();
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accept, never answer
                    }
                } catch (IOException closed) {
                    // done
                }
            });
            RedisStoreConfig cfg = RedisStoreConfig.standalone("redis://127.0.0.1:" + port).withTimeout(Duration.ofMillis(300));
            try (RedisSegmentStore hung = new RedisSegmentStore(cfg)) {
                long t0 = System.nanoTime();
                assertThat(hung.ping()).isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
                assertThatThrownBy(() -> hung.getFile(channel, "in", "f")).isInstanceOf(StoreUnavailableException.class);
            }
            acceptor.interrupt();
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void closedStoreStopsItsSubscriberAndAnswersNoPing() {
        store.onChange(c -> { });
        store.close();
        assertThat(store.ping()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("wharf-redis-changes")));
    }

    @Test
    void urlCarriesPasswordAndDatabase() {
        try (RedisServerProcess secured = new RedisServerProcess(List.of("--requirepass", "s3cret"))) {
            String url = "redis://:s3cret@127.0.0.1:" + secured.port() + "/3";
            try (RedisSegmentStore s = new RedisSegmentStore(RedisStoreConfig.standalone(url));
                 RedisClient db0 = RedisClient.create("redis://:s3cret@127.0.0.1:" + secured.port() + "/0");
                 RedisClient db3 = RedisClient.create(url)) {
                assertThat(s.ping()).isTrue();
                s.putFile(channel, "in", "f", new byte[] {1}, LONG);
                assertThat(s.getFile(channel, "in", "f")).isPresent();
                assertThat(db3.keys("*")).hasSize(1);
                assertThat(db0.keys("*")).isEmpty();
            }
            String wrong = "redis://:nope@127.0.0.1:" + secured.port();
            try (RedisSegmentStore s = new RedisSegmentStore(RedisStoreConfig.standalone(wrong))) {
                assertThat(s.ping()).isFalse();
                assertThatThrownBy(() -> s.getFile(channel, "in", "f")).isInstanceOf(StoreUnavailableException.class);
            }
        }
    }

    @Test
    void sentinelAndClusterConfigsFailAsStoreUnavailableWhenNothingAnswers() {
        String nowhere = "127.0.0.1:" + FreePorts.next();
        assertThatThrownBy(() -> new RedisSegmentStore(new RedisStoreConfig(null, "mymaster", List.of(nowhere), List.of(), 4,
                Duration.ofMillis(300)))).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> new RedisSegmentStore(new RedisStoreConfig(null, null, List.of(), List.of(nowhere), 4,
                Duration.ofMillis(300)))).isInstanceOf(StoreUnavailableException.class);
    }
}
