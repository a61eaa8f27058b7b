package dev.wharf.operator.endpoint;

import dev.wharf.operator.EventRecorder;
import dev.wharf.operator.api.v1.ApiConstants.Reasons;
import dev.wharf.operator.api.v1.ApiConstants.Types;
import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.OriginEndpoint;
import dev.wharf.operator.api.v1.OriginEndpointStatus;
import dev.wharf.operator.api.v1.ServedEndpointStatus;
import dev.wharf.operator.model.Conditions;
import dev.wharf.operator.model.EndpointModel;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reconciles an OriginEndpoint's status. The endpoint owns no objects: its configuration reaches the
 * packager through its channel (the Channel reconciler watches endpoints), and it is Ready once the
 * channel reports it in {@code status.servedEndpoints} at the endpoint's current generation.
 */
@ControllerConfiguration(name = "originendpoint")
public class OriginEndpointReconciler implements Reconciler<OriginEndpoint> {
    static final String BY_CHANNEL = "byChannel";
    static final String CHANNELS = "channels";

    private final OperatorConfig config;
    private final EventRecorder events;
    private final Clock clock;

    public OriginEndpointReconciler(OperatorConfig config, EventRecorder events, Clock clock) {
        this.config = config;
        this.events = events;
        this.clock = clock;
    }

    static String channelKey(String namespace, String channel) {
        return namespace + "/" + channel;
    }

