package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One HLS manifest of a CMAF endpoint (MediaPackage {@code HlsManifestCreateOrUpdateParameters}). */
public class CmafHlsManifestSpec {
    @Required
    @Pattern("^[A-Za-z0-9_-]{1,64}$")
    @JsonPropertyDescription("Manifest id, unique in the endpoint; a URL path element.")
    public String id;

    @Pattern("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    @JsonPropertyDescription("File name part of the manifest URL. Default \"index\".")
    public String manifestName;

    @JsonPropertyDescription("NONE, EVENT or VOD.")
    public HlsPackageSpec.PlaylistType playlistType;

    @Min(1)
    @Max(86_400)
    @JsonPropertyDescription("Duration of content in each media playlist, in seconds. Default 60.")
    public Integer playlistWindowSeconds;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("Interval between EXT-X-PROGRAM-DATE-TIME tags in seconds; 0 omits them.")
    public Integer programDateTimeIntervalSeconds;

    @JsonPropertyDescription("Ad marker handling: NONE, SCTE35_ENHANCED, PASSTHROUGH or DATERANGE.")
    public HlsPackageSpec.AdMarkers adMarkers;

    @JsonPropertyDescription("Add an I-frame-only playlist built from the first rendition.")
    public Boolean includeIframeOnlyStream;
}
