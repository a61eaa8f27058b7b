package dev.wharf.operator.channel;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.OriginEndpoint;
import dev.wharf.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/** Reads a channel's related resources from the informer caches (never from the API server). */
final class ChannelContext {
    static final String ENDPOINTS = "originendpoints";
    static final String PODS = "pods";
    static final String INPUTS = "inputs";

    private ChannelContext() {}

    @SuppressWarnings("unchecked")
    static List<OriginEndpoint> endpoints(Channel channel, Context<Channel> context) {
        var es = (InformerEventSource<OriginEndpoint, Channel>) context.eventSourceRetriever()
                .getEventSourceFor(OriginEndpoint.class, ENDPOINTS);
        String name = channel.getMetadata().getName();
        return es.list(channel.getMetadata().getNamespace(), e -> e.getSpec() != null && name.equals(e.getSpec().channelName))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static List<Pod> pods(Channel channel, Context<Channel> context) {
        return pods(channel, (InformerEventSource<Pod, Channel>) context.eventSourceRetriever().getEventSourceFor(Pod.class, PODS));
    }

    static List<Pod> pods(Channel channel, InformerEventSource<Pod, Channel> es) {
        String name = channel.getMetadata().getName();
        return es.list(channel.getMetadata().getNamespace(),
                p -> p.getMetadata().getLabels() != null && name.equals(p.getMetadata().getLabels().get(Labels.CHANNEL)))
                .toList();
    }
}
