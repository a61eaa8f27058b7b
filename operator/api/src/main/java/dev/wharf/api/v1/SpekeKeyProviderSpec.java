package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** A SPEKE key server (MediaPackage {@code SpekeKeyProvider}). */
public class SpekeKeyProviderSpec {
    @Required
    @Pattern("^[0-9a-zA-Z_-]{1,256}$")
    @JsonPropertyDescription("Identifier of the content sent to the key server.")
    public String resourceId;

    @Required
    @JsonPropertyDescription("DRM system ids (UUIDs), e.g. Widevine edef8ba9-79d6-4ace-a3c8-27dcd51d21ed.")
    public List<String> systemIds = new ArrayList<>();

    @Required
    @Pattern("^https://.+")
    @JsonPropertyDescription("HTTPS URL of the SPEKE key server.")
    public String url;

    @JsonPropertyDescription("Secret key with a PEM certificate for content-key encryption (optional).")
    public SecretKeyRefSpec certificateSecret;
}
