package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A live channel: the ingest endpoints an encoder pushes HLS to, and how long content is kept. */
@ValidationRule(value = "!has(self.ingestEndpoints) || self.ingestEndpoints.all(a, self.ingestEndpoints.exists_one(b, b.id == a.id))",
        message = "ingest endpoint ids must be unique")
public class ChannelSpec {
    @JsonPropertyDescription("Free-text description of the channel.")
    public String description;

    @JsonPropertyDescription("The channel's ingest endpoints (inputs): two for input redundancy, or one. "
            + "Default on Kubernetes: two, with ids 'primary' and 'secondary'.")
    @Size(max = 2)
    public List<IngestEndpointSpec> ingestEndpoints = new ArrayList<>();

    @JsonPropertyDescription("How long received content is kept, in seconds. Default: the largest startover window of the "
            + "channel's endpoints, and at least 4 playlist windows (minimum 60 s).")
    @Min(60)
    @Max(1_209_600)
    public Integer retentionSeconds;

    @JsonPropertyDescription("Seconds without a new segment on the active input before the channel switches to the other "
            + "input (input redundancy). Default: 1.5 target durations of the stream.")
    public Double inputLossThresholdSeconds;

    @JsonPropertyDescription("The packager pods that serve this channel (Kubernetes only; the standalone packager ignores it).")
    public PackagerSpec packager;

    @JsonPropertyDescription("Where segments are stored (Kubernetes only). Default: the operator's configured Redis, "
            + "else each pod's memory (then one replica only).")
    public StorageSpec storage;
}
