package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One ingest endpoint (input) of a channel: its own URL and its own Digest credentials, like
 * MediaPackage's {@code IngestEndpoint}. A channel has two for input redundancy.
 */
public class IngestEndpointSpec {
    @JsonPropertyDescription("Ingest endpoint id: the URL path element after the channel name (lowercase letters, digits and '-').")
    public String id;

    @JsonPropertyDescription("Digest username the encoder authenticates with.")
    public String username;

    @JsonPropertyDescription("Digest password (standalone packager only; on Kubernetes it lives in the channel's Secret).")
    public String password;

    @JsonPropertyDescription("File holding the Digest password (trailing newline ignored); alternative to password.")
    public String passwordFile;

    public IngestEndpointSpec() {}

    public IngestEndpointSpec(String id, String username, String password) {
        this.id = id;
        this.username = username;
        this.password = password;
    }

    @Override
    public String toString() {
        return "IngestEndpointSpec[id=" + id + ", username=" + username + ", password=<redacted>]";
    }
}
