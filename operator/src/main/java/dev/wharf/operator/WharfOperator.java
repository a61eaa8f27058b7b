package dev.wharf.operator;

import dev.wharf.operator.channel.ChannelReconciler;
import dev.wharf.operator.endpoint.OriginEndpointReconciler;
import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.push.PackagerConfigPusher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import java.time.Clock;
import java.util.function.Consumer;

/** Builds the JOSDK Operator with both controllers; shared by {@link OperatorMain} and the tests. */
public final class WharfOperator {
    private WharfOperator() {}

    public static Operator create(KubernetesClient client, OperatorConfig config, PackagerConfigPusher pusher, Clock clock,
            Consumer<ConfigurationServiceOverrider> overrides) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client);
            overrides.accept(o);
        });
        EventRecorder events = new EventRecorder(client, clock);
        operator.register(new ChannelReconciler(config, pusher, events, clock), c -> namespaces(c, config));
        operator.register(new OriginEndpointReconciler(config, events, clock), c -> namespaces(c, config));
        return operator;
    }

    private static void namespaces(ControllerConfigurationOverrider<?> c, OperatorConfig config) {
        if (config.watchNamespaces().isEmpty()) {
            c.watchingAllNamespaces();
        } else {
            c.settingNamespaces(config.watchNamespaces());
        }
    }
}
