package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** HLS (MPEG-TS) output settings, the fields of MediaPackage's {@code HlsPackage}. */
public class HlsPackageSpec {
    public enum PlaylistType { NONE, EVENT, VOD }

    public enum AdMarkers { NONE, SCTE35_ENHANCED, PASSTHROUGH, DATERANGE }

    @Min(1)
    @Max(30)
    @JsonPropertyDescription("Output segment duration in seconds, rounded to a multiple of the input segment duration. Default 6.")
    public int segmentDurationSeconds = 6;

    @Min(1)
    @Max(86_400)
    @JsonPropertyDescription("Duration of content in each media playlist, in seconds. Default 60.")
    public int playlistWindowSeconds = 60;

    @JsonPropertyDescription("NONE, EVENT or VOD: EVENT and VOD add EXT-X-PLAYLIST-TYPE to media playlists.")
    public PlaylistType playlistType = PlaylistType.NONE;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("Interval between EXT-X-PROGRAM-DATE-TIME tags in seconds; 0 omits them.")
    public int programDateTimeIntervalSeconds = 0;

    @JsonPropertyDescription("Ad marker handling: NONE, SCTE35_ENHANCED, PASSTHROUGH or DATERANGE.")
    public AdMarkers adMarkers = AdMarkers.NONE;

    @JsonPropertyDescription("SCTE-35 message types treated as ads (SCTE35_ENHANCED and DATERANGE). Default: splice insert, "
            + "provider/distributor advertisement and placement opportunity.")
    public List<AdTrigger> adTriggers = new ArrayList<>();

    @JsonPropertyDescription("Which time_signal ads count by delivery restrictions: NONE, RESTRICTED, UNRESTRICTED or BOTH. Default RESTRICTED.")
    public AdsOnDeliveryRestrictions adsOnDeliveryRestrictions;

    @JsonPropertyDescription("Pass DVB subtitles through.")
    public boolean includeDvbSubtitles = false;

    @JsonPropertyDescription("Add an I-frame-only playlist built from the first rendition.")
    public boolean includeIframeOnlyStream = false;

    @JsonPropertyDescription("Group all audio renditions into one EXT-X-MEDIA group.")
    public boolean useAudioRenditionGroup = false;

    @JsonPropertyDescription("Which renditions to offer, and in which order.")
    public StreamSelectionSpec streamSelection = new StreamSelectionSpec();

    @JsonPropertyDescription("Encryption (AES_128 or SAMPLE_AES with a SPEKE key provider).")
    public EncryptionSpec encryption;
}
