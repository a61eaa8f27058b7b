package dev.wharf.operator.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** An origin endpoint the packager pods serve, at the generation they were given. */
public class ServedEndpointStatus {
    @JsonPropertyDescription("OriginEndpoint name.")
    public String name;
    @JsonPropertyDescription("The OriginEndpoint's metadata.generation in the applied configuration.")
    public Long generation;

    public ServedEndpointStatus() {}

    public ServedEndpointStatus(String name, Long generation) {
        this.name = name;
        this.generation = generation;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServedEndpointStatus s && Objects.equals(name, s.name) && Objects.equals(generation, s.generation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, generation);
    }
}
