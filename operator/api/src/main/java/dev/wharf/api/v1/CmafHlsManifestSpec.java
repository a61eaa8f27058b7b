package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One HLS manifest of a CMAF endpoint, the fields of MediaPackage's {@code HlsManifestCreateOrUpdateParameters}
 * in camelCase.
 */
public class CmafHlsManifestSpec {

    @JsonPropertyDescription("Id of the manifest, unique in the endpoint; a path element of its URL (a DNS label). Required.")
    public String id;

    @JsonPropertyDescription("File name part of the manifest URL; default the endpoint's manifestName.")
    public String manifestName;

    @JsonPropertyDescription("NONE, EVENT or VOD: EVENT and VOD add EXT-X-PLAYLIST-TYPE to media playlists.")
    public HlsPackageSpec.PlaylistType playlistType = HlsPackageSpec.PlaylistType.NONE;

    @JsonPropertyDescription("Duration of content in each media playlist, in seconds. Default 60.")
    public int playlistWindowSeconds = 60;

    @JsonPropertyDescription("Interval between EXT-X-PROGRAM-DATE-TIME tags in seconds; 0 omits them.")
    public int programDateTimeIntervalSeconds = 0;

    @JsonPropertyDescription("Ad marker handling: NONE, SCTE35_ENHANCED, PASSTHROUGH or DATERANGE.")
    public HlsPackageSpec.AdMarkers adMarkers = HlsPackageSpec.AdMarkers.NONE;

    @JsonPropertyDescription("Add an I-frame-only playlist built from the first rendition.")
    public boolean includeIframeOnlyStream = false;
}
