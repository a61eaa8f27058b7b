package dev.wharf.operator.channel.dependent;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.OriginEndpoint;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.model.PackagerConfigRenderer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The ConfigMap {@code <channel>-packager} with {@code packager.yaml}: the channel and all its served endpoints. */
public class PackagerConfigMapDependentResource extends CRUDKubernetesDependentResource<ConfigMap, Channel> {
    private final OperatorConfig config;
    private final BiFunction<Channel, Context<Channel>, List<OriginEndpoint>> endpoints;

    public PackagerConfigMapDependentResource(OperatorConfig config,
            BiFunction<Channel, Context<Channel>, List<OriginEndpoint>> endpoints) {
        super(ConfigMap.class, "packager-config");
        this.config = config;
        this.endpoints = endpoints;
    }

    @Override
    protected ConfigMap desired(Channel channel, Context<Channel> context) {
        return desired(ChannelModel.of(channel, config), endpoints.apply(channel, context));
    }

    public static ConfigMap desired(ChannelModel model, List<OriginEndpoint> endpoints) {
        String yaml = PackagerConfigRenderer.render(model, PackagerConfigRenderer.servedEndpoints(endpoints));
        return new ConfigMapBuilder()
                .withNewMetadata().withName(Names.packagerConfigMap(model.name())).withNamespace(model.namespace())
                .withLabels(Labels.of(model.name())).endMetadata()
                .withData(Map.of(Names.CONFIG_KEY, yaml)).build();
    }
}
