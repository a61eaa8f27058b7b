package dev.wharf.packager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisStoreConfigTest {

    @Test
    void standaloneDefaults() {
        RedisStoreConfig c = RedisStoreConfig.standalone("redis://cache:6380/2");
        assertThat(c.mode()).isEqualTo(RedisStoreConfig.Mode.STANDALONE);
        assertThat(c.url()).isEqualTo("redis://cache:6380/2");
        assertThat(c.maxConnections()).isEqualTo(32);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void durability() {
        RedisStoreConfig c = RedisStoreConfig.standalone("redis://r:1");
        assertThat(c.durability().replicated()).isFalse();
        RedisStoreConfig.Durability two = RedisStoreConfig.Durability.replicated(2, Duration.ofMillis(500));
        assertThat(c.withDurability(two).durability()).isEqualTo(two);
        assertThatThrownBy(() -> RedisStoreConfig.Durability.replicated(0, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.withDurability(RedisStoreConfig.Durability.replicated(1, Duration.ofSeconds(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than the redis timeout");
        assertThat(c.withDurability(two).toString()).contains("REPLICATED");
    }

    @Test
    void addsTheDefaultPortJedisInsistsOn() {
        assertThat(RedisStoreConfig.standalone("redis://cache").url()).isEqualTo("redis://cache:6379");
        assertThat(RedisStoreConfig.standalone("rediss://u:p@cache/3").url()).isEqualTo("rediss://u:p@cache:6379/3");
        assertThat(RedisStoreConfig.standalone("redis://[::1]/1").url()).isEqualTo("redis://[::1]:6379/1");
    }

    @Test
    void exactlyOneMode() {
        assertThatThrownBy(() -> new RedisStoreConfig(null, null, List.of(), List.of(), 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisStoreConfig("redis://a:1", null, List.of(), List.of("b:2"), 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisStoreConfig(null, "m", List.of(), List.of(), 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisStoreConfig(null, null, List.of("s:26379"), List.of(), 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RedisStoreConfig.sentinel("mymaster", List.of("s1:26379", "s2:26379")).mode())
                .isEqualTo(RedisStoreConfig.Mode.SENTINEL);
        assertThat(RedisStoreConfig.cluster(List.of("n1:7000")).mode()).isEqualTo(RedisStoreConfig.Mode.CLUSTER);
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> RedisStoreConfig.standalone("http://x:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisStoreConfig.standalone("redis://")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisStoreConfig.cluster(List.of("nohost"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisStoreConfig.cluster(List.of("h:0"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisStoreConfig.standalone("redis://a:1").withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RedisStoreConfig.parseHostPort("[::1]:7000")).isEqualTo(new RedisStoreConfig.HostPort("::1", 7000));
    }

    @Test
    void neverPrintsThePassword() {
        RedisStoreConfig c = RedisStoreConfig.standalone("rediss://wharf:s3cret@cache:6380/0");
        assertThat(c.toString()).doesNotContain("s3cret").contains("rediss://wharf:***@cache:6380/0");
        assertThat(RedisStoreConfig.redact("redis://:s3cret@h:1")).isEqualTo("redis://:***@h:1");
        assertThat(RedisStoreConfig.redact("redis://h:1")).isEqualTo("redis://h:1");
    }
}
