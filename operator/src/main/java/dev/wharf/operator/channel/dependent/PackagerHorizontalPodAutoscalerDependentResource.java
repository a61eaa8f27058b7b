package dev.wharf.operator.channel.dependent;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;

/**
 * The HorizontalPodAutoscaler {@code <channel>-packager} (autoscaling/v2) of the packager Deployment, while
 * {@code spec.packager.autoscaling} is set (and the channel has shared storage): CPU utilization and per-pod
 * custom metrics. The packager scales horizontally because it keeps no state of its own: segments, timelines
 * and failover state are in Redis. When autoscaling is unset the workflow deletes the HPA.
 */
public class PackagerHorizontalPodAutoscalerDependentResource
        extends CRUDKubernetesDependentResource<HorizontalPodAutoscaler, Channel> {
    private final OperatorConfig config;

    public PackagerHorizontalPodAutoscalerDependentResource(OperatorConfig config) {
        super(HorizontalPodAutoscaler.class, "packager-hpa");
        this.config = config;
    }

    /** By name: the default derives it from desired(), which has nothing to build once autoscaling is unset. */
    @Override
    protected ResourceID targetSecondaryResourceID(Channel channel, Context<Channel> context) {
        return new ResourceID(Names.packagerHorizontalPodAutoscaler(channel.getMetadata().getName()), channel.getMetadata().getNamespace());
    }

    @Override
    protected HorizontalPodAutoscaler desired(Channel channel, Context<Channel> context) {
        return desired(ChannelModel.of(channel, config));
    }

    public static HorizontalPodAutoscaler desired(ChannelModel m) {
        ChannelModel.Autoscaling a = m.autoscaling();
        List<MetricSpec> metrics = new ArrayList<>();
        if (a.targetCpuPercent() != null) {
            metrics.add(new MetricSpecBuilder().withType("Resource").withNewResource().withName("cpu")
                    .withNewTarget().withType("Utilization").withAverageUtilization(a.targetCpuPercent()).endTarget()
                    .endResource().build());
        }
        for (ChannelModel.PodsMetric p : a.podsMetrics()) {
            metrics.add(new MetricSpecBuilder().withType("Pods").withNewPods().withNewMetric().withName(p.name()).endMetric()
                    .withNewTarget().withType("AverageValue").withAverageValue(new Quantity(p.targetAverageValue())).endTarget()
                    .endPods().build());
        }
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName(Names.packagerHorizontalPodAutoscaler(m.name())).withNamespace(m.namespace())
                .withLabels(Labels.of(m.name())).endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                .withName(Names.packagerDeployment(m.name())).endScaleTargetRef()
                .withMinReplicas(a.minReplicas()).withMaxReplicas(a.maxReplicas())
                .withMetrics(metrics)
                .endSpec().build();
    }

    /** Only while the channel asks for autoscaling (and has shared storage); otherwise the HPA is deleted. */
    public static final class EnabledCondition implements Condition<HorizontalPodAutoscaler, Channel> {
        private final OperatorConfig config;

        public EnabledCondition(OperatorConfig config) {
            this.config = config;
        }

        @Override
        public boolean isMet(DependentResource<HorizontalPodAutoscaler, Channel> dependent, Channel primary, Context<Channel> context) {
            return ChannelModel.of(primary, config).autoscaling() != null;
        }
    }
}
