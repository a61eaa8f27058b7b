package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) for a channel's packager pods: CPU utilization and, through a
 * custom metrics adapter, per-pod metrics such as egress requests per second.
 */
@ValidationRule(value = "!has(self.minReplicas) || self.minReplicas <= self.maxReplicas",
        message = "minReplicas must not exceed maxReplicas")
public class AutoscalingSpec {
    @JsonPropertyDescription("Fewest packager pods. Default 2, or maxReplicas when that is smaller.")
    @Min(1)
    @Max(100)
    public Integer minReplicas;

    @Required
    @JsonPropertyDescription("Most packager pods.")
    @Min(1)
    @Max(100)
    public Integer maxReplicas;

    @JsonPropertyDescription("Target average CPU use, in percent of the container's CPU request (needs "
            + "spec.packager.resources.requests.cpu). Default 80 when no metrics are given.")
    @Min(1)
    @Max(1000)
    public Integer targetCPUUtilizationPercentage;

    @JsonPropertyDescription("Custom per-pod metrics (HPA type Pods) served by a custom metrics adapter, e.g. "
            + "prometheus-adapter: the HPA scales so that their average per pod stays at the target.")
    public List<PodsMetricSpec> metrics = new ArrayList<>();
}
