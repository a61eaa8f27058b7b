package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Output encryption (MediaPackage {@code HlsEncryption}, {@code CmafEncryption}, {@code DashEncryption},
 * {@code MssEncryption}): one shape for all packages; the method values allowed depend on the package.
 */
public class EncryptionSpec {
    public enum EncryptionMethod { AES_128, SAMPLE_AES, AES_CTR }

    @JsonPropertyDescription("HLS: AES_128 or SAMPLE_AES; CMAF: SAMPLE_AES (cbcs) or AES_CTR (cenc); DASH and MSS: AES_CTR (cenc).")
    public EncryptionMethod encryptionMethod;

    @Pattern("^[0-9a-fA-F]{32}$")
    @JsonPropertyDescription("Constant 128-bit initialization vector as 32 hex characters; unset rotates the IV.")
    public String constantInitializationVector;

    @Min(0)
    @Max(31_536_000)
    @JsonPropertyDescription("Key rotation interval in seconds; 0 disables rotation. Default 60.")
    public Integer keyRotationIntervalSeconds;

    @JsonPropertyDescription("HLS: repeat EXT-X-KEY before every segment.")
    public Boolean repeatExtXKey;

    @Required
    @JsonPropertyDescription("The SPEKE key server that provides the content keys.")
    public SpekeKeyProviderSpec spekeKeyProvider;
}
