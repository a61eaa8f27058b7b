package dev.wharf.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator Deployment and its companions, as a user installing the chart would get them. */
class OperatorDeploymentTest {

    /** Every setting the operator reads; it reads nothing else. */
    private static final List<String> OPERATOR_SETTINGS = List.of("WHARF_WATCH_NAMESPACES", "WHARF_PACKAGER_IMAGE",
        "WHARF_INGEST_HOST", "WHARF_PLAYBACK_HOST", "WHARF_INGRESS_CLASS", "WHARF_TLS_SECRET",
        "WHARF_INGRESS_ANNOTATIONS", "WHARF_REDIS_URL", "WHARF_REDIS_SECRET", "WHARF_LEADER_ELECTION",
        "WHARF_LEADER_ELECTION_NAMESPACE");

    private static WharfChart.Rendered defaults;

    @BeforeAll
    static void renderDefaults() {
        defaults = WharfChart.chart().render();
    }

    @Test
    void defaultsRunTwoOperatorsWithLeaderElectionInTheReleaseNamespace() {
        Deployment deployment = operatorDeployment(defaults);

        assertThat(deployment.getMetadata().getNamespace()).isEqualTo(WharfChart.NAMESPACE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(env(deployment)).containsEntry("WHARF_LEADER_ELECTION", "true")
            .containsEntry("WHARF_LEADER_ELECTION_NAMESPACE", WharfChart.NAMESPACE)
            .containsEntry("WHARF_WATCH_NAMESPACES", "")
            .containsEntry("WHARF_INGRESS_ANNOTATIONS", "{}");
    }

    @Test
    void defaultEnvironmentUsesOnlyTheOperatorsSettingsAndNoRedisWhenNoneIsConfigured() {
        Map<String, String> env = env(operatorDeployment(defaults));

        assertThat(OPERATOR_SETTINGS).containsAll(env.keySet());
        assertThat(env).doesNotContainKeys("WHARF_REDIS_URL", "WHARF_REDIS_SECRET");
    }

    @Test
    void imagesComeFromValuesAndDefaultToTheAppVersion() {
        assertThat(operator(defaults).getImage()).isEqualTo("wharf/operator:0.1.0");
        assertThat(env(operatorDeployment(defaults))).containsEntry("WHARF_PACKAGER_IMAGE", "wharf/packager:0.1.0");

        WharfChart.Rendered custom = WharfChart.chart()
            .set("image.operator.repository", "registry.example/media/wharf-operator")
            .set("image.operator.tag", "1.2.3")
            .set("image.operator.pullPolicy", "Always")
            .set("image.packager.repository", "registry.example/media/wharf-packager")
            .set("image.packager.tag", "1.2.4")
            .set("imagePullSecrets[0].name", "registry-login")
            .render();

        assertThat(operator(custom).getImage()).isEqualTo("registry.example/media/wharf-operator:1.2.3");
        assertThat(operator(custom).getImagePullPolicy()).isEqualTo("Always");
        assertThat(env(operatorDeployment(custom)))
            .containsEntry("WHARF_PACKAGER_IMAGE", "registry.example/media/wharf-packager:1.2.4");
        assertThat(podSpec(custom).getImagePullSecrets()).singleElement()
            .satisfies(secret -> assertThat(secret.getName()).isEqualTo("registry-login"));
    }

    @Test
    void ingressAndWatchSettingsReachTheOperatorEnvironment() {
        WharfChart.Rendered rendered = WharfChart.chart()
            .set("ingest.host", "ingest.video.example")
            .set("playback.host", "play.video.example")
            .set("ingress.className", "nginx")
            .set("ingress.tlsSecret", "video-tls")
            .set("operator.watchNamespaces[0]", "team-a")
            .set("operator.watchNamespaces[1]", "team-b")
            .values("""
                ingress:
                  annotations:
                    nginx.ingress.kubernetes.io/proxy-body-size: "0"
                    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
                """)
            .render();

        Map<String, String> env = env(operatorDeployment(rendered));
        assertThat(env).containsEntry("WHARF_INGEST_HOST", "ingest.video.example")
            .containsEntry("WHARF_PLAYBACK_HOST", "play.video.example")
            .containsEntry("WHARF_INGRESS_CLASS", "nginx")
            .containsEntry("WHARF_TLS_SECRET", "video-tls")
            .containsEntry("WHARF_WATCH_NAMESPACES", "team-a,team-b")
            .containsEntry("WHARF_INGRESS_ANNOTATIONS",
                "{\"nginx.ingress.kubernetes.io/proxy-body-size\":\"0\",\"nginx.ingress.kubernetes.io/proxy-read-timeout\":\"30\"}");
    }

    @Test
    void probesHitTheHealthPortAndMetricsAreOnTheirOwnPort() {
        Container operator = operator(defaults);

        assertThat(operator.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
            .containsExactlyInAnyOrder("metrics:8080", "health:8081");
        assertHttpProbe(operator.getLivenessProbe(), "/healthz");
        assertHttpProbe(operator.getStartupProbe(), "/healthz");
        assertHttpProbe(operator.getReadinessProbe(), "/readyz");
    }

    @Test
    void runsNonRootReadOnlyWithoutCapabilitiesUnderRuntimeDefaultSeccomp() {
        PodSpec pod = podSpec(defaults);
        Container operator = operator(defaults);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getServiceAccountName()).isEqualTo(defaults.one(ServiceAccount.class).getMetadata().getName());
    }

    @Test
    void schedulingResourcesAndPodAnnotationsComeFromValues() {
        WharfChart.Rendered rendered = WharfChart.chart().values("""
            operator:
              resources:
                requests: {cpu: 250m, memory: 300Mi}
                limits: {memory: 1Gi}
              nodeSelector: {node-role/media: "true"}
              tolerations: [{key: media, operator: Exists, effect: NoSchedule}]
              affinity:
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                    - weight: 100
                      podAffinityTerm:
                        topologyKey: kubernetes.io/hostname
                        labelSelector: {matchLabels: {app.kubernetes.io/component: operator}}
              podAnnotations: {example.com/team: media}
              extraEnv: [{name: JAVA_TOOL_OPTIONS, value: "-Xss512k"}]
            """).render();

        PodSpec pod = podSpec(rendered);
        assertThat(operator(rendered).getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(operator(rendered).getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
        assertThat(pod.getNodeSelector()).containsEntry("node-role/media", "true");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("media"));
        assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
        assertThat(operatorDeployment(rendered).getSpec().getTemplate().getMetadata().getAnnotations())
            .containsEntry("example.com/team", "media");
        assertThat(env(operatorDeployment(rendered))).containsEntry("JAVA_TOOL_OPTIONS", "-Xss512k");
    }

    @Test
    void leaderElectionCanMoveOrBeTurnedOffForASingleReplica() {
        WharfChart.Rendered moved = WharfChart.chart().set("operator.leaderElection.namespace", "wharf-leases").render();
        assertThat(env(operatorDeployment(moved))).containsEntry("WHARF_LEADER_ELECTION_NAMESPACE", "wharf-leases");

        WharfChart.Rendered single = WharfChart.chart()
            .set("operator.replicas", 1).set("operator.leaderElection.enabled", false).render();
        assertThat(env(operatorDeployment(single))).containsEntry("WHARF_LEADER_ELECTION", "false");
        assertThat(operatorDeployment(single).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void twoReplicasWithoutLeaderElectionAreRefused() {
        assertThatThrownBy(() -> WharfChart.chart().set("operator.leaderElection.enabled", false).renderText())
            .hasMessageContaining("leaderElection");
    }

    @Test
    void metricsServiceSelectsTheOperatorPods() {
        Service service = defaults.all(Service.class).stream()
            .filter(s -> s.getMetadata().getName().endsWith("-operator-metrics")).findFirst().orElseThrow();

        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("metrics");
        });
        assertThat(operatorDeployment(defaults).getSpec().getTemplate().getMetadata().getLabels())
            .containsAllEntriesOf(service.getSpec().getSelector());
    }

    @Test
    void serviceMonitorOnlyWhenEnabled() {
        assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();

        WharfChart.Rendered rendered = WharfChart.chart()
            .set("metrics.serviceMonitor.enabled", true)
            .set("metrics.serviceMonitor.labels.release", "kube-prometheus")
            .render();

        GenericKubernetesResource monitor = (GenericKubernetesResource) rendered.ofKind("ServiceMonitor").getFirst();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus");
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint)
            .containsEntry("port", "http-metrics").containsEntry("path", "/metrics"));
    }

