package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** Container resource requests and limits, as quantities (Kubernetes {@code ResourceRequirements}). */
public class ResourcesSpec {
    @JsonPropertyDescription("Minimum resources the pod is scheduled with, e.g. {cpu: 500m, memory: 1Gi}.")
    public Map<String, String> requests = new LinkedHashMap<>();

    @JsonPropertyDescription("Maximum resources the container may use, e.g. {memory: 2Gi}.")
    public Map<String, String> limits = new LinkedHashMap<>();
}
