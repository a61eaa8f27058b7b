package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** A live channel: the ingest endpoints an encoder pushes HLS to, and how long content is kept. */
public class ChannelSpec {
    @JsonPropertyDescription("Free-text description of the channel.")
    public String description;

    @JsonPropertyDescription("The channel's ingest endpoints (inputs): two for input redundancy, or one.")
    public List<IngestEndpointSpec> ingestEndpoints = new ArrayList<>();

    @JsonPropertyDescription("How long received content is kept, in seconds. Default: the largest startover window of the "
            + "channel's endpoints, and at least 4 playlist windows (minimum 60 s).")
    public Integer retentionSeconds;

    @JsonPropertyDescription("Seconds without a new segment on the active input before the channel switches to the other "
            + "input (input redundancy). Default: 1.5 target durations of the stream.")
    public Double inputLossThresholdSeconds;
}
