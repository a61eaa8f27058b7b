package dev.wharf.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.operator.api.v1.ApiConstants;
import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.OriginEndpoint;
import dev.wharf.operator.channel.dependent.IngestCredentialsSecretDependentResource;
import dev.wharf.operator.model.Conditions;
import dev.wharf.operator.model.EndpointModel;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.push.HttpPackagerConfigPusher;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator end to end against fabric8's CRUD mock API server: what {@code kubectl get} would
 * show after each step. Packager pods are Pod objects whose IP is loopback, where a real HTTP
 * server ({@link RecordingPackager}) records the configuration pushes.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorReconcileTest {
    static final String NS = "live";
    static final Duration POLL = Duration.ofMillis(300);
    KubernetesClient client;
    RecordingPackager packager;
    Operator operator;
    OperatorConfig config;

    @BeforeEach
    void start() throws Exception {
        packager = new RecordingPackager();
        config = OperatorConfig.from(Map.of(
                "WHARF_INGEST_HOST", "ingest.example.com",
                "WHARF_PLAYBACK_HOST", "play.example.com",
                "WHARF_INGRESS_CLASS", "nginx",
                "WHARF_TLS_SECRET", "wharf-tls",
                "WHARF_INGRESS_ANNOTATIONS", "{\"cert-manager.io/cluster-issuer\":\"letsencrypt\"}",
                "WHARF_REDIS_URL", "redis://redis:6379")::get).withPackagerAdminPort(packager.port())
                .withInputStatusInterval(POLL);
        operator = WharfOperator.create(client, config, new HttpPackagerConfigPusher(packager.port()), Clock.systemUTC(), o -> o
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false));
        operator.start();
    }

    @AfterEach
    void stop() {
        operator.stop();
        packager.close();
    }

    @Test
    void channelBecomesReadyWithOwnedObjectsAndServesANewEndpoint() {
        Channel channel = client.resource(Fixtures.channel("channel-minimal.yaml")).create();

        Secret secret = await().atMost(Duration.ofSeconds(20)).until(() -> get(Secret.class, "news-ingest"), s -> s != null);
        assertThat(IngestCredentialsSecretDependentResource.decode(secret))
                .containsKeys("primary", "secondary", Names.ADMIN_TOKEN_KEY, Names.NONCE_SECRET_KEY);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (var kind : List.of(io.fabric8.kubernetes.api.model.ConfigMap.class, Deployment.class,
                    io.fabric8.kubernetes.api.model.Service.class,
                    io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class)) {
                assertOwnedBy(get(kind, "news-packager"), channel);
            }
            assertOwnedBy(get(Ingress.class, "news-ingest"), channel);
            assertOwnedBy(get(Secret.class, "news-ingest"), channel);
        });
        assertThat(get(Ingress.class, "news-playback")).as("no endpoint yet: no playback Ingress").isNull();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Channel c = channel("news");
            assertThat(ready(c.getStatus().conditions)).hasValueSatisfying(r -> {
                assertThat(r.getStatus()).isEqualTo("False");
                assertThat(r.getReason()).isEqualTo("WaitingForPods");
            });
            assertThat(c.getStatus().ingestEndpoints).extracting(i -> i.url).containsExactly(
                    "https://ingest.example.com/in/v2/live/news/primary/channel",
                    "https://ingest.example.com/in/v2/live/news/secondary/channel");
            assertThat(c.getStatus().ingestEndpoints).extracting(i -> i.username).containsExactly("news-primary", "news-secondary");
            assertThat(c.getStatus().ingestEndpoints.get(0).passwordSecretRef.name).isEqualTo("news-ingest");
            assertThat(c.getStatus().observedGeneration).isEqualTo(c.getMetadata().getGeneration());
        });

        startPackagerPod("news", "news-packager-a");
        String token = IngestCredentialsSecretDependentResource.decode(get(Secret.class, "news-ingest")).get(Names.ADMIN_TOKEN_KEY);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ready(channel("news").getStatus().conditions)).hasValueSatisfying(r -> assertThat(r.getStatus()).isEqualTo("True"));
            assertThat(packager.last()).isNotNull();
            assertThat(packager.last().authorization()).isEqualTo("Bearer " + token);
        });

        client.resource(Fixtures.endpoint("endpoint-hls.yaml")).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            OriginEndpoint e = client.resources(OriginEndpoint.class).inNamespace(NS).withName("hls").get();
            assertThat(e.getStatus()).isNotNull();
            assertThat(e.getStatus().url).isEqualTo("https://play.example.com/out/v1/live/news/hls/index.m3u8");
            assertThat(ready(e.getStatus().conditions)).hasValueSatisfying(r -> {
                assertThat(r.getStatus()).isEqualTo("True");
                assertThat(r.getReason()).isEqualTo("Serving");
            });
        });
        assertThat(packager.last().body()).contains("name: hls").contains("minVideoBitsPerSecond: 500000");
        assertThat(get(io.fabric8.kubernetes.api.model.ConfigMap.class, "news-packager").getData().get("packager.yaml"))
                .isEqualTo(packager.last().body());
        Ingress playback = await().atMost(Duration.ofSeconds(20)).until(() -> get(Ingress.class, "news-playback"), i -> i != null);
        assertThat(playback.getSpec().getRules().get(0).getHttp().getPaths()).extracting(p -> p.getPath())
                .containsExactly("/out/v1/live/news/hls/");

        client.resources(OriginEndpoint.class).inNamespace(NS).withName("hls").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(packager.last().body()).doesNotContain("name: hls");
            assertThat(get(Ingress.class, "news-playback")).isNull();
        });
    }

    @Test
    void cmafAndDashEndpointsAreRenderedPushedAndReadyWithTheirManifestUrls() {
        client.resource(Fixtures.channel("channel-minimal.yaml")).create();
        startPackagerPod("news", "news-packager-a");
        var cmaf = Fixtures.endpoint("endpoint-cmaf.yaml");
        var tv = new dev.wharf.api.v1.CmafHlsManifestSpec();
        tv.id = "tv";
        tv.includeIframeOnlyStream = true; // applied (CmafIframes)
        cmaf.getSpec().cmafPackage.hlsManifests.add(tv);
        client.resource(cmaf).create();
        var dash = Fixtures.endpoint("endpoint-dash.yaml");
        dash.getSpec().dashPackage.periodTriggers.clear();
        client.resource(dash).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            OriginEndpoint c = client.resources(OriginEndpoint.class).inNamespace(NS).withName("cmaf").get();
            assertThat(c.getStatus()).isNotNull();
            assertThat(c.getStatus().format).isEqualTo("CMAF");
            assertThat(ready(c.getStatus().conditions)).hasValueSatisfying(r -> assertThat(r.getReason()).isEqualTo("Serving"));
            assertThat(c.getStatus().url).isEqualTo("https://play.example.com/out/v1/live/news/cmaf/main/master.m3u8");
            assertThat(c.getStatus().urls).containsExactly("https://play.example.com/out/v1/live/news/cmaf/main/master.m3u8",
                    "https://play.example.com/out/v1/live/news/cmaf/tv/index.m3u8");
            // segmentDurationSeconds (4 in the fixture) and the I-frame stream are applied
            assertThat(Conditions.find(c.getStatus().conditions, "FieldsInEffect")).hasValueSatisfying(f -> {
                assertThat(f.getStatus()).isEqualTo("True");
                assertThat(f.getReason()).isEqualTo("AllInEffect");
            });

            OriginEndpoint d = client.resources(OriginEndpoint.class).inNamespace(NS).withName("dash").get();
            assertThat(d.getStatus()).isNotNull();
            assertThat(d.getStatus().format).isEqualTo("DASH");
            assertThat(ready(d.getStatus().conditions)).hasValueSatisfying(r -> assertThat(r.getReason()).isEqualTo("Serving"));
            assertThat(d.getStatus().url).isEqualTo("https://play.example.com/out/v1/live/news/dash/index.mpd");
            assertThat(d.getStatus().urls).containsExactly(d.getStatus().url);
            assertThat(Conditions.find(d.getStatus().conditions, "FieldsInEffect")).hasValueSatisfying(f -> {
                assertThat(f.getStatus()).isEqualTo("True");
                assertThat(f.getReason()).isEqualTo("AllInEffect");
            });
        });
        assertThat(packager.last().body()).contains("cmafPackage:").contains("id: tv").contains("dashPackage:")
                .contains("utcTimingUri: https://time.akamai.com/?iso");
        Ingress playback = await().atMost(Duration.ofSeconds(20)).until(() -> get(Ingress.class, "news-playback"),
                i -> i != null && i.getSpec().getRules().get(0).getHttp().getPaths().size() == 2);
        assertThat(playback.getSpec().getRules().get(0).getHttp().getPaths()).extracting(p -> p.getPath())
                .containsExactly("/out/v1/live/news/cmaf/", "/out/v1/live/news/dash/");

        // MediaPackage's defaults (25 s delay, 15 s update period) let players play; a 6 s delay with the default
        // update period is valid but stalls dash.js and shaka (docs/players.md): served, and said in the status.
        assertThat(Conditions.find(client.resources(OriginEndpoint.class).inNamespace(NS).withName("dash").get()
                .getStatus().conditions, "PlaybackSettings")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Consistent");
        });
        client.resources(OriginEndpoint.class).inNamespace(NS).withName("dash")
                .edit(e -> {
                    e.getSpec().dashPackage.suggestedPresentationDelaySeconds = 6;
                    return e;
                });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            OriginEndpoint d = client.resources(OriginEndpoint.class).inNamespace(NS).withName("dash").get();
            assertThat(Conditions.find(d.getStatus().conditions, "PlaybackSettings")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("PlayersMayStall");
                assertThat(c.getMessage()).contains("suggestedPresentationDelaySeconds (6) is below minUpdatePeriodSeconds (15)");
            });
            assertThat(ready(d.getStatus().conditions)).hasValueSatisfying(r -> assertThat(r.getStatus()).isEqualTo("True"));
        });
    }

    @Test
    void autoscalingOwnsAnHpaAndLeavesTheReplicasToIt() {
        Channel ch = Fixtures.channel("channel-minimal.yaml");
        ch.getSpec().packager = new dev.wharf.api.v1.PackagerSpec();
        ch.getSpec().packager.resources = new dev.wharf.api.v1.ResourcesSpec();
        ch.getSpec().packager.resources.requests.put("cpu", "500m");
        ch.getSpec().packager.autoscaling = new dev.wharf.api.v1.AutoscalingSpec();
        ch.getSpec().packager.autoscaling.minReplicas = 2;
        ch.getSpec().packager.autoscaling.maxReplicas = 6;
        ch.getSpec().packager.autoscaling.targetCPUUtilizationPercentage = 70;
        ch.getSpec().packager.autoscaling.metrics.add(new dev.wharf.api.v1.PodsMetricSpec("wharf_egress_requests_per_second", "200"));
        Channel channel = client.resource(ch).create();

        HorizontalPodAutoscaler hpa = await().atMost(Duration.ofSeconds(20)).until(() -> get(HorizontalPodAutoscaler.class, "news-packager"),
                h -> h != null);
        assertOwnedBy(hpa, channel);
        assertThat(hpa.getSpec().getScaleTargetRef()).satisfies(t -> {
            assertThat(t.getApiVersion()).isEqualTo("apps/v1");
            assertThat(t.getKind()).isEqualTo("Deployment");
            assertThat(t.getName()).isEqualTo("news-packager");
        });
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa.getSpec().getMetrics()).extracting(m -> m.getType()).containsExactly("Resource", "Pods");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource()).satisfies(r -> {
            assertThat(r.getName()).isEqualTo("cpu");
            assertThat(r.getTarget().getType()).isEqualTo("Utilization");
            assertThat(r.getTarget().getAverageUtilization()).isEqualTo(70);
        });
        assertThat(hpa.getSpec().getMetrics().get(1).getPods()).satisfies(p -> {
            assertThat(p.getMetric().getName()).isEqualTo("wharf_egress_requests_per_second");
            assertThat(p.getTarget().getType()).isEqualTo("AverageValue");
            assertThat(p.getTarget().getAverageValue().toString()).isEqualTo("200");
        });
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> get(Deployment.class, "news-packager"), d -> d != null)
                .getSpec().getReplicas()).as("a new Deployment starts at minReplicas").isEqualTo(2);

        // The HPA scales the Deployment (through its scale subresource); the operator must not undo it, neither on
        // an unrelated reconcile nor when it updates the Deployment for another reason (a new image).
        client.apps().deployments().inNamespace(NS).withName("news-packager").edit(d -> {
            d.getSpec().setReplicas(5);
            return d;
        });
        editChannel("news", c -> {
            c.getSpec().packager.image = "registry.example/wharf-packager:2";
            c.getSpec().packager.autoscaling.maxReplicas = 8;
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(get(HorizontalPodAutoscaler.class, "news-packager").getSpec().getMaxReplicas()).isEqualTo(8);
            assertThat(get(Deployment.class, "news-packager").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("registry.example/wharf-packager:2");
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get(Deployment.class, "news-packager").getSpec().getReplicas()).as("the HPA's choice stays").isEqualTo(5));

        // Invalid autoscaling (the API server's CEL rule would refuse it; the mock has none): a condition, nothing touched.
        editChannel("news", c -> c.getSpec().packager.autoscaling.minReplicas = 9);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ready(channel("news").getStatus().conditions)).hasValueSatisfying(r -> {
                    assertThat(r.getStatus()).isEqualTo("False");
                    assertThat(r.getReason()).isEqualTo("InvalidSpec");
                    assertThat(r.getMessage()).contains("spec.packager.autoscaling: minReplicas (9) must not exceed maxReplicas (8)");
                }));
        assertThat(get(HorizontalPodAutoscaler.class, "news-packager").getSpec().getMinReplicas()).isEqualTo(2);
        editChannel("news", c -> c.getSpec().packager.resources = null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ready(channel("news").getStatus().conditions)).hasValueSatisfying(r ->
                        assertThat(r.getMessage()).contains("needs spec.packager.resources.requests.cpu")));

        // Autoscaling removed: the HPA goes, and the operator owns the replica count again.
        editChannel("news", c -> {
            c.getSpec().packager.autoscaling = null;
            c.getSpec().packager.replicas = 3;
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(get(HorizontalPodAutoscaler.class, "news-packager")).isNull();
            assertThat(get(Deployment.class, "news-packager").getSpec().getReplicas()).isEqualTo(3);
            assertThat(ready(channel("news").getStatus().conditions)).hasValueSatisfying(r ->
                    assertThat(r.getReason()).isNotEqualTo("InvalidSpec"));
        });
    }

    /**
     * Edits a Channel like kubectl does: read, change, write with the read resourceVersion, and try
     * again on 409 (the operator writes the same object's status concurrently).
     */
    void editChannel(String name, java.util.function.Consumer<Channel> change) {
        for (int attempt = 0; ; attempt++) {
            try {
                client.resources(Channel.class).inNamespace(NS).withName(name).edit(c -> {
                    change.accept(c);
                    return c;
                });
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    @Test
    void credentialsAreStableAcrossReconcilesAndRotatedOnRequest() {
        client.resource(Fixtures.channel("channel-minimal.yaml")).create();
        Map<String, String> first = await().atMost(Duration.ofSeconds(20))
                .until(() -> decode(get(Secret.class, "news-ingest")), m -> m.containsKey("primary"));

        // Any change makes the operator reconcile again: the passwords must stay.
        editChannel("news", c -> c.getSpec().description = "changed");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(decode(get(Secret.class, "news-ingest"))).isEqualTo(first));

        editChannel("news", c -> c.getMetadata().getAnnotations().put(ApiConstants.ROTATE_CREDENTIALS, "primary"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, String> now = decode(get(Secret.class, "news-ingest"));
            assertThat(now.get("primary")).isNotEqualTo(first.get("primary"));
            assertThat(now.get("secondary")).isEqualTo(first.get("secondary"));
            assertThat(now.get(Names.ADMIN_TOKEN_KEY)).isEqualTo(first.get(Names.ADMIN_TOKEN_KEY));
            assertThat(channel("news").getMetadata().getAnnotations()).doesNotContainKey(ApiConstants.ROTATE_CREDENTIALS);
        });
        Map<String, String> rotated = decode(get(Secret.class, "news-ingest"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(decode(get(Secret.class, "news-ingest"))).isEqualTo(rotated));
        // The pod template changes with the credentials, so the pods roll and pick up the new Secret.
        assertThat(get(Deployment.class, "news-packager").getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("wharf.dev/credentials-hash");
    }

    @Test
    void endpointWaitsForItsChannelThenBecomesReady() {
        client.resource(Fixtures.endpoint("endpoint-hls.yaml")).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var e = client.resources(OriginEndpoint.class).inNamespace(NS).withName("hls").get();
            assertThat(e.getStatus()).as("status of hls").isNotNull();
            assertThat(ready(e.getStatus().conditions)).hasValueSatisfying(r -> {
                assertThat(r.getStatus()).isEqualTo("False");
                assertThat(r.getReason()).isEqualTo("ChannelNotFound");
                assertThat(r.getMessage()).contains("news");
            });
        });

        client.resource(Fixtures.channel("channel-minimal.yaml")).create();
        startPackagerPod("news", "news-packager-a");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var e = client.resources(OriginEndpoint.class).inNamespace(NS).withName("hls").get();
            assertThat(e.getStatus()).as("status of hls").isNotNull();
            assertThat(ready(e.getStatus().conditions)).hasValueSatisfying(r -> assertThat(r.getReason()).isEqualTo("Serving"));
        });
        assertThat(packager.last().body()).contains("name: hls");
    }

    @Test
    void sentinelStorageRendersNodesAndMountsPasswordsFromSecrets() {
        client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("redis-auth")
                .withNamespace(NS).endMetadata().withStringData(Map.of("password", "data-S3cret-value",
                        "sentinel-password", "sentinel-S3cret-value")).build()).create();
        Channel channel = Fixtures.channel("channel-minimal.yaml");
        var sentinel = new dev.wharf.api.v1.RedisSentinelSpec();
        sentinel.masterName = "wharf";
        sentinel.sentinels = List.of("redis-sentinel-0.redis:26379", "redis-sentinel-1.redis:26379");
        sentinel.passwordSecretRef = new dev.wharf.api.v1.SecretKeyRefSpec("redis-auth", "password");
        sentinel.sentinelPasswordSecretRef = new dev.wharf.api.v1.SecretKeyRefSpec("redis-auth", "sentinel-password");
        channel.getSpec().storage = new dev.wharf.api.v1.StorageSpec();
        channel.getSpec().storage.sentinel = sentinel;
        channel.getSpec().storage.durability = "replicated";
        client.resource(channel).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var cm = get(io.fabric8.kubernetes.api.model.ConfigMap.class, "news-packager");
            assertThat(cm).isNotNull();
            String yaml = cm.getData().get(Names.CONFIG_KEY);
            assertThat(yaml).doesNotContain("S3cret");
            var redis = dev.wharf.packager.config.ConfigLoader.parse(yaml).storage.redis;
            assertThat(redis.url).isNull();
            assertThat(redis.sentinelMaster).isEqualTo("wharf");
            assertThat(redis.sentinelNodes).containsExactly("redis-sentinel-0.redis:26379", "redis-sentinel-1.redis:26379");
            assertThat(redis.passwordFile).isEqualTo("/etc/wharf/redis/password");
            assertThat(redis.sentinelPasswordFile).isEqualTo("/etc/wharf/redis/sentinel-password");
            assertThat(redis.durability).isEqualTo("replicated");

            assertThat(get(Deployment.class, "news-packager")).isNotNull();
            var pod = get(Deployment.class, "news-packager").getSpec().getTemplate().getSpec();
            var container = pod.getContainers().get(0);
            assertThat(container.getEnv()).extracting(e -> e.getName()).doesNotContain("WHARF_REDIS_URL");
            assertThat(container.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("config");
                assertThat(m.getMountPath()).isEqualTo("/etc/wharf");
            });
            var config = pod.getVolumes().stream().filter(v -> v.getName().equals("config")).findFirst().orElseThrow();
            assertThat(config.getProjected().getSources()).filteredOn(src -> src.getSecret() != null
                    && src.getSecret().getName().equals("redis-auth")).flatExtracting(src -> src.getSecret().getItems())
                    .extracting(i -> i.getKey() + "->" + i.getPath())
                    .containsExactly("password->redis/password", "sentinel-password->redis/sentinel-password");
            assertThat(ready(channel("news").getStatus().conditions)).hasValueSatisfying(r ->
                    assertThat(r.getReason()).isNotEqualTo("InvalidSpec"));
            assertThat(Conditions.find(channel("news").getStatus().conditions, "SharedStorage"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        });

        // Sentinel and a URL at once (the CRD's CEL rule refuses it; the mock API server has none): InvalidSpec
        editChannel("news", c -> c.getSpec().storage.redisUrl = "redis://redis:6379");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ready(channel("news").getStatus().conditions)).hasValueSatisfying(r -> {
                    assertThat(r.getStatus()).isEqualTo("False");
                    assertThat(r.getReason()).isEqualTo("InvalidSpec");
                    assertThat(r.getMessage()).contains("spec.storage: set only one of redisUrl, redisSecret, sentinel or cluster");
                }));
        assertThat(get(io.fabric8.kubernetes.api.model.ConfigMap.class, "news-packager").getData().get(Names.CONFIG_KEY))
                .as("the running configuration stays").contains("sentinelMaster: wharf");
    }

    @Test
    void invalidInputBecomesAConditionNotACrashLoop() {
        Channel bad = Fixtures.channel("channel-minimal.yaml");
        bad.getSpec().ingestEndpoints = List.of(new dev.wharf.api.v1.IngestEndpointSpec("a", null, null),
                new dev.wharf.api.v1.IngestEndpointSpec("a", null, null));
        client.resource(bad).create();
        client.resource(Fixtures.endpoint("endpoint-invalid.yaml")).create();
        client.resource(Fixtures.endpoint("endpoint-mss.yaml")).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ready(channel("news").getStatus().conditions)).hasValueSatisfying(r -> {
                assertThat(r.getReason()).isEqualTo("InvalidSpec");
                assertThat(r.getMessage()).contains("duplicate ingest endpoint id a");
            });
            var broken = client.resources(OriginEndpoint.class).inNamespace(NS).withName("broken").get();
            assertThat(ready(broken.getStatus().conditions)).hasValueSatisfying(r -> {
                assertThat(r.getReason()).isEqualTo("InvalidSpec");
                assertThat(r.getMessage()).contains("exactly one of").contains("not-a-cidr");
            });
            var mss = client.resources(OriginEndpoint.class).inNamespace(NS).withName("mss").get();
            // Until the packager serves MSS (EndpointModel.SERVED_FORMATS), an MSS endpoint waits as NotYetSupported;
            // once served it waits for its (invalid) channel instead.
            boolean mssServed = EndpointModel.SERVED_FORMATS.contains("MSS");
            assertThat(ready(mss.getStatus().conditions)).hasValueSatisfying(r ->
                    assertThat(r.getReason()).isEqualTo(mssServed ? "ChannelNotReady" : "NotYetSupported"));
            // segmentDurationSeconds is applied (joined Smooth fragments): every field of the fixture is in effect
            assertThat(Conditions.find(mss.getStatus().conditions, "FieldsInEffect")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo(mssServed ? "True" : "False");
                assertThat(mssServed ? c.getReason() : c.getMessage()).contains(mssServed ? "AllInEffect" : "mssPackage");
            });
            assertThat(mss.getStatus().url).isEqualTo("https://play.example.com/out/v1/live/news/mss/index.ism/Manifest");
        });
        assertThat(get(Deployment.class, "news-packager")).as("an invalid channel creates nothing").isNull();
    }

    @Test
    void aRejectedPushIsReportedAndRetried() {
        packager.answer(400, "originEndpoints[0].spec.manifestName: bad");
        client.resource(Fixtures.channel("channel-minimal.yaml")).create();
        startPackagerPod("news", "news-packager-a");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var c = channel("news");
            assertThat(Conditions.find(c.getStatus().conditions, "ConfigApplied")).hasValueSatisfying(r -> {
                assertThat(r.getReason()).isEqualTo("PushFailed");
                assertThat(r.getMessage()).contains("HTTP 400").contains("manifestName: bad");
            });
            assertThat(ready(c.getStatus().conditions)).hasValueSatisfying(r -> assertThat(r.getStatus()).isEqualTo("False"));
        });
        packager.answer(204, "");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ready(channel("news").getStatus().conditions)).hasValueSatisfying(r -> assertThat(r.getStatus()).isEqualTo("True")));
    }

    @Test
    void inputHealthInStatusAndAnEventOnFailover() {
        long t0 = 1_764_075_000_000L;
        packager.channelStatus(inputStatus("primary", 0, t0, 0.8, t0 - 1000, 1.8, false));
        client.resource(Fixtures.channel("channel-minimal.yaml")).create();
        startPackagerPod("news", "news-packager-a");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Channel c = channel("news");
            assertThat(c.getStatus().activeInput).isEqualTo("primary");
            assertThat(c.getStatus().failovers).isZero();
            assertThat(c.getStatus().ingestEndpoints).extracting(i -> i.id + ":" + i.active + ":" + i.healthy + ":" + i.lastContentTime)
                    .containsExactly("primary:true:true:2025-11-25T12:50:00Z", "secondary:false:true:2025-11-25T12:49:59Z");
            assertThat(Conditions.find(c.getStatus().conditions, "IngestActive")).hasValueSatisfying(r -> {
                assertThat(r.getStatus()).isEqualTo("True");
                assertThat(r.getReason()).isEqualTo("ReceivingContent");
            });
        });

        // Nothing changes in the packager: more polls patch nothing.
        String version = channel("news").getMetadata().getResourceVersion();
        String since = Conditions.find(channel("news").getStatus().conditions, "IngestActive").orElseThrow().getLastTransitionTime();
        int reads = packager.statusReads();
        await().atMost(Duration.ofSeconds(10)).until(() -> packager.statusReads() >= reads + 3);
        assertThat(channel("news").getMetadata().getResourceVersion()).as("no status churn").isEqualTo(version);

        // The primary goes silent past 3 thresholds (10 s: the channel sets none) and the packager switches.
        packager.channelStatus(inputStatus("secondary", 1, t0, 31.0, t0 + 30_000, 1.0, false));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Channel c = channel("news");
            assertThat(c.getStatus().activeInput).isEqualTo("secondary");
            assertThat(c.getStatus().failovers).isEqualTo(1);
            assertThat(c.getStatus().ingestEndpoints).extracting(i -> i.id + ":" + i.active + ":" + i.healthy)
                    .containsExactly("primary:false:false", "secondary:true:true");
            assertThat(failoverEvents()).singleElement().satisfies(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).isEqualTo("input primary lost, switched to secondary (failover 1)");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("news");
            });
        });
        assertThat(Conditions.find(channel("news").getStatus().conditions, "IngestActive").orElseThrow().getLastTransitionTime())
                .as("still True: the transition time stays").isEqualTo(since);
        int after = packager.statusReads();
        await().atMost(Duration.ofSeconds(10)).until(() -> packager.statusReads() >= after + 3);
        assertThat(failoverEvents()).as("one Event per failover").hasSize(1);

        // The secondary's encoder ends its stream.
        packager.channelStatus(inputStatus("secondary", 1, t0, 40.0, t0 + 30_000, 5.0, true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Conditions.find(channel("news").getStatus().conditions, "IngestActive")).hasValueSatisfying(r -> {
                    assertThat(r.getStatus()).isEqualTo("False");
                    assertThat(r.getReason()).isEqualTo("InputEnded");
                }));
    }

    @Test
    void ingestActiveIsUnknownWithoutAReadyPodAndNoContentBeforeAnyInput() {
        client.resource(Fixtures.channel("channel-minimal.yaml")).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Conditions.find(channel("news").getStatus().conditions, "IngestActive")).hasValueSatisfying(r -> {
                    assertThat(r.getStatus()).isEqualTo("Unknown");
                    assertThat(r.getReason()).isEqualTo("StatusUnavailable");
                }));
        packager.channelStatus("""
                {"namespace":"live","name":"news","activeInput":null,"failovers":0,"switchedAtMillis":0,"inputs":[
                {"id":"primary","active":false,"lastContentMillis":-1,"secondsSinceContent":null,"ended":false},
                {"id":"secondary","active":false,"lastContentMillis":-1,"secondsSinceContent":null,"ended":false}]}""");
        startPackagerPod("news", "news-packager-a");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Channel c = channel("news");
            assertThat(Conditions.find(c.getStatus().conditions, "IngestActive")).hasValueSatisfying(r -> {
                assertThat(r.getStatus()).isEqualTo("False");
                assertThat(r.getReason()).isEqualTo("NoContent");
            });
            assertThat(c.getStatus().activeInput).isNull();
            assertThat(c.getStatus().ingestEndpoints).extracting(i -> i.healthy + ":" + i.lastContentTime)
                    .containsExactly("false:null", "false:null");
        });
    }

    private List<io.fabric8.kubernetes.api.model.Event> failoverEvents() {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "InputFailover".equals(e.getReason())).toList();
    }

    /** The packager's answer with two inputs: which one is active, and each one's last content. */
    static String inputStatus(String active, int failovers, long primaryLast, double primarySince, long secondaryLast,
            double secondarySince, boolean activeEnded) {
        return """
                {"namespace":"live","name":"news","activeInput":"%s","failovers":%d,"switchedAtMillis":0,"inputs":[
                {"id":"primary","active":%s,"lastContentMillis":%d,"secondsSinceContent":%s,"ended":%s},
                {"id":"secondary","active":%s,"lastContentMillis":%d,"secondsSinceContent":%s,"ended":%s}]}"""
                .formatted(active, failovers, active.equals("primary"), primaryLast, primarySince, activeEnded && active.equals("primary"),
                        active.equals("secondary"), secondaryLast, secondarySince, activeEnded && active.equals("secondary"));
    }


    private void startPackagerPod(String channel, String name) {
        var pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(Labels.of(channel)).endMetadata()
                .withNewSpec().addNewContainer().withName("packager").withImage("x").endContainer().endSpec()
                .withNewStatus().withPodIP("127.0.0.1").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
        client.resource(pod).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Deployment.class, channel + "-packager"), d -> d != null);
        client.apps().deployments().inNamespace(NS).withName(channel + "-packager").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
            return d;
        });
    }

    private <T extends HasMetadata> T get(Class<T> kind, String name) {
        return client.resources(kind).inNamespace(NS).withName(name).get();
    }

    private Channel channel(String name) {
        Channel c = get(Channel.class, name);
        assertThat(c.getStatus()).as("status of " + name).isNotNull();
        return c;
    }

    private static Map<String, String> decode(Secret s) {
        return IngestCredentialsSecretDependentResource.decode(s);
    }

    private static Optional<Condition> ready(List<Condition> conditions) {
        return Conditions.find(conditions, "Ready");
    }

    private static void assertOwnedBy(HasMetadata o, Channel channel) {
        assertThat(o).isNotNull();
        assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("Channel");
            assertThat(r.getName()).isEqualTo(channel.getMetadata().getName());
            assertThat(r.getApiVersion()).isEqualTo("wharf.dev/v1");
        });
        assertThat(o.getMetadata().getLabels()).containsEntry(Labels.CHANNEL, channel.getMetadata().getName());
    }
}
