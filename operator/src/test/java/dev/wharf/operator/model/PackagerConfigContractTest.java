package dev.wharf.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.operator.Fixtures;
import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.packager.config.PackagerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rendered packager.yaml is parsed and validated by the packager's own {@link ConfigLoader}
 * (strict: unknown fields fail), so the operator can never write a configuration the packager refuses.
 */
class PackagerConfigContractTest {
    static final OperatorConfig REDIS = OperatorConfig.from(Map.of("WHARF_REDIS_URL", "redis://redis:6379/0")::get);

    @Test
    void storageDurabilityReachesThePackager() {
        var channel = Fixtures.channel("channel-minimal.yaml");
        channel.getSpec().storage = new dev.wharf.api.v1.StorageSpec();
        channel.getSpec().storage.durability = "replicated";
        PackagerConfig c = ConfigLoader.parse(PackagerConfigRenderer.render(ChannelModel.of(channel, REDIS), List.of()));
        assertThat(c.storage.redis.durability).isEqualTo("replicated");
        assertThat(c.storage.redis.url).isEqualTo("redis://redis:6379/0");
    }

    @Test
    void cdnAuthorizationReachesThePackagerAsAFileProjectedFromTheUsersSecret() {
        var channel = Fixtures.channel("channel-minimal.yaml");
        var endpoint = Fixtures.endpoint("endpoint-hls-future-fields.yaml");
        endpoint.getSpec().channelName = channel.getMetadata().getName();
        var model = ChannelModel.of(channel, REDIS);
        PackagerConfig c = ConfigLoader.parse(PackagerConfigRenderer.render(model, List.of(endpoint)));
        var auth = c.originEndpoints.getFirst().spec.authorization;
        assertThat(auth.cdnIdentifierFile).isEqualTo("/etc/wharf/cdn/hls-drm").isEqualTo(Names.cdnIdentifierFile("hls-drm"));
        assertThat(auth.cdnIdentifier).isNull();
        assertThat(endpoint.getSpec().authorization.cdnIdentifierFile).as("the CR itself is not changed").isNull();

        var sources = dev.wharf.operator.channel.dependent.PackagerDeploymentDependentResource.desired(model, Map.of(), null,
                List.of(endpoint)).getSpec().getTemplate().getSpec().getVolumes().get(0).getProjected().getSources();
        assertThat(sources).hasSize(3);
        var secret = sources.get(2).getSecret();
        assertThat(secret.getName()).isEqualTo("cdn");
        assertThat(secret.getOptional()).as("a missing Secret closes the endpoint, not the channel's pods").isTrue();
        assertThat(secret.getItems()).singleElement().satisfies(i -> {
            assertThat(i.getKey()).isEqualTo("id");
            // the volume is mounted at /etc/wharf: the file packager.yaml names
            assertThat(Names.CONFIG_DIR + "/" + i.getPath()).isEqualTo(auth.cdnIdentifierFile);
        });
    }

    @Test
    void sentinelAndClusterStorageReachThePackagerWithPasswordFilesOnly() {
        var channel = Fixtures.channel("channel-minimal.yaml");
        channel.getSpec().storage = new dev.wharf.api.v1.StorageSpec();
        var sentinel = new dev.wharf.api.v1.RedisSentinelSpec();
        sentinel.masterName = "mymaster";
        sentinel.sentinels = List.of("sentinel-a:26379", "[fd00::1]:26379");
        sentinel.passwordSecretRef = new dev.wharf.api.v1.SecretKeyRefSpec("redis", "password");
        channel.getSpec().storage.sentinel = sentinel;
        PackagerConfig c = ConfigLoader.parse(PackagerConfigRenderer.render(ChannelModel.of(channel, REDIS), List.of()));
        assertThat(c.storage.type).isEqualTo(PackagerConfig.Storage.Type.redis);
        assertThat(c.storage.redis.url).as("the channel's storage wins over the operator's default").isNull();
        assertThat(c.storage.redis.sentinelMaster).isEqualTo("mymaster");
        assertThat(c.storage.redis.sentinelNodes).containsExactly("sentinel-a:26379", "[fd00::1]:26379");
        assertThat(c.storage.redis.passwordFile).isEqualTo(Names.REDIS_PASSWORD_FILE);
        assertThat(c.storage.redis.sentinelPasswordFile).isNull();

        channel.getSpec().storage.sentinel = null;
        var cluster = new dev.wharf.api.v1.RedisClusterSpec();
        cluster.nodes = List.of("redis-0.redis:6379", "redis-1.redis:6379");
        channel.getSpec().storage.cluster = cluster;
        var model = ChannelModel.of(channel, REDIS);
        assertThat(model.problems()).isEmpty();
        c = ConfigLoader.parse(PackagerConfigRenderer.render(model, List.of()));
        assertThat(c.storage.redis.clusterNodes).containsExactly("redis-0.redis:6379", "redis-1.redis:6379");
        assertThat(c.storage.redis.sentinelMaster).isNull();
        assertThat(c.storage.redis.passwordFile).as("no Secret given: no AUTH").isNull();
        assertThat(dev.wharf.operator.channel.dependent.PackagerDeploymentDependentResource.desired(model, Map.of())
                .getSpec().getTemplate().getSpec().getVolumes().get(0).getProjected().getSources())
                .as("packager.yaml and the ingest credentials only").hasSize(2);
        // storage is read at pod start: a change of it must roll the pods, an unchanged one must not
        var urlModel = ChannelModel.of(Fixtures.channel("channel-minimal.yaml"), REDIS);
        String clusterHash = storageHash(model);
        assertThat(storageHash(ChannelModel.of(channel, REDIS))).isEqualTo(clusterHash);
        assertThat(storageHash(urlModel)).as("the operator's default URL").isNotEqualTo(clusterHash);
    }

