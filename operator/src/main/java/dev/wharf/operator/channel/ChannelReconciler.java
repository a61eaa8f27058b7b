package dev.wharf.operator.channel;

import dev.wharf.api.v1.SecretKeyRefSpec;
import dev.wharf.operator.EventRecorder;
import dev.wharf.operator.api.v1.ApiConstants;
import dev.wharf.operator.api.v1.ApiConstants.Reasons;
import dev.wharf.operator.api.v1.ApiConstants.Types;
import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.ChannelStatus;
import dev.wharf.operator.api.v1.IngestEndpointStatus;
import dev.wharf.operator.api.v1.OriginEndpoint;
import dev.wharf.operator.api.v1.ServedEndpointStatus;
import dev.wharf.operator.channel.dependent.IngestCredentialsSecretDependentResource;
import dev.wharf.operator.channel.dependent.IngestIngressDependentResource;
import dev.wharf.operator.channel.dependent.PackagerConfigMapDependentResource;
import dev.wharf.operator.channel.dependent.PackagerDeploymentDependentResource;
import dev.wharf.operator.channel.dependent.PackagerHorizontalPodAutoscalerDependentResource;
import dev.wharf.operator.channel.dependent.PackagerPodDisruptionBudgetDependentResource;
import dev.wharf.operator.channel.dependent.PackagerServiceDependentResource;
import dev.wharf.operator.channel.dependent.PlaybackIngressDependentResource;
import dev.wharf.operator.inputs.InputHealth;
import dev.wharf.operator.inputs.InputHealthFetcher;
import dev.wharf.operator.inputs.PackagerStatusReader;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Conditions;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.model.PackagerConfigRenderer;
import dev.wharf.operator.push.PackagerConfigPusher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a Channel: validate, reconcile the owned objects (a workflow of one dependent per
 * object), push the rendered configuration to the ready packager pods, then write status.
 * Dependents are standalone (built here with the operator's configuration) and the workflow is
 * invoked explicitly, after validation, so an invalid spec becomes a condition and touches nothing.
 */
// Not generation-aware: the rotation request is an annotation, which does not bump metadata.generation.
@ControllerConfiguration(name = "channel", generationAwareEventProcessing = false)
public class ChannelReconciler implements Reconciler<Channel> {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelReconciler.class);
    static final Duration RETRY_PUSH = Duration.ofSeconds(5);

    private final OperatorConfig config;
    private final PackagerConfigPusher pusher;
    private final PackagerStatusReader statusReader;
    /** Channel -> the failover count last seen, so one failover makes one Event even if the cache lags. */
    private final Map<String, Long> failoversSeen = new ConcurrentHashMap<>();
    private final EventRecorder events;
    private final Clock clock;
    private final IngestCredentialsSecretDependentResource credentials;
    private final PackagerDeploymentDependentResource deployment;
    private final Workflow<Channel> workflow;
    /** Pod uid -> hash of the configuration it acknowledged (in memory: after a restart every pod gets one push). */
    private final Map<String, String> pushed = new ConcurrentHashMap<>();

    public ChannelReconciler(OperatorConfig config, PackagerConfigPusher pusher, EventRecorder events, Clock clock) {
        this.config = config;
        this.pusher = pusher;
        this.statusReader = new PackagerStatusReader(config.packagerAdminPort());
        this.events = events;
        this.clock = clock;
        BiFunction<Channel, Context<Channel>, List<OriginEndpoint>> endpoints = ChannelContext::endpoints;
        this.credentials = new IngestCredentialsSecretDependentResource(config);
        var configMap = new PackagerConfigMapDependentResource(config, endpoints);
        this.deployment = new PackagerDeploymentDependentResource(config, credentials, endpoints);
        var service = new PackagerServiceDependentResource(config);
        var pdb = new PackagerPodDisruptionBudgetDependentResource(config);
        var hpa = new PackagerHorizontalPodAutoscalerDependentResource(config);
        var ingest = new IngestIngressDependentResource(config);
        var playback = new PlaybackIngressDependentResource(config, endpoints);
        List.<KubernetesDependentResource<? extends HasMetadata, Channel>>of(credentials, configMap, deployment, service, pdb, hpa, ingest,
                        playback)
                .forEach(ChannelReconciler::watchManagedOnly);
        this.workflow = new WorkflowBuilder<Channel>()
                .addDependentResource(credentials)
                .addDependentResource(configMap)
                .addDependentResourceAndConfigure(deployment).dependsOn(credentials, configMap)
                .addDependentResource(service)
                .addDependentResource(pdb)
                .addDependentResourceAndConfigure(hpa).dependsOn(deployment)
                .withReconcilePrecondition(new PackagerHorizontalPodAutoscalerDependentResource.EnabledCondition(config))
                .addDependentResourceAndConfigure(ingest).withReconcilePrecondition(new IngestIngressDependentResource.EnabledCondition(config))
                .addDependentResourceAndConfigure(playback)
                .withReconcilePrecondition(new PlaybackIngressDependentResource.EnabledCondition(config, endpoints))
                .build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void watchManagedOnly(KubernetesDependentResource dr) {
        dr.configureWith(new KubernetesDependentResourceConfigBuilder()
                .withKubernetesDependentInformerConfig(InformerConfiguration.builder(dr.resourceType())
                        .withLabelSelector(Labels.MANAGED_SELECTOR).withNamespacesInheritedFromController().build())
                .build());
    }

    @Override
    public List<EventSource<?, Channel>> prepareEventSources(EventSourceContext<Channel> context) {
        List<EventSource<?, Channel>> sources = new ArrayList<>(EventSourceUtils.eventSourcesFromWorkflow(context, workflow));
        sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(OriginEndpoint.class, Channel.class)
                .withName(ChannelContext.ENDPOINTS).withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(e -> e.getSpec() == null || e.getSpec().channelName == null ? Set.of()
                        : Set.of(new ResourceID(e.getSpec().channelName, e.getMetadata().getNamespace())))
                .build(), context));
        var pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, Channel.class)
                .withName(ChannelContext.PODS).withNamespacesInheritedFromController()
                .withLabelSelector(Labels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(p -> {
                    String ch = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(Labels.CHANNEL);
                    return ch == null ? Set.of() : Set.of(new ResourceID(ch, p.getMetadata().getNamespace()));
                })
                .build(), context);
        sources.add(pods);
        // Input health lives in the packager (Redis), not in the API server: poll it per channel. JOSDK's
        // PerResourcePollingEventSource caches the last answer and triggers a reconcile only when it changes,
        // so a reconcile caused by our own status patch reads the cache instead of asking the pod again.
        var fetcher = new InputHealthFetcher(config, statusReader,
                c -> ChannelContext.pods(c, pods).stream().filter(ChannelReconciler::isReady).toList());
        sources.add(new PerResourcePollingEventSource<>(InputHealth.class, context,
                new PerResourcePollingConfigurationBuilder<InputHealth, Channel, String>(fetcher, config.inputStatusInterval())
                        .withName(ChannelContext.INPUTS)
                        .withResourceIDMapper(ResourceIDMapper.singleResourceResourceIDMapper())
                        .build()));
        return sources;
    }

    @Override
    public UpdateControl<Channel> reconcile(Channel channel, Context<Channel> context) {
        ChannelModel model = ChannelModel.of(channel, config);
        ChannelStatus old = channel.getStatus();
        ChannelStatus status = fresh(old, channel);
        long gen = generation(channel);

        if (!model.valid()) {
            String message = String.join("; ", model.problems());
            if (Conditions.set(status.conditions, clock, gen, Types.READY, false, Reasons.INVALID_SPEC, message)) {
                events.warning(channel, Reasons.INVALID_SPEC, message);
            }
            return patchIfChanged(channel, old, status, null);
        }

        boolean secretExisted = credentials.getSecondaryResource(channel, context).isPresent();
        workflow.reconcile(channel, context).throwAggregateExceptionIfErrorsPresent();
        if (!secretExisted) {
            events.normal(channel, "CredentialsGenerated", "ingest credentials generated in Secret " + Names.credentialsSecret(channel));
        }
        String rotation = channel.getMetadata().getAnnotations() == null ? null
                : channel.getMetadata().getAnnotations().get(ApiConstants.ROTATE_CREDENTIALS);
        if (rotation != null) {
            clearRotationRequest(channel, context);
            events.normal(channel, "CredentialsRotated", "ingest credentials rotated: " + rotation);
        }

        Map<String, String> secret = IngestCredentialsSecretDependentResource.decode(credentials.getSecondaryResource(channel, context).orElse(null));
        List<OriginEndpoint> served = PackagerConfigRenderer.servedEndpoints(ChannelContext.endpoints(channel, context));
        String yaml = PackagerConfigRenderer.render(model, served);
        String hash = PackagerConfigRenderer.sha256(yaml);
        PushOutcome push = push(channel, context, secret.get(Names.ADMIN_TOKEN_KEY), yaml, hash);

        for (var in : model.ingestEndpoints()) {
            status.ingestEndpoints.add(new IngestEndpointStatus(in.id(), Names.ingestUrl(config, model.namespace(), model.name(), in.id()),
                    in.username(), new SecretKeyRefSpec(Names.credentialsSecret(model.name()), in.id())));
        }
        applyInputHealth(channel, model, context.getSecondaryResource(InputHealth.class).orElse(null), old, status, gen);
        Deployment d = deployment.getSecondaryResource(channel, context).orElse(null);
        int ready = d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
        // With an HPA the desired count is whatever it last chose (the Deployment's spec.replicas).
        int desired = model.autoscaling() != null && d != null && d.getSpec() != null && d.getSpec().getReplicas() != null
                ? d.getSpec().getReplicas() : model.replicas();
        status.replicas = ready + "/" + desired;

        if (push.readyPods() > 0 && push.failures().isEmpty()) {
            served.forEach(e -> status.servedEndpoints.add(new ServedEndpointStatus(e.getMetadata().getName(), generation(e))));
            Conditions.set(status.conditions, clock, gen, Types.CONFIG_APPLIED, true, Reasons.APPLIED,
                    "configuration " + hash.substring(0, 12) + " applied on " + push.readyPods() + " pod(s)");
        } else if (!push.failures().isEmpty()) {
            String message = String.join("; ", push.failures());
            if (Conditions.set(status.conditions, clock, gen, Types.CONFIG_APPLIED, false, Reasons.PUSH_FAILED, message)) {
                events.warning(channel, Reasons.PUSH_FAILED, message);
            }
        } else {
            Conditions.set(status.conditions, clock, gen, Types.CONFIG_APPLIED, false, Reasons.WAITING_FOR_PODS,
                    "no packager pod is ready yet");
        }
        if (model.storage().shared()) {
            Conditions.set(status.conditions, clock, gen, Types.SHARED_STORAGE, true, Reasons.REDIS, "segments are stored in Redis");
        } else {
            Conditions.set(status.conditions, clock, gen, Types.SHARED_STORAGE, false, Reasons.IN_MEMORY,
                    "no Redis configured (spec.storage or WHARF_REDIS_URL/WHARF_REDIS_SECRET): segments live in the pod's "
                            + "memory, so the channel runs one replica and loses its content on restart");
        }
        boolean isReady = ready > 0 && push.failures().isEmpty() && push.readyPods() > 0;
        String reason = isReady ? Reasons.READY : !push.failures().isEmpty() ? Reasons.PUSH_FAILED : Reasons.WAITING_FOR_PODS;
        String message = isReady ? ready + " of " + desired + " packager pod(s) ready"
                : !push.failures().isEmpty() ? "configuration not applied: " + String.join("; ", push.failures())
                : "waiting for packager pods (" + ready + "/" + desired + " ready)";
        if (Conditions.set(status.conditions, clock, gen, Types.READY, isReady, reason, message)) {
            if (isReady) {
                events.normal(channel, Reasons.READY, message);
            } else if (old != null && Conditions.isTrue(old.conditions, Types.READY)) {
                events.warning(channel, reason, message);
            }
        }
        return patchIfChanged(channel, old, status, push.failures().isEmpty() ? null : RETRY_PUSH);
    }

    /**
     * Input health into the status: active input, failovers, each ingest endpoint's health, the
     * IngestActive condition, and an InputFailover Event when the failover count went up.
     */
    private void applyInputHealth(Channel channel, ChannelModel model, InputHealth health, ChannelStatus old, ChannelStatus status, long gen) {
        if (health == null || !health.available()) {
            // Keep what was last known (a pod restart must not blank it) and say that it is not current.
            if (old != null) {
                status.activeInput = old.activeInput;
                status.failovers = old.failovers;
                for (IngestEndpointStatus in : status.ingestEndpoints) {
                    old.ingestEndpoints.stream().filter(o -> in.id.equals(o.id)).findFirst().ifPresent(o -> {
                        in.active = o.active;
                        in.healthy = o.healthy;
                        in.lastContentTime = o.lastContentTime;
                    });
                }
            }
            Conditions.set(status.conditions, clock, gen, Types.INGEST_ACTIVE, "Unknown", Reasons.STATUS_UNAVAILABLE,
                    "input health not read: " + (health == null ? "not polled yet" : health.unavailable()));
            return;
        }
        status.activeInput = health.activeInput();
        status.failovers = health.failovers();
        for (IngestEndpointStatus in : status.ingestEndpoints) {
            InputHealth.Input h = health.input(in.id);
            in.active = in.id.equals(health.activeInput());
            in.healthy = h != null && h.healthy();
            in.lastContentTime = h == null || h.lastContentMillis() < 0 ? null
                    : Instant.ofEpochMilli(h.lastContentMillis()).truncatedTo(ChronoUnit.SECONDS).toString();
        }
        InputHealth.Input active = health.activeInput() == null ? null : health.input(health.activeInput());
        String threshold = seconds(model.contentThresholdSeconds());
        if (active == null) {
            Conditions.set(status.conditions, clock, gen, Types.INGEST_ACTIVE, false, Reasons.NO_CONTENT, "no input has delivered content yet");
        } else if (active.ended()) {
            Conditions.set(status.conditions, clock, gen, Types.INGEST_ACTIVE, false, Reasons.INPUT_ENDED,
                    "the active input " + active.id() + " ended its stream");
        } else if (active.receiving()) {
            Conditions.set(status.conditions, clock, gen, Types.INGEST_ACTIVE, true, Reasons.RECEIVING_CONTENT,
                    "the active input " + active.id() + " delivers content");
        } else {
            Conditions.set(status.conditions, clock, gen, Types.INGEST_ACTIVE, false, Reasons.NO_CONTENT,
                    "the active input " + active.id() + " delivered no content for more than " + threshold + " s");
        }

        String key = channelKey(channel);
        Long before = failoversSeen.get(key);
        if (before == null && old != null) {
            before = old.failovers;
        }
        failoversSeen.put(key, health.failovers());
        if (before != null && health.failovers() > before && health.activeInput() != null) {
            String lost = model.ingestIds().stream().filter(id -> !id.equals(health.activeInput())).findFirst().orElse("?");
            events.warning(channel, Reasons.INPUT_FAILOVER, "input " + lost + " lost, switched to " + health.activeInput()
                    + " (failover " + health.failovers() + ")");
        }
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    record PushOutcome(int readyPods, List<String> failures) {}

    private PushOutcome push(Channel channel, Context<Channel> context, String token, String yaml, String hash) {
        List<Pod> pods = ChannelContext.pods(channel, context);
        Set<String> alive = pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        pushed.keySet().removeIf(uid -> !alive.contains(uid) && isOwnedBy(uid, channel));
        List<Pod> ready = pods.stream().filter(ChannelReconciler::isReady).toList();
        List<String> failures = new ArrayList<>();
        for (Pod pod : ready) {
            String uid = pod.getMetadata().getUid();
            if (hash.equals(pushed.get(uid))) {
                continue;
            }
            if (token == null) {
                failures.add("no admin token in Secret " + Names.credentialsSecret(channel));
                break;
            }
            var result = pusher.push(pod.getStatus().getPodIP(), token, yaml);
            if (result.applied()) {
                pushed.put(uid, hash);
                owners.put(uid, channelKey(channel));
            } else {
                LOG.warn("configuration push to pod {}/{} failed: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), result.detail());
                failures.add("pod " + pod.getMetadata().getName() + ": " + result.detail());
            }
        }
        return new PushOutcome(ready.size(), failures);
    }

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    private boolean isOwnedBy(String uid, Channel channel) {
        return channelKey(channel).equals(owners.get(uid));
    }

    private static String channelKey(Channel c) {
        return c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
    }

    static boolean isReady(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null && p.getStatus().getPodIP() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void clearRotationRequest(Channel channel, Context<Channel> context) {
        context.getClient().resources(Channel.class).inNamespace(channel.getMetadata().getNamespace())
                .withName(channel.getMetadata().getName()).edit(c -> {
                    if (c.getMetadata().getAnnotations() != null) {
                        c.getMetadata().getAnnotations().remove(ApiConstants.ROTATE_CREDENTIALS);
                    }
                    return c;
                });
    }

    @Override
    public ErrorStatusUpdateControl<Channel> updateErrorStatus(Channel channel, Context<Channel> context, Exception e) {
        ChannelStatus status = fresh(channel.getStatus(), channel);
        status.ingestEndpoints = channel.getStatus() == null ? new ArrayList<>() : channel.getStatus().ingestEndpoints;
        if (channel.getStatus() != null) {
            status.activeInput = channel.getStatus().activeInput;
            status.failovers = channel.getStatus().failovers;
        }
        String message = e.getClass().getSimpleName() + ": " + Objects.toString(e.getMessage(), "");
        if (Conditions.set(status.conditions, clock, generation(channel), Types.READY, false, Reasons.RECONCILE_ERROR, message)) {
            events.warning(channel, Reasons.RECONCILE_ERROR, message);
        }
        channel.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(channel);
    }

    private static ChannelStatus fresh(ChannelStatus old, Channel channel) {
        ChannelStatus s = new ChannelStatus();
        s.observedGeneration = generation(channel);
        if (old != null && old.conditions != null) {
            s.conditions = new ArrayList<>(old.conditions);
        }
        return s;
    }

    private static UpdateControl<Channel> patchIfChanged(Channel channel, ChannelStatus old, ChannelStatus status, Duration retry) {
        UpdateControl<Channel> control;
        if (status.equals(old)) {
            control = UpdateControl.noUpdate();
        } else {
            channel.setStatus(status);
            control = UpdateControl.patchStatus(channel);
        }
        return retry == null ? control : control.rescheduleAfter(retry);
    }

    static long generation(HasMetadata o) {
        return o.getMetadata().getGeneration() == null ? 0 : o.getMetadata().getGeneration();
    }

    /** For tests: the dependents in the workflow. */
    Map<String, DependentResource> dependents() {
        return workflow.getDependentResourcesByName();
    }
}
