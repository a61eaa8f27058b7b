package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A per-pod custom metric target of the packager's HorizontalPodAutoscaler (autoscaling/v2 {@code Pods}). */
public class PodsMetricSpec {
    @Required
    @Pattern("^[A-Za-z_:][A-Za-z0-9_:.-]{0,252}$")
    @JsonPropertyDescription("Metric name as the custom metrics API serves it, e.g. wharf_egress_requests_per_second.")
    public String name;

    @Required
    @Pattern("^[0-9]+(\\.[0-9]+)?(m|k|M|G)?$")
    @JsonPropertyDescription("Target average value per pod, a Kubernetes quantity, e.g. \"200\" or \"1500m\".")
    public String targetAverageValue;

    public PodsMetricSpec() {}

    public PodsMetricSpec(String name, String targetAverageValue) {
        this.name = name;
        this.targetAverageValue = targetAverageValue;
    }
}