    static String storageHash(ChannelModel m) {
        return dev.wharf.operator.channel.dependent.PackagerDeploymentDependentResource.desired(m, Map.of()).getSpec()
                .getTemplate().getMetadata().getAnnotations()
                .get(dev.wharf.operator.channel.dependent.PackagerDeploymentDependentResource.STORAGE_HASH);
    }

    @Test
    void badSentinelOrClusterSettingsAreAnInvalidSpec() {
        var channel = Fixtures.channel("channel-minimal.yaml");
        channel.getSpec().storage = new dev.wharf.api.v1.StorageSpec();
        var sentinel = new dev.wharf.api.v1.RedisSentinelSpec();
        sentinel.sentinels = List.of("sentinel-a", "sentinel-b:99999", "ok:26379");
        sentinel.sentinelPasswordSecretRef = new dev.wharf.api.v1.SecretKeyRefSpec("redis", null);
        channel.getSpec().storage.sentinel = sentinel;
        assertThat(ChannelModel.of(channel, REDIS).problems()).containsExactly(
                "spec.storage.sentinel.masterName: required, letters, digits, '.', '_' and '-' (at most 128)",
                "spec.storage.sentinel.sentinels[0]: expected host:port (port 1-65535), got 'sentinel-a'",
                "spec.storage.sentinel.sentinels[1]: expected host:port (port 1-65535), got 'sentinel-b:99999'",
                "spec.storage.sentinel.sentinelPasswordSecretRef: name and key are required");
        channel.getSpec().storage.sentinel = null;
        channel.getSpec().storage.cluster = new dev.wharf.api.v1.RedisClusterSpec();
        channel.getSpec().storage.redisSecret = new dev.wharf.api.v1.SecretKeyRefSpec("redis", "url");
        assertThat(ChannelModel.of(channel, REDIS).problems())
                .containsExactly("spec.storage: set only one of redisUrl, redisSecret, sentinel or cluster");
        channel.getSpec().storage.redisSecret = null;
        assertThat(ChannelModel.of(channel, REDIS).problems()).containsExactly("spec.storage.cluster.nodes: at least one host:port");
    }

    /** On SIGTERM the packager drains, then lets requests finish: both must fit before the kubelet's SIGKILL. */
    @Test
    void gracefulShutdownFitsThePodsTerminationGracePeriod() {
        var model = ChannelModel.of(Fixtures.channel("channel-minimal.yaml"), REDIS);
        PackagerConfig c = ConfigLoader.parse(PackagerConfigRenderer.render(model, List.of()));
        long grace = dev.wharf.operator.channel.dependent.PackagerDeploymentDependentResource.desired(model, Map.of())
                .getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        long socketStops = dev.wharf.packager.Packager.SOCKETS * dev.wharf.packager.Packager.SOCKET_STOP_GRACE.toSeconds();
        assertThat(c.server.drainSeconds + c.server.shutdownGraceSeconds + socketStops).isLessThan(grace);
    }