    @Test
    void podDisruptionBudgetCoversTheOperatorPods() {
        PodDisruptionBudget pdb = defaults.one(PodDisruptionBudget.class);

        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(operatorDeployment(defaults).getSpec().getTemplate().getMetadata().getLabels())
            .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

        assertThat(WharfChart.chart().set("operator.podDisruptionBudget.enabled", false).render()
            .all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void existingServiceAccountIsUsedWhenNotCreated() {
        WharfChart.Rendered rendered = WharfChart.chart()
            .set("serviceAccount.create", false).set("serviceAccount.name", "media-operator").render();

        assertThat(rendered.all(ServiceAccount.class)).isEmpty();
        assertThat(podSpec(rendered).getServiceAccountName()).isEqualTo("media-operator");
    }

    static Deployment operatorDeployment(WharfChart.Rendered rendered) {
        return rendered.all(Deployment.class).stream()
            .filter(d -> "operator".equals(d.getMetadata().getLabels().get("app.kubernetes.io/component")))
            .reduce((a, b) -> { throw new AssertionError("two operator Deployments"); })
            .orElseThrow(() -> new AssertionError("no operator Deployment"));
    }

    static Map<String, String> env(Deployment deployment) {
        List<EnvVar> env = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();
        return env.stream().collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }

    private static PodSpec podSpec(WharfChart.Rendered rendered) {
        return operatorDeployment(rendered).getSpec().getTemplate().getSpec();
    }

    private static Container operator(WharfChart.Rendered rendered) {
        return podSpec(rendered).getContainers().getFirst();
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("health");
    }
}
