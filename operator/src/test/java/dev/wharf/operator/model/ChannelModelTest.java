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
    void autoscalingDefaultsAndItsProblems() {
        Channel c = Fixtures.channel("channel-full.yaml"); // requests cpu: 500m
        c.getSpec().packager.autoscaling = new dev.wharf.api.v1.AutoscalingSpec();
        c.getSpec().packager.autoscaling.maxReplicas = 1;
        ChannelModel m = ChannelModel.of(c, REDIS);
        assertThat(m.problems()).isEmpty();
        assertThat(m.autoscaling()).as("min defaults to 2, capped by max; CPU 80 %% without metrics")
                .isEqualTo(new ChannelModel.Autoscaling(1, 1, 80, java.util.List.of()));
        assertThat(m.replicas()).isEqualTo(1);

        c.getSpec().packager.autoscaling.maxReplicas = 5;
        c.getSpec().packager.autoscaling.metrics.add(new dev.wharf.api.v1.PodsMetricSpec("wharf_egress_requests_per_second", "1500m"));
        assertThat(ChannelModel.of(c, REDIS).autoscaling()).as("custom metrics only: no CPU target")
                .isEqualTo(new ChannelModel.Autoscaling(2, 5, null,
                        java.util.List.of(new ChannelModel.PodsMetric("wharf_egress_requests_per_second", "1500m"))));

        c.getSpec().packager.autoscaling.metrics.add(new dev.wharf.api.v1.PodsMetricSpec("x", "lots"));
        c.getSpec().packager.autoscaling.minReplicas = 7;
        assertThat(ChannelModel.of(c, REDIS).problems()).containsExactly(
                "spec.packager.autoscaling: minReplicas (7) must not exceed maxReplicas (5)",
                "spec.packager.autoscaling.metrics[1].targetAverageValue: required, a quantity such as \"200\" or \"1500m\"");
        assertThat(ChannelModel.of(c, NO_REDIS).autoscaling()).as("no Redis: one replica, no HPA").isNull();
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
