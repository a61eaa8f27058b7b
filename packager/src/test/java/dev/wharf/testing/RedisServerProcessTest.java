package dev.wharf.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

class RedisServerProcessTest {

    @Test
    void startsAnswersStopsAndRestartsOnTheSamePort() {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            int port = redis.port();
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(redis.isRunning()).isTrue();
            try (RedisClient client = RedisClient.create(redis.url())) {
                assertThat(client.ping()).isEqualTo("PONG");
                client.set("k", "v");
            }

            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> connect(port)).isInstanceOf(IOException.class);

            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            try (RedisClient client = RedisClient.create(redis.url())) {
                assertThat(client.ping()).isEqualTo("PONG");
                assertThat(client.get("k")).as("no persistence: a restart comes back empty").isNull();
            }
            assertThat(redis.output()).contains("Ready to accept connections");
        }
    }

    @Test
    void requireFailsLoudlyForAToolThatCannotExist() {
        assertThatThrownBy(() -> ExternalTools.require("wharf-no-such-binary", "wharf-no-such-package-xyz", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wharf-no-such-binary")
                .hasMessageContaining("apt-get install -y wharf-no-such-package-xyz");
    }

    @Test
    void freePortsAreDistinct() {
        assertThat(FreePorts.next()).isNotEqualTo(FreePorts.next()).isBetween(1, 65535);
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        }
    }
}
