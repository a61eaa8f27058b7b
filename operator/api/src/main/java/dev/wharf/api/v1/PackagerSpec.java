package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How a channel's packager pods run on Kubernetes. */
public class PackagerSpec {
    @JsonPropertyDescription("Number of packager pods. Default 2 (one may be down during an upgrade or a node drain). "
            + "Forced to 1 when the channel has no shared (Redis) storage. Ignored when autoscaling is set.")
    @Min(1)
    @Max(20)
    public Integer replicas;

    @JsonPropertyDescription("Packager container image. Default: the operator's WHARF_PACKAGER_IMAGE.")
    public String image;

    @JsonPropertyDescription("Compute resources of the packager container (requests and limits, e.g. cpu: 500m, memory: 1Gi).")
    public ResourcesSpec resources;

    @JsonPropertyDescription("Scale the packager pods with a HorizontalPodAutoscaler between minReplicas and maxReplicas "
            + "(needs shared Redis storage). Unset: a fixed number of replicas.")
    public AutoscalingSpec autoscaling;
}