    @Override
    public List<EventSource<?, OriginEndpoint>> prepareEventSources(EventSourceContext<OriginEndpoint> context) {
        context.getPrimaryCache().addIndexer(BY_CHANNEL, e -> e.getSpec() == null || e.getSpec().channelName == null ? List.of()
                : List.of(channelKey(e.getMetadata().getNamespace(), e.getSpec().channelName)));
        var channels = new InformerEventSource<>(InformerEventSourceConfiguration.from(Channel.class, OriginEndpoint.class)
                .withName(CHANNELS).withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(ch -> context.getPrimaryCache()
                        .byIndex(BY_CHANNEL, channelKey(ch.getMetadata().getNamespace(), ch.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        return List.of(channels);
    }

    @Override
    @SuppressWarnings("unchecked")
    public UpdateControl<OriginEndpoint> reconcile(OriginEndpoint endpoint, Context<OriginEndpoint> context) {
        var channels = (InformerEventSource<Channel, OriginEndpoint>) context.eventSourceRetriever()
                .getEventSourceFor(Channel.class, CHANNELS);
        String ns = endpoint.getMetadata().getNamespace();
        Optional<Channel> channel = endpoint.getSpec().channelName == null ? Optional.empty()
                : channels.get(new ResourceID(endpoint.getSpec().channelName, ns));
        OriginEndpointStatus old = endpoint.getStatus();
        OriginEndpointStatus status = status(endpoint, EndpointModel.of(endpoint), channel.orElse(null), old);
        var before = old == null ? Optional.<Condition>empty() : Conditions.find(old.conditions, Types.READY);
        var after = Conditions.find(status.conditions, Types.READY).orElseThrow();
        if (before.map(c -> !Objects.equals(c.getStatus(), after.getStatus()) || !Objects.equals(c.getReason(), after.getReason()))
                .orElse(true)) {
            if ("True".equals(after.getStatus())) {
                events.normal(endpoint, after.getReason(), after.getMessage());
            } else {
                events.warning(endpoint, after.getReason(), after.getMessage());
            }
        }
        var adviceBefore = old == null ? Optional.<Condition>empty() : Conditions.find(old.conditions, Types.PLAYBACK_SETTINGS);
        var adviceAfter = Conditions.find(status.conditions, Types.PLAYBACK_SETTINGS).orElseThrow();
        if ("False".equals(adviceAfter.getStatus()) && adviceBefore.map(c -> !Objects.equals(c.getMessage(), adviceAfter.getMessage()))
                .orElse(true)) {
            events.warning(endpoint, adviceAfter.getReason(), adviceAfter.getMessage());
        }
        if (status.equals(old)) {
            return UpdateControl.noUpdate();
        }
        endpoint.setStatus(status);
        return UpdateControl.patchStatus(endpoint);
    }

    /** Pure: the endpoint's status given its analysis and its channel (null when it does not exist). */
    OriginEndpointStatus status(OriginEndpoint endpoint, EndpointModel model, Channel channel, OriginEndpointStatus old) {
        OriginEndpointStatus s = new OriginEndpointStatus();
        long gen = endpoint.getMetadata().getGeneration() == null ? 0 : endpoint.getMetadata().getGeneration();
        s.observedGeneration = gen;
        s.format = model.format();
        if (old != null && old.conditions != null) {
            s.conditions = new ArrayList<>(old.conditions);
        }
        if (endpoint.getSpec().channelName != null && model.format() != null) {
            List<String> urls = Names.playbackUrls(config, endpoint);
            s.url = urls.isEmpty() ? null : urls.get(0);
            s.urls = urls.isEmpty() ? null : urls;
        }
        if (model.notYetInEffect().isEmpty()) {
            Conditions.set(s.conditions, clock, gen, Types.FIELDS_IN_EFFECT, true, Reasons.ALL_IN_EFFECT, "every field set is in effect");
        } else {
            Conditions.set(s.conditions, clock, gen, Types.FIELDS_IN_EFFECT, false, Reasons.NOT_YET_SUPPORTED,
                    "accepted but not in effect yet: " + String.join(", ", model.notYetInEffect()));
        }
        if (model.advice().isEmpty()) {
            Conditions.set(s.conditions, clock, gen, Types.PLAYBACK_SETTINGS, true, Reasons.CONSISTENT,
                    "no setting known to make players stall");
        } else {
            Conditions.set(s.conditions, clock, gen, Types.PLAYBACK_SETTINGS, false, Reasons.PLAYERS_MAY_STALL,
                    String.join("; ", model.advice()));
        }
        String name = endpoint.getMetadata().getName();
        if (!model.valid()) {
            ready(s, gen, false, Reasons.INVALID_SPEC, String.join("; ", model.problems()));
        } else if (channel == null) {
            ready(s, gen, false, Reasons.CHANNEL_NOT_FOUND, "channel '" + endpoint.getSpec().channelName + "' does not exist in namespace "
                    + endpoint.getMetadata().getNamespace() + "; waiting for it");
        } else if (!model.served()) {
            ready(s, gen, false, Reasons.NOT_YET_SUPPORTED, model.format() + " output is accepted but not served yet (served: "
                    + String.join(", ", EndpointModel.SERVED_FORMATS) + ")");
        } else if (channel.getStatus() != null && channel.getStatus().servedEndpoints.contains(new ServedEndpointStatus(name, gen))) {
            ready(s, gen, true, Reasons.SERVING, "served by channel " + channel.getMetadata().getName());
        } else if (channel.getStatus() == null || !Conditions.isTrue(channel.getStatus().conditions, Types.READY)) {
            String why = channel.getStatus() == null ? "not reconciled yet" : Conditions.find(channel.getStatus().conditions, Types.READY)
                    .map(c -> c.getReason() + ": " + c.getMessage()).orElse("not reconciled yet");
            ready(s, gen, false, Reasons.CHANNEL_NOT_READY, "channel " + channel.getMetadata().getName() + " is not ready (" + why + ")");
        } else {
            ready(s, gen, false, Reasons.CONFIG_PENDING, "configuration not yet applied by the packager pods");
        }
        return s;
    }

    private void ready(OriginEndpointStatus s, long gen, boolean ready, String reason, String message) {
        // Condition.set keeps lastTransitionTime unless the status flips; a reason change alone keeps it too.
        Conditions.set(s.conditions, clock, gen, Types.READY, ready, reason, message);
    }

    @Override
    public ErrorStatusUpdateControl<OriginEndpoint> updateErrorStatus(OriginEndpoint endpoint, Context<OriginEndpoint> context, Exception e) {
        OriginEndpointStatus s = new OriginEndpointStatus();
        if (endpoint.getStatus() != null) {
            s.conditions = new ArrayList<>(endpoint.getStatus().conditions);
            s.url = endpoint.getStatus().url;
            s.urls = endpoint.getStatus().urls;
            s.format = endpoint.getStatus().format;
        }
        s.observedGeneration = endpoint.getMetadata().getGeneration();
        Conditions.set(s.conditions, clock, s.observedGeneration == null ? 0 : s.observedGeneration, Types.READY, false,
                Reasons.RECONCILE_ERROR, e.getClass().getSimpleName() + ": " + Objects.toString(e.getMessage(), ""));
        endpoint.setStatus(s);
        return ErrorStatusUpdateControl.patchStatus(endpoint);
    }
}
