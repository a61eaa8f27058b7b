package dev.wharf.operator.channel.dependent;

import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.OperatorConfig;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.List;
import java.util.Map;

/** Shared shape of the ingest and playback Ingresses: host, class, TLS and annotations from the operator's configuration. */
final class Ingresses {
    private Ingresses() {}

    static Ingress build(OperatorConfig config, ChannelModel m, String name, String host, List<String> pathPrefixes,
            String servicePort, Map<String, String> annotations) {
        List<HTTPIngressPath> paths = pathPrefixes.stream().map(p -> new HTTPIngressPathBuilder().withPath(p)
                .withPathType("Prefix").withNewBackend().withNewService().withName(dev.wharf.operator.model.Names.packagerService(m.name()))
                .withNewPort().withName(servicePort).endPort().endService().endBackend().build()).toList();
        var b = new IngressBuilder()
                .withNewMetadata().withName(name).withNamespace(m.namespace()).withLabels(Labels.of(m.name()))
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withIngressClassName(config.ingressClass())
                .addNewRule().withHost(host).withNewHttp().withPaths(paths).endHttp().endRule();
        if (config.tlsSecret() != null) {
            b.withTls(new IngressTLSBuilder().withHosts(host).withSecretName(config.tlsSecret()).build());
        }
        return b.endSpec().build();
    }
}
