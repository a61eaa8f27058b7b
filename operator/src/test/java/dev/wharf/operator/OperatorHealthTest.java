package dev.wharf.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.push.HttpPackagerConfigPusher;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health and leader election against the CRUD mock: a standby replica (another holds the Lease) is
 * live and ready, or a rolling update of the two-replica Deployment would wait on it forever, and it
 * reconciles nothing; of two replicas started together exactly one leads.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorHealthTest {
    static final String OPS = "wharf-system";
    KubernetesMockServer server;
    KubernetesClient client;
    RecordingPackager packager;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        // JOSDK checks that it may use Leases before it starts electing.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, """
                        {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","status":{"incomplete":false,
                         "resourceRules":[{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["*"]}]}}""")
                .always();
        client.resource(new NamespaceBuilder().withNewMetadata().withName(OPS).endMetadata().build()).create();
        packager = new RecordingPackager();
        closing.add(packager);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    @Test
    void aStandbyIsLiveAndReadyAndReconcilesNothing() throws Exception {
        ZonedDateTime now = ZonedDateTime.now();
        client.resource(new LeaseBuilder().withNewMetadata().withName("wharf-operator").withNamespace(OPS).endMetadata()
                .withNewSpec().withHolderIdentity("the-other-replica").withLeaseDurationSeconds(3600)
                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec().build()).create();

        Operator operator = operator("standby");
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var management = new ManagementServer(0, 0, registry, () -> true, OperatorMain.readiness(operator));
        closing.add(management);
        assertThat(get(management, "/readyz")).as("not started: informers not synced").isEqualTo(503);
        operator.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(get(management, "/healthz")).isEqualTo(200);
            assertThat(get(management, "/readyz")).isEqualTo(200);
        });
        client.resource(Fixtures.channel("channel-minimal.yaml")).create();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(client.resources(Secret.class).inNamespace("live").withName("news-ingest").get()).as("standby creates nothing").isNull();
            assertThat(client.resources(Channel.class).inNamespace("live").withName("news").get().getStatus()).isNull();
            assertThat(get(management, "/readyz")).isEqualTo(200);
        });
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("the-other-replica");
    }

    @Test
    void ofTwoReplicasOneLeadsAndReconciles() {
        operator("replica-a").start();
        operator("replica-b").start();

        Lease lease = await().atMost(Duration.ofSeconds(20)).until(this::lease, l -> l != null && l.getSpec().getHolderIdentity() != null);
        assertThat(lease.getSpec().getHolderIdentity()).isIn("replica-a", "replica-b");
        client.resource(Fixtures.channel("channel-minimal.yaml")).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.resources(Secret.class).inNamespace("live").withName("news-ingest").get(),
                s -> s != null);
        assertThat(lease().getSpec().getHolderIdentity()).as("the leader stays").isEqualTo(lease.getSpec().getHolderIdentity());
    }

    private Operator operator(String identity) {
        OperatorConfig config = OperatorConfig.from(Map.of("WHARF_REDIS_URL", "redis://redis:6379")::get)
                .withPackagerAdminPort(packager.port());
        Operator operator = WharfOperator.create(client, config, new HttpPackagerConfigPusher(packager.port()), Clock.systemUTC(), o -> o
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false)
                .withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("wharf-operator")
                        .withLeaseNamespace(OPS).withIdentity(identity)
                        .withLeaseDuration(Duration.ofSeconds(10)).withRenewDeadline(Duration.ofSeconds(8))
                        .withRetryPeriod(Duration.ofMillis(200))
                        .withExitOnStopLeading(false) // the default would exit the test JVM on stop
                        .build()));
        closing.add(operator::stop);
        return operator;
    }

    private Lease lease() {
        return client.resources(Lease.class).inNamespace(OPS).withName("wharf-operator").get();
    }

    private static int get(ManagementServer m, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.healthPort() + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
