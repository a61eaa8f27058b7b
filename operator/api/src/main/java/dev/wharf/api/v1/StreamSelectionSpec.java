package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Which video renditions an endpoint offers and in which order (MediaPackage {@code StreamSelection}). */
public class StreamSelectionSpec {
    public enum StreamOrder { ORIGINAL, VIDEO_BITRATE_ASCENDING, VIDEO_BITRATE_DESCENDING }

    @JsonPropertyDescription("Renditions below this video bitrate (bits/s) are left out. Default 0.")
    public long minVideoBitsPerSecond = 0;

    @JsonPropertyDescription("Renditions above this video bitrate (bits/s) are left out. Default 2147483647.")
    public long maxVideoBitsPerSecond = Integer.MAX_VALUE;

    @JsonPropertyDescription("Order of the renditions in the master manifest: ORIGINAL, VIDEO_BITRATE_ASCENDING or VIDEO_BITRATE_DESCENDING.")
    public StreamOrder streamOrder = StreamOrder.ORIGINAL;
}
