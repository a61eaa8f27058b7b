package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the resource's namespace. */
public class SecretKeyRefSpec {
    @Required
    @JsonPropertyDescription("Name of the Secret (same namespace).")
    public String name;

    @Required
    @JsonPropertyDescription("Key within the Secret.")
    public String key;

    public SecretKeyRefSpec() {}

    public SecretKeyRefSpec(String name, String key) {
        this.name = name;
        this.key = key;
    }
}
