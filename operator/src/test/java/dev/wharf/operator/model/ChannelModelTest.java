package dev.wharf.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.operator.Fixtures;
import dev.wharf.operator.api.v1.Channel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelModelTest {
    static final OperatorConfig REDIS = OperatorConfig.from(Map.of("WHARF_REDIS_URL", "redis://redis:6379")::get);
    static final OperatorConfig NO_REDIS = OperatorConfig.from(Map.<String, String>of()::get);

    @Test
    void minimalChannelGetsTwoIngestEndpointsTwoReplicasAndTheOperatorsRedis() {
        ChannelModel m = ChannelModel.of(Fixtures.channel("channel-minimal.yaml"), REDIS);
        assertThat(m.valid()).isTrue();
        assertThat(m.ingestEndpoints()).containsExactly(new ChannelModel.Ingest("primary", "news-primary"),
                new ChannelModel.Ingest("secondary", "news-secondary"));
        assertThat(m.replicas()).isEqualTo(2);
        assertThat(m.image()).isEqualTo(OperatorConfig.DEFAULT_IMAGE);
        assertThat(m.storage().redisUrl()).isEqualTo("redis://redis:6379");
    }

    @Test
    void withoutRedisTheChannelRunsOneReplica() {
        ChannelModel m = ChannelModel.of(Fixtures.channel("channel-minimal.yaml"), NO_REDIS);
        assertThat(m.storage().shared()).isFalse();
        assertThat(m.replicas()).isEqualTo(1);
    }

    @Test
    void fullChannelKeepsItsSettings() {
        ChannelModel m = ChannelModel.of(Fixtures.channel("channel-full.yaml"), REDIS);
        assertThat(m.valid()).isTrue();
        assertThat(m.ingestEndpoints()).containsExactly(new ChannelModel.Ingest("main", "sports-main"),
                new ChannelModel.Ingest("backup", "sports-backup"));
        assertThat(m.replicas()).isEqualTo(3);
        assertThat(m.image()).isEqualTo("registry.example/wharf-packager:1.2.3");
        assertThat(m.storage().redisSecret().name).isEqualTo("redis-credentials");
        assertThat(m.storage().redisUrl()).isNull();
        assertThat(m.retentionSeconds()).isEqualTo(7200);
    }

    @Test
    void reservedDuplicateAndOverlongInputsAreProblems() {
        Channel c = Fixtures.channel("channel-minimal.yaml");
        c.getSpec().ingestEndpoints = java.util.List.of(new dev.wharf.api.v1.IngestEndpointSpec("admin-token", null, null),
                new dev.wharf.api.v1.IngestEndpointSpec("x", null, "secret123"));
        c.getMetadata().setName("n".repeat(55));
        assertThat(ChannelModel.of(c, REDIS).problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("reserved"))
                .anySatisfy(p -> assertThat(p).contains("do not set password"))
                .anySatisfy(p -> assertThat(p).contains("metadata.name"));
    }

    @Test
    void operatorConfigurationParsesItsEnvironmentVariables() {
        OperatorConfig c = OperatorConfig.from(Map.of(
                "WHARF_WATCH_NAMESPACES", " live, staging ,",
                "WHARF_INGRESS_ANNOTATIONS", "{\"a\":\"1\"}",
                "WHARF_REDIS_SECRET", "redis:url",
                "WHARF_LEADER_ELECTION", "true")::get);
        assertThat(c.watchNamespaces()).containsExactlyInAnyOrder("live", "staging");
        assertThat(c.ingressAnnotations()).containsExactly(Map.entry("a", "1"));
        assertThat(c.redisSecret().name).isEqualTo("redis");
        assertThat(c.redisSecret().key).isEqualTo("url");
        assertThat(c.leaderElection()).isTrue();
        assertThat(c.scheme()).isEqualTo("http");
        assertThatThrownBy(() -> OperatorConfig.from(Map.of("WHARF_REDIS_SECRET", "nokey")::get))
                .hasMessageContaining("secret-name:key");
        assertThatThrownBy(() -> OperatorConfig.from(Map.of("WHARF_INGRESS_ANNOTATIONS", "[1]")::get))
                .hasMessageContaining("JSON object");
    }
}
