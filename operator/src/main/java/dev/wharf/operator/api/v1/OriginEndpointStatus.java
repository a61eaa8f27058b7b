package dev.wharf.operator.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What {@code kubectl get originendpoint -o yaml} shows under status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OriginEndpointStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Playback URL of the endpoint's manifest (CMAF: of its first HLS manifest).")
    public String url;

    @JsonPropertyDescription("Every manifest URL of the endpoint: for CMAF one per HLS manifest (spec.cmafPackage.hlsManifests), "
            + "in that order; otherwise the same single URL as url.")
    public List<String> urls;

    @JsonPropertyDescription("Output format: HLS, CMAF, DASH or MSS.")
    public String format;

    @JsonPropertyDescription("Conditions: Ready, FieldsInEffect, PlaybackSettings.")
    public List<Condition> conditions = new ArrayList<>();

    @Override
    public boolean equals(Object o) {
        return o instanceof OriginEndpointStatus s && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(url, s.url) && Objects.equals(urls, s.urls) && Objects.equals(format, s.format) && Objects.equals(conditions, s.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, url, urls, format, conditions);
    }
}
