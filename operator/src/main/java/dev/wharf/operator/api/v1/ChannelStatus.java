package dev.wharf.operator.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What {@code kubectl get channel -o yaml} shows under status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChannelStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Ingest endpoints with the URL, username and password Secret an encoder needs.")
    public List<IngestEndpointStatus> ingestEndpoints = new ArrayList<>();

    @JsonPropertyDescription("Origin endpoints (name and generation) in the configuration applied to every ready packager pod.")
    public List<ServedEndpointStatus> servedEndpoints = new ArrayList<>();

    @JsonPropertyDescription("Pods ready to serve, out of the desired replicas, e.g. 2/2.")
    public String replicas;

    @JsonPropertyDescription("The ingest endpoint the channel plays (MediaPackage ActiveInput), as the packager reports it; "
            + "absent before any input delivered content.")
    public String activeInput;

    @JsonPropertyDescription("How many times the channel switched inputs since it started or was reset.")
    public Long failovers;

    @JsonPropertyDescription("Conditions: Ready, ConfigApplied, SharedStorage, IngestActive.")
    public List<Condition> conditions = new ArrayList<>();

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStatus s && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(ingestEndpoints, s.ingestEndpoints) && Objects.equals(servedEndpoints, s.servedEndpoints)
                && Objects.equals(replicas, s.replicas) && Objects.equals(activeInput, s.activeInput)
                && Objects.equals(failovers, s.failovers) && Objects.equals(conditions, s.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, ingestEndpoints, servedEndpoints, replicas, activeInput, failovers, conditions);
    }
}
