package dev.wharf.operator.channel.dependent;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ingress {@code <channel>-ingest} on the ingest host: {@code /in/v2/<ns>/<channel>/} to the
 * packager's ingest port, with what ingress-nginx needs for long streaming uploads.
 */
public class IngestIngressDependentResource extends CRUDKubernetesDependentResource<Ingress, Channel> {
    /**
     * ingress-nginx defaults for encoder uploads; WHARF_INGRESS_ANNOTATIONS overrides them. Request buffering
     * is on and PUTs are passed to the next pod on failure: encoders such as ffmpeg do not retry a failed
     * upload, so when a packager pod dies mid-upload only the ingress can resend it, and only if it still
     * holds the body (ReplicaKillIT, docs/reliability.md). Costs the ingress one segment of buffering per
     * upload in flight, and adds the time to receive a segment before it is forwarded.
     */
    public static final Map<String, String> UPLOAD_ANNOTATIONS = Map.of(
            "nginx.ingress.kubernetes.io/proxy-body-size", "64m",
            "nginx.ingress.kubernetes.io/proxy-request-buffering", "on",
            "nginx.ingress.kubernetes.io/proxy-next-upstream", "error timeout http_502 http_503 non_idempotent",
            "nginx.ingress.kubernetes.io/proxy-read-timeout", "120",
            "nginx.ingress.kubernetes.io/proxy-send-timeout", "120");

    private final OperatorConfig config;

    public IngestIngressDependentResource(OperatorConfig config) {
        super(Ingress.class, "ingest-ingress");
        this.config = config;
    }

    @Override
    protected Ingress desired(Channel channel, Context<Channel> context) {
        return desired(config, ChannelModel.of(channel, config));
    }

    public static Ingress desired(OperatorConfig config, ChannelModel m) {
        Map<String, String> annotations = new LinkedHashMap<>(new java.util.TreeMap<>(UPLOAD_ANNOTATIONS));
        annotations.putAll(config.ingressAnnotations());
        return Ingresses.build(config, m, Names.ingestIngress(m.name()), config.ingestHost(),
                List.of(Names.ingestPathPrefix(m.namespace(), m.name())), "ingest", annotations);
    }

    /** Only with an ingest host configured; otherwise the Ingress is deleted (encoders then reach the Service in-cluster). */
    public static final class EnabledCondition implements Condition<Ingress, Channel> {
        private final OperatorConfig config;

        public EnabledCondition(OperatorConfig config) {
            this.config = config;
        }

        @Override
        public boolean isMet(DependentResource<Ingress, Channel> dependent, Channel primary, Context<Channel> context) {
            return config.ingestHost() != null;
        }
    }
}
