package dev.wharf.operator.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.wharf.api.v1.SecretKeyRefSpec;
import java.util.Objects;

/** One ingest endpoint as an encoder operator needs it (MediaPackage {@code IngestEndpoint}, password by reference). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngestEndpointStatus {
    @JsonPropertyDescription("Ingest endpoint id.")
    public String id;
    @JsonPropertyDescription("URL the encoder pushes HLS to (WebDAV PUT, Digest authentication).")
    public String url;
    @JsonPropertyDescription("Digest username.")
    public String username;
    @JsonPropertyDescription("The Secret key holding the Digest password.")
    public SecretKeyRefSpec passwordSecretRef;
    @JsonPropertyDescription("True when this is the channel's active input.")
    public Boolean active;
    @JsonPropertyDescription("True when this input delivered content within 3 input-loss thresholds (10 s when the channel sets none).")
    public Boolean healthy;
    @JsonPropertyDescription("When this input last delivered content (RFC 3339); absent when it never did.")
    public String lastContentTime;

    public IngestEndpointStatus() {}

    public IngestEndpointStatus(String id, String url, String username, SecretKeyRefSpec passwordSecretRef) {
        this.id = id;
        this.url = url;
        this.username = username;
        this.passwordSecretRef = passwordSecretRef;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IngestEndpointStatus s && Objects.equals(id, s.id) && Objects.equals(url, s.url)
                && Objects.equals(username, s.username) && passwordSecretRef != null && s.passwordSecretRef != null
                && Objects.equals(passwordSecretRef.name, s.passwordSecretRef.name)
                && Objects.equals(passwordSecretRef.key, s.passwordSecretRef.key)
                && Objects.equals(active, s.active) && Objects.equals(healthy, s.healthy)
                && Objects.equals(lastContentTime, s.lastContentTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, url, username);
    }
}
