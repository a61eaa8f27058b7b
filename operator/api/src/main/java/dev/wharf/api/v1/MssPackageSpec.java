package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Microsoft Smooth Streaming output settings, the fields of MediaPackage's {@code MssPackage}. */
public class MssPackageSpec {
    @Min(1)
    @Max(86_400)
    @JsonPropertyDescription("Duration of content in the Smooth manifest, in seconds. Default 60.")
    public Integer manifestWindowSeconds;

    @Min(1)
    @Max(30)
    @JsonPropertyDescription("Output fragment duration in seconds. Default 2.")
    public Integer segmentDurationSeconds;

    @JsonPropertyDescription("Which renditions to offer, and in which order.")
    public StreamSelectionSpec streamSelection;

    @JsonPropertyDescription("PlayReady encryption (AES_CTR) with a SPEKE key provider.")
    public EncryptionSpec encryption;
}
