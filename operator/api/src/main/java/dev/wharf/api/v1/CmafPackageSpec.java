package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * CMAF output (HLS with fMP4 segments), the fields of MediaPackage's {@code CmafPackage}
 * ({@code CmafPackageCreateOrUpdateParameters}) in camelCase.
 */
public class CmafPackageSpec {

    @JsonPropertyDescription("Output segment duration in seconds, rounded to a multiple of the input segment duration. "
            + "Default 6. Not in effect yet: every input segment becomes one CMAF fragment.")
    public int segmentDurationSeconds = 6;

    @JsonPropertyDescription("Prefix of the segment file names; default the channel name.")
    public String segmentPrefix;

    @JsonPropertyDescription("Which renditions to offer, and in which order.")
    public StreamSelectionSpec streamSelection = new StreamSelectionSpec();

    @JsonPropertyDescription("The HLS manifests of this endpoint (at least one); each is served under its id.")
    public List<CmafHlsManifestSpec> hlsManifests = new ArrayList<>();

    @JsonPropertyDescription("Encryption (SAMPLE_AES or AES_CTR with a SPEKE key provider). Not in effect yet.")
    public JsonNode encryption;
}
