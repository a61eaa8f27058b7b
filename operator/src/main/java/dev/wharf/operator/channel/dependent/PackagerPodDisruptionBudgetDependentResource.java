package dev.wharf.operator.channel.dependent;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * The PodDisruptionBudget {@code <channel>-packager}: voluntary disruptions (node drains) take at most
 * one packager pod at a time. maxUnavailable rather than minAvailable, so a one-replica channel does
 * not block drains forever.
 */
public class PackagerPodDisruptionBudgetDependentResource extends CRUDKubernetesDependentResource<PodDisruptionBudget, Channel> {
    private final OperatorConfig config;

    public PackagerPodDisruptionBudgetDependentResource(OperatorConfig config) {
        super(PodDisruptionBudget.class, "packager-pdb");
        this.config = config;
    }

    @Override
    protected PodDisruptionBudget desired(Channel channel, Context<Channel> context) {
        return desired(ChannelModel.of(channel, config));
    }

    public static PodDisruptionBudget desired(ChannelModel m) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(Names.packagerPodDisruptionBudget(m.name())).withNamespace(m.namespace())
                .withLabels(Labels.of(m.name())).endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(Labels.selector(m.name())).endSelector().endSpec().build();
    }
}
