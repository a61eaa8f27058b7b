package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/** DASH-ISO output settings, the fields of MediaPackage's {@code DashPackage}. */
public class DashPackageSpec {
    public enum SegmentTemplateFormat { NUMBER_WITH_TIMELINE, TIME_WITH_TIMELINE, NUMBER_WITH_DURATION }

    public enum Profile { NONE, HBBTV_1_5, HYBRIDCAST, DVB_DASH_2014 }

    public enum ManifestLayout { FULL, COMPACT, DRM_TOP_LEVEL_COMPACT }

    public enum PeriodTrigger { ADS }

    public enum UtcTiming {
        NONE,
        @JsonProperty("HTTP-HEAD") HTTP_HEAD,
        @JsonProperty("HTTP-ISO") HTTP_ISO,
        @JsonProperty("HTTP-XSDATE") HTTP_XSDATE
    }

    @Min(1)
    @Max(86_400)
    @JsonPropertyDescription("Duration of content in the MPD (timeShiftBufferDepth), in seconds. Default 60.")
    public Integer manifestWindowSeconds;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("MPD minBufferTime in seconds. Default 30.")
    public Integer minBufferTimeSeconds;

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("MPD minimumUpdatePeriod in seconds. Default 15.")
    public Integer minUpdatePeriodSeconds;

    /** MediaPackage's default {@link #minUpdatePeriodSeconds}. */
    public static final int DEFAULT_MIN_UPDATE_PERIOD_SECONDS = 15;
    /** MediaPackage's default {@link #suggestedPresentationDelaySeconds}. */
    public static final int DEFAULT_SUGGESTED_PRESENTATION_DELAY_SECONDS = 25;

    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("MPD suggestedPresentationDelay in seconds, added to the endpoint's time delay. Default 25.")
    public Integer suggestedPresentationDelaySeconds;

    @Min(1)
    @Max(30)
    @JsonPropertyDescription("Output segment duration in seconds, rounded to a multiple of the input segment duration. Default 2.")
    public Integer segmentDurationSeconds;

    @JsonPropertyDescription("NUMBER_WITH_TIMELINE, TIME_WITH_TIMELINE or NUMBER_WITH_DURATION. Default NUMBER_WITH_TIMELINE.")
    public SegmentTemplateFormat segmentTemplateFormat;

    @JsonPropertyDescription("DASH profile: NONE, HBBTV_1_5, HYBRIDCAST or DVB_DASH_2014. Default NONE.")
    public Profile profile;

    @JsonPropertyDescription("FULL, COMPACT or DRM_TOP_LEVEL_COMPACT. Default FULL.")
    public ManifestLayout manifestLayout;

    @JsonPropertyDescription("ADS starts a new Period at SCTE-35 ad markers.")
    public List<PeriodTrigger> periodTriggers = new ArrayList<>();

    @JsonPropertyDescription("SCTE-35 message types treated as ads.")
    public List<AdTrigger> adTriggers = new ArrayList<>();

    @JsonPropertyDescription("Which time_signal ads count by delivery restrictions. Default RESTRICTED.")
    public AdsOnDeliveryRestrictions adsOnDeliveryRestrictions;

    @JsonPropertyDescription("UTCTiming scheme in the MPD: NONE, HTTP-HEAD, HTTP-ISO or HTTP-XSDATE.")
    public UtcTiming utcTiming;

    @JsonPropertyDescription("Value of the UTCTiming element (a time server URL).")
    public String utcTimingUri;

    @JsonPropertyDescription("Add an I-frame-only (trick mode) representation from the first video rendition.")
    public Boolean includeIframeOnlyStream;

    @JsonPropertyDescription("Which renditions to offer, and in which order.")
    public StreamSelectionSpec streamSelection;

    @JsonPropertyDescription("CENC encryption (AES_CTR) with a SPEKE key provider.")
    public EncryptionSpec encryption;
}
