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
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The Ingress {@code <channel>-playback} on the playback host: one path per served endpoint
 * ({@code /out/v1/<ns>/<channel>/<endpoint>/}) to the packager's playback port.
 */
public class PlaybackIngressDependentResource extends CRUDKubernetesDependentResource<Ingress, Channel> {
    /**
     * ingress-nginx defaults for players; WHARF_INGRESS_ANNOTATIONS overrides them. Response buffering is on
     * with buffers that hold a segment in memory: with ingress-nginx's default (off) each segment is relayed
     * through one small buffer in lockstep with the client, which in the load test (docs/performance.md,
     * "Load players") tripled nginx's CPU and raised the segment p50 from 2-20 ms to 100-350 ms. Timeouts
     * and 5xx go to the next pod: every GET is idempotent.
     */
    public static final Map<String, String> PLAYBACK_ANNOTATIONS = Map.of(
            "nginx.ingress.kubernetes.io/proxy-buffering", "on",
            "nginx.ingress.kubernetes.io/proxy-buffer-size", "16k",
            "nginx.ingress.kubernetes.io/proxy-buffers-number", "32",
            "nginx.ingress.kubernetes.io/proxy-max-temp-file-size", "0",
            "nginx.ingress.kubernetes.io/proxy-next-upstream", "error timeout http_502 http_503");

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
        Map<String, String> annotations = new LinkedHashMap<>(new TreeMap<>(PLAYBACK_ANNOTATIONS));
        annotations.putAll(config.ingressAnnotations());
        return Ingresses.build(config, m, Names.playbackIngress(m.name()), config.playbackHost(), paths, "playback",
                annotations);
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
