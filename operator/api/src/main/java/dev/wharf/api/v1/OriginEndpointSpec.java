package dev.wharf.api.v1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A playback endpoint of a channel, the fields of MediaPackage's {@code OriginEndpoint}. */
public class OriginEndpointSpec {
    public enum Origination { ALLOW, DENY }

    @JsonPropertyDescription("Name of the channel this endpoint packages (same namespace).")
    public String channelName;

    @JsonPropertyDescription("File name part of the manifest URL. Default \"index\".")
    public String manifestName = "index";

    @JsonPropertyDescription("Look-back window for startover and catch-up viewing, in seconds; unset disables it.")
    public Integer startoverWindowSeconds;

    @JsonPropertyDescription("Delay of the live point behind real time, in seconds (5 to 86400).")
    public Integer timeDelaySeconds;

    @JsonPropertyDescription("Client IPv4 CIDR blocks allowed to play; empty allows all.")
    public List<String> whitelist = new ArrayList<>();

    @JsonPropertyDescription("ALLOW serves playback requests; DENY answers them with 403.")
    public Origination origination = Origination.ALLOW;

    @JsonPropertyDescription("CDN authorization: a Secret with the value the CDN sends in X-MediaPackage-CDNIdentifier.")
    public JsonNode authorization;

    @JsonPropertyDescription("HLS (MPEG-TS) output. Exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage.")
    public HlsPackageSpec hlsPackage;

    @JsonPropertyDescription("CMAF output (HLS with fMP4 segments).")
    public CmafPackageSpec cmafPackage;

    @JsonPropertyDescription("DASH-ISO output.")
    public JsonNode dashPackage;

    @JsonPropertyDescription("Microsoft Smooth Streaming output.")
    public JsonNode mssPackage;
}