    @Test
    void renderedConfigurationIsAcceptedByThePackager() {
        var model = ChannelModel.of(Fixtures.channel("channel-minimal.yaml"), REDIS);
        var endpoints = List.of(Fixtures.endpoint("endpoint-hls.yaml"), Fixtures.endpoint("endpoint-hls-future-fields.yaml"),
                Fixtures.endpoint("endpoint-cmaf.yaml"), Fixtures.endpoint("endpoint-dash.yaml"), Fixtures.endpoint("endpoint-mss.yaml"),
                Fixtures.endpoint("endpoint-invalid.yaml"));
        String yaml = PackagerConfigRenderer.render(model, PackagerConfigRenderer.servedEndpoints(endpoints));

        PackagerConfig c = ConfigLoader.parse(yaml);
        assertThat(c.server.adminPort).isEqualTo(9090);
        assertThat(c.server.nonceSecret).as("never in a ConfigMap").isNull();
        assertThat(c.storage.type).isEqualTo(PackagerConfig.Storage.Type.redis);
        assertThat(c.storage.redis.url).isEqualTo("redis://redis:6379/0");
        assertThat(c.channels).singleElement().satisfies(ch -> {
            assertThat(ch.metadata.namespace).isEqualTo("live");
            assertThat(ch.metadata.name).isEqualTo("news");
            assertThat(ch.spec.ingestEndpoints).extracting(i -> i.id + ":" + i.username + ":" + i.passwordFile).containsExactly(
                    "primary:news-primary:/etc/wharf/credentials/primary", "secondary:news-secondary:/etc/wharf/credentials/secondary");
        });
        assertThat(c.originEndpoints).extracting(e -> e.metadata.name).as("served only, sorted")
                .containsExactlyElementsOf(EndpointModel.SERVED_FORMATS.contains("MSS") ? List.of("cmaf", "dash", "hls", "hls-drm", "mss")
                        : List.of("cmaf", "dash", "hls", "hls-drm"));
        assertThat(c.originEndpoints.get(0).spec.cmafPackage.hlsManifests.get(0).manifestName).isEqualTo("master");
        assertThat(c.originEndpoints.get(1).spec.dashPackage.utcTimingUri).isEqualTo("https://time.akamai.com/?iso");
        c.originEndpoints = c.originEndpoints.subList(2, 4);
        assertThat(c.originEndpoints.get(0).spec.hlsPackage.programDateTimeIntervalSeconds).isEqualTo(10);
        assertThat(c.originEndpoints.get(1).spec.hlsPackage.encryption.spekeKeyProvider.resourceId).isEqualTo("news-hls");
    }

    @Test
    void descriptionAndInputLossThresholdReachThePackager() {
        var full = Fixtures.channel("channel-full.yaml");
        full.getSpec().storage = null; // its Redis Secret reaches the packager as an environment variable
        var model = ChannelModel.of(full, REDIS);
        PackagerConfig c = ConfigLoader.parse(PackagerConfigRenderer.render(model, List.of()));
        assertThat(c.channels).singleElement().satisfies(ch -> {
            assertThat(ch.spec.description).isEqualTo("Sports channel, two encoders");
            assertThat(ch.spec.inputLossThresholdSeconds).isEqualTo(6.0);
            assertThat(ch.spec.retentionSeconds).isEqualTo(7200);
        });

        var minimal = ChannelModel.of(Fixtures.channel("channel-minimal.yaml"), REDIS);
        String yaml = PackagerConfigRenderer.render(minimal, List.of());
        assertThat(yaml).as("unset: the packager's defaults apply").doesNotContain("inputLossThresholdSeconds");
        assertThat(ConfigLoader.parse(yaml).channels.get(0).spec.inputLossThresholdSeconds).isNull();
    }

    @Test
    void anInputLossThresholdThePackagerWouldRefuseIsAnInvalidSpec() {
        for (double bad : new double[] {0.1, 601}) {
            var channel = Fixtures.channel("channel-minimal.yaml");
            channel.getSpec().inputLossThresholdSeconds = bad;
            assertThat(ChannelModel.of(channel, REDIS).problems()).containsExactly("spec.inputLossThresholdSeconds: must be between 0.5 and 600");
        }
    }

    @Test
    void memoryStorageWithoutRedisAndDeterministicOutput() {
        var model = ChannelModel.of(Fixtures.channel("channel-minimal.yaml"), OperatorConfig.from(Map.<String, String>of()::get));
        String a = PackagerConfigRenderer.render(model, List.of(Fixtures.endpoint("endpoint-hls.yaml")));
        String b = PackagerConfigRenderer.render(model, List.of(Fixtures.endpoint("endpoint-hls.yaml")));
        assertThat(a).isEqualTo(b);
        assertThat(ConfigLoader.parse(a).storage.type).isEqualTo(PackagerConfig.Storage.Type.memory);
    }
}
