package dev.wharf.operator.channel.dependent;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.OriginEndpoint;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.model.PackagerConfigRenderer;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The Ingress {@code <channel>-playback} on the playback host: one path per served endpoint
 * ({@code /out/v1/<ns>/<channel>/<endpoint>/}) to the packager's playback port.
 */
public class PlaybackIngressDependentResource extends CRUDKubernetesDependentResource<Ingress, Channel> {
    private final OperatorConfig config;
    private final BiFunction<Channel, Context<Channel>, List<OriginEndpoint>> endpoints;

    public PlaybackIngressDependentResource(OperatorConfig config,
            BiFunction<Channel, Context<Channel>, List<OriginEndpoint>> endpoints) {
        super(Ingress.class, "playback-ingress");
        this.config = config;
        this.endpoints = endpoints;
    }

    @Override
    protected Ingress desired(Channel channel, Context<Channel> context) {
        return desired(config, ChannelModel.of(channel, config), endpoints.apply(channel, context));
    }

    public static Ingress desired(OperatorConfig config, ChannelModel m, List<OriginEndpoint> endpoints) {
        List<String> paths = PackagerConfigRenderer.servedEndpoints(endpoints).stream()
                .map(e -> Names.playbackPathPrefix(m.namespace(), m.name(), e.getMetadata().getName())).toList();
        return Ingresses.build(config, m, Names.playbackIngress(m.name()), config.playbackHost(), paths, "playback",
                new LinkedHashMap<>(config.ingressAnnotations()));
    }

    /** Only with a playback host and at least one served endpoint (an Ingress rule needs a path). */
    public static final class EnabledCondition implements Condition<Ingress, Channel> {
        private final OperatorConfig config;
        private final BiFunction<Channel, Context<Channel>, List<OriginEndpoint>> endpoints;

        public EnabledCondition(OperatorConfig config, BiFunction<Channel, Context<Channel>, List<OriginEndpoint>> endpoints) {
            this.config = config;
            this.endpoints = endpoints;
        }

        @Override
        public boolean isMet(DependentResource<Ingress, Channel> dependent, Channel primary, Context<Channel> context) {
            return config.playbackHost() != null
                    && !PackagerConfigRenderer.servedEndpoints(endpoints.apply(primary, context)).isEmpty();
        }
    }
}
