package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * CDN authorization (MediaPackage {@code Authorization}): requests must carry the CDN identifier in the
 * {@code X-MediaPackage-CDNIdentifier} header. On Kubernetes the identifier lives in a Secret the operator projects
 * into the packager pods as a file ({@code cdnIdentifierFile}); a standalone packager may name the value itself.
 */
@ValidationRule(value = "!has(self.cdnIdentifier) && !has(self.cdnIdentifierFile)",
        message = "the operator reads the CDN identifier from cdnIdentifierSecret; do not set cdnIdentifier or cdnIdentifierFile")
public class AuthorizationSpec {
    @Required
    @JsonPropertyDescription("Secret key holding the CDN identifier (8 to 128 characters, a UUID is recommended) that requests "
            + "must carry in the X-MediaPackage-CDNIdentifier header; others get 403.")
    public SecretKeyRefSpec cdnIdentifierSecret;

    @JsonPropertyDescription("The CDN identifier itself (standalone packager only).")
    public String cdnIdentifier;

    @JsonPropertyDescription("File holding the CDN identifier (trailing newline ignored); set by the operator on Kubernetes.")
    public String cdnIdentifierFile;

    @Override
    public String toString() {
        return "AuthorizationSpec[cdnIdentifierSecret=" + (cdnIdentifierSecret == null ? null
                : cdnIdentifierSecret.name + "/" + cdnIdentifierSecret.key) + ", cdnIdentifier=<redacted>, cdnIdentifierFile="
                + cdnIdentifierFile + "]";
    }
}
