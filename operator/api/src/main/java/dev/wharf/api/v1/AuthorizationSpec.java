package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** CDN authorization (MediaPackage {@code Authorization}): requests must carry the CDN identifier header. */
public class AuthorizationSpec {
    @Required
    @JsonPropertyDescription("Secret key holding the CDN identifier (8 to 128 characters, a UUID is recommended) that requests "
            + "must carry in the X-MediaPackage-CDNIdentifier header; others get 403.")
    public SecretKeyRefSpec cdnIdentifierSecret;
}
