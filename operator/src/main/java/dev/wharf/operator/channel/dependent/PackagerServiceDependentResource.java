package dev.wharf.operator.channel.dependent;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.model.PackagerConfigRenderer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The Service {@code <channel>-packager}: playback, ingest and admin (metrics) ports of the packager pods. */
public class PackagerServiceDependentResource extends CRUDKubernetesDependentResource<Service, Channel> {
    private final OperatorConfig config;

    public PackagerServiceDependentResource(OperatorConfig config) {
        super(Service.class, "packager-service");
        this.config = config;
    }

    @Override
    protected Service desired(Channel channel, Context<Channel> context) {
        return desired(ChannelModel.of(channel, config));
    }

    public static Service desired(ChannelModel m) {
        return new ServiceBuilder()
                .withNewMetadata().withName(Names.packagerService(m.name())).withNamespace(m.namespace())
                .withLabels(Labels.of(m.name())).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(Labels.selector(m.name()))
                .withPorts(port("playback", PackagerConfigRenderer.PLAYBACK_PORT), port("ingest", PackagerConfigRenderer.INGEST_PORT),
                        port("admin", PackagerConfigRenderer.ADMIN_PORT))
                .endSpec().build();
    }

    private static ServicePort port(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(name)).withProtocol("TCP").build();
    }
}
