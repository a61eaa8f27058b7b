package dev.wharf.operator.channel.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.operator.Fixtures;
import dev.wharf.operator.api.v1.ApiConstants;
import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.model.EndpointModel;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure tests of every owned object's desired state (Strimzi model tests): no API server. */
class DesiredResourcesTest {
    static final OperatorConfig CONFIG = OperatorConfig.from(Map.of(
            "WHARF_INGEST_HOST", "in.example", "WHARF_PLAYBACK_HOST", "play.example", "WHARF_INGRESS_CLASS", "nginx",
            "WHARF_TLS_SECRET", "tls", "WHARF_REDIS_URL", "redis://r:6379",
            "WHARF_INGRESS_ANNOTATIONS", "{\"nginx.ingress.kubernetes.io/proxy-body-size\":\"128m\"}")::get);

    @Test
    void deploymentRunsThePackagerSafely() {
        var m = ChannelModel.of(Fixtures.channel("channel-full.yaml"), CONFIG);
        var d = PackagerDeploymentDependentResource.desired(m, Map.of("main", "pw"));
        assertThat(d.getMetadata().getName()).isEqualTo("sports-packager");
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(Labels.selector("sports"));
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getTopologySpreadConstraints()).singleElement()
                .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/wharf-packager:1.2.3");
        assertThat(c.getArgs()).containsExactly("--config", "/etc/wharf/packager.yaml");
        assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("playback:8080", "ingest:8081", "admin:9090");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("WHARF_NONCE_SECRET");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sports-ingest");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("nonce-secret");
        }).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("WHARF_REDIS_URL");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("redis-credentials");
        });
        var projected = pod.getVolumes().get(0).getProjected().getSources();
        assertThat(projected.get(0).getConfigMap().getName()).isEqualTo("sports-packager");
        assertThat(projected.get(1).getSecret().getItems()).extracting(i -> i.getPath())
                .containsExactly("credentials/main", "credentials/backup", "credentials/admin-token");
        var other = PackagerDeploymentDependentResource.desired(m, Map.of("main", "rotated"));
        assertThat(other.getSpec().getTemplate().getMetadata().getAnnotations().get(PackagerDeploymentDependentResource.CREDENTIALS_HASH))
                .isNotEqualTo(d.getSpec().getTemplate().getMetadata().getAnnotations().get(PackagerDeploymentDependentResource.CREDENTIALS_HASH));
    }

    @Test
    void secretIsStableAndRotatesOnlyWhatIsAsked() {
        Channel ch = Fixtures.channel("channel-minimal.yaml");
        ch.getMetadata().setResourceVersion("1");
        var m = ChannelModel.of(ch, CONFIG);
        Secret first = IngestCredentialsSecretDependentResource.desired(ch, m, null);
        var v1 = IngestCredentialsSecretDependentResource.decode(first);
        assertThat(v1).containsOnlyKeys("primary", "secondary", "admin-token", "nonce-secret");
        assertThat(v1.get("primary")).hasSize(32);
        assertThat(IngestCredentialsSecretDependentResource.desired(ch, m, first).getData()).isEqualTo(first.getData());

        ch.getMetadata().setAnnotations(Map.of(ApiConstants.ROTATE_CREDENTIALS, "secondary"));
        ch.getMetadata().setResourceVersion("2");
        Secret rotated = IngestCredentialsSecretDependentResource.desired(ch, m, first);
        var v2 = IngestCredentialsSecretDependentResource.decode(rotated);
        assertThat(v2.get("primary")).isEqualTo(v1.get("primary"));
        assertThat(v2.get("secondary")).isNotEqualTo(v1.get("secondary"));
        // The same request seen again from a stale cache (same resourceVersion) does not rotate twice.
        assertThat(IngestCredentialsSecretDependentResource.desired(ch, m, rotated).getData()).isEqualTo(rotated.getData());
    }

    @Test
    void autoscaledDeploymentKeepsTheHpasReplicaCount() {
        Channel ch = Fixtures.channel("channel-full.yaml"); // replicas: 3, requests cpu: 500m
        ch.getSpec().packager.autoscaling = new dev.wharf.api.v1.AutoscalingSpec();
        ch.getSpec().packager.autoscaling.minReplicas = 2;
        ch.getSpec().packager.autoscaling.maxReplicas = 10;
        var m = ChannelModel.of(ch, CONFIG);
        assertThat(PackagerDeploymentDependentResource.desired(m, Map.of(), null).getSpec().getReplicas())
                .as("a new Deployment starts at minReplicas").isEqualTo(2);
        assertThat(PackagerDeploymentDependentResource.desired(m, Map.of(), 7).getSpec().getReplicas())
                .as("an existing one keeps what the HPA chose").isEqualTo(7);
        var hpa = PackagerHorizontalPodAutoscalerDependentResource.desired(m);
        assertThat(hpa.getMetadata().getName()).isEqualTo(Names.packagerHorizontalPodAutoscaler("sports"));
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Names.packagerDeployment("sports"));
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(x -> {
            assertThat(x.getResource().getName()).isEqualTo("cpu");
            assertThat(x.getResource().getTarget().getAverageUtilization()).as("the default CPU target").isEqualTo(80);
        });
        ch.getSpec().packager.autoscaling = null;
        assertThat(PackagerDeploymentDependentResource.desired(ChannelModel.of(ch, CONFIG), Map.of(), 7).getSpec().getReplicas())
                .as("without autoscaling the channel's replicas win").isEqualTo(3);
    }

    @Test
    void serviceAndPdb() {
        var m = ChannelModel.of(Fixtures.channel("channel-minimal.yaml"), CONFIG);
        var s = PackagerServiceDependentResource.desired(m);
        assertThat(s.getMetadata().getName()).isEqualTo(Names.packagerService("news"));
        assertThat(s.getSpec().getPorts()).extracting(p -> p.getName()).containsExactly("playback", "ingest", "admin");
        var pdb = PackagerPodDisruptionBudgetDependentResource.desired(m);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(Labels.selector("news"));
    }

    @Test
    void ingressesCarryHostClassTlsAndUploadAnnotations() {
        var m = ChannelModel.of(Fixtures.channel("channel-minimal.yaml"), CONFIG);
        var ingest = IngestIngressDependentResource.desired(CONFIG, m);
        assertThat(ingest.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingest.getSpec().getTls()).singleElement().satisfies(t -> assertThat(t.getSecretName()).isEqualTo("tls"));
        assertThat(ingest.getSpec().getRules().get(0).getHost()).isEqualTo("in.example");
        assertThat(ingest.getSpec().getRules().get(0).getHttp().getPaths()).singleElement().satisfies(p -> {
            assertThat(p.getPath()).isEqualTo("/in/v2/live/news/");
            assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("ingest");
        });
        assertThat(ingest.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "on") // so a failed PUT can be resent
                .containsEntry("nginx.ingress.kubernetes.io/proxy-next-upstream", "error timeout http_502 http_503 non_idempotent")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "128m") // the operator's configuration wins
                .containsKey("nginx.ingress.kubernetes.io/proxy-read-timeout");
        var playback = PlaybackIngressDependentResource.desired(CONFIG, m,
                List.of(Fixtures.endpoint("endpoint-hls.yaml"), Fixtures.endpoint("endpoint-mss.yaml")));
        assertThat(playback.getSpec().getRules().get(0).getHost()).isEqualTo("play.example");
        assertThat(playback.getSpec().getRules().get(0).getHttp().getPaths()).extracting(p -> p.getPath())
                .as("only served endpoints are routed").containsExactlyElementsOf(EndpointModel.SERVED_FORMATS.contains("MSS")
                        ? List.of("/out/v1/live/news/hls/", "/out/v1/live/news/mss/") : List.of("/out/v1/live/news/hls/"));
        assertThat(playback.getMetadata().getAnnotations())
                .as("segments are buffered by the ingress, not relayed in lockstep with each player")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "on")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-max-temp-file-size", "0")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "128m"); // the operator's configuration applies too
    }
}
