package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A playback endpoint of a channel, the fields of MediaPackage's {@code OriginEndpoint}. */
@ValidationRule(value = "[has(self.hlsPackage), has(self.cmafPackage), has(self.dashPackage), has(self.mssPackage)]"
        + ".filter(x, x).size() == 1",
        message = "exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage is required")
@ValidationRule(value = "!has(self.timeDelaySeconds) || !has(self.startoverWindowSeconds) "
        + "|| self.timeDelaySeconds < self.startoverWindowSeconds",
        message = "timeDelaySeconds must be less than startoverWindowSeconds")
public class OriginEndpointSpec {
    public enum Origination { ALLOW, DENY }

    @Required
    @Pattern("^[a-z]([-a-z0-9]{0,52}[a-z0-9])?$")
    @ValidationRule(value = "self == oldSelf", message = "channelName is immutable")
    @JsonPropertyDescription("Name of the channel this endpoint packages (same namespace). Immutable.")
    public String channelName;

    @Pattern("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    @JsonPropertyDescription("File name part of the manifest URL. Default \"index\".")
    public String manifestName = "index";

    @Min(0)
    @Max(1_209_600)
    @JsonPropertyDescription("Look-back window for startover and catch-up viewing, in seconds (0 to 1209600, 14 days); unset disables it.")
    public Integer startoverWindowSeconds;

    @Min(5)
    @Max(86_400)
    @JsonPropertyDescription("Delay of the live point behind real time, in seconds (5 to 86400).")
    public Integer timeDelaySeconds;

    @JsonPropertyDescription("Client IPv4 CIDR blocks allowed to play (e.g. 203.0.113.0/24); empty allows all.")
    public List<String> whitelist = new ArrayList<>();

    @JsonPropertyDescription("ALLOW serves playback requests; DENY answers them with 403.")
    public Origination origination = Origination.ALLOW;

    @JsonPropertyDescription("CDN authorization: a Secret with the value the CDN sends in X-MediaPackage-CDNIdentifier.")
    public AuthorizationSpec authorization;

    @JsonPropertyDescription("HLS (MPEG-TS) output. Exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage.")
    public HlsPackageSpec hlsPackage;

    @JsonPropertyDescription("CMAF output (HLS manifests with fMP4 segments). Exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage.")
    public CmafPackageSpec cmafPackage;

    @JsonPropertyDescription("DASH-ISO output. Exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage.")
    public DashPackageSpec dashPackage;

    @JsonPropertyDescription("Microsoft Smooth Streaming output. Exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage.")
    public MssPackageSpec mssPackage;
}
