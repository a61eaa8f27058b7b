package dev.wharf.operator;

import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.push.HttpPackagerConfigPusher;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring only: configuration from the environment, client, operator, metrics and health servers. */
public final class OperatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {}

    /**
     * {@code /readyz}: every informer of every controller is synced and watching. JOSDK starts the
     * informers on every replica, leader or standby (only event processing waits for the lease), so a
     * standby is ready too and a rolling update of the two replicas goes on (OperatorHealthTest).
     */
    static BooleanSupplier readiness(Operator operator) {
        return () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    public static void main(String[] args) throws Exception {
        OperatorConfig config = OperatorConfig.fromEnvironment();
        var client = new KubernetesClientBuilder().build();
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Operator operator = WharfOperator.create(client, config, new HttpPackagerConfigPusher(config.packagerAdminPort()),
                Clock.systemUTC(), o -> {
                    o.withMetrics(MicrometerMetrics.newMicrometerMetricsBuilder(registry).build());
                    if (config.leaderElection()) {
                        o.withLeaderElectionConfiguration(config.leaderElectionNamespace() == null
                                ? new LeaderElectionConfiguration("wharf-operator")
                                : new LeaderElectionConfiguration("wharf-operator", config.leaderElectionNamespace()));
                    }
                });
        var management = new ManagementServer(8080, 8081, registry, () -> true, readiness(operator));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.stop();
            management.close();
        }));
        operator.start();
        LOG.info("Wharf operator started: namespaces {}, leader election {}", config.watchNamespaces().isEmpty() ? "all"
                : config.watchNamespaces(), config.leaderElection());
    }
}
