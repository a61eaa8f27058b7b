package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** CMAF output settings, the fields of MediaPackage's {@code CmafPackage}. */
public class CmafPackageSpec {
    @Min(1)
    @Max(30)
    @JsonPropertyDescription("Output segment duration in seconds, rounded to a multiple of the input segment duration. Default 6.")
    public Integer segmentDurationSeconds;

    @Pattern("^[A-Za-z0-9_-]{1,64}$")
    @JsonPropertyDescription("Prefix of segment file names. Default: the channel name.")
    public String segmentPrefix;

    @JsonPropertyDescription("Which renditions to offer, and in which order.")
    public StreamSelectionSpec streamSelection;

    @JsonPropertyDescription("Encryption: SAMPLE_AES (cbcs) or AES_CTR (cenc) with a SPEKE key provider.")
    public EncryptionSpec encryption;

    @Size(min = 1, max = 25)
    @JsonPropertyDescription("The HLS manifests of this endpoint; each id becomes a URL path element.")
    public List<CmafHlsManifestSpec> hlsManifests = new ArrayList<>();
}
