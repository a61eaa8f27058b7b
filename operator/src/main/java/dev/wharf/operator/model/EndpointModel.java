package dev.wharf.operator.model;

import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.api.v1.OriginEndpointSpec;
import dev.wharf.operator.api.v1.OriginEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the operator makes of an OriginEndpoint (pure): its format, problems that keep it out of the
 * packager configuration, and the fields accepted now whose behaviour arrives with later issues.
 * The packager refuses a whole configuration with one invalid endpoint, so invalid ones never reach it.
 */
public record EndpointModel(String format, boolean served, List<String> problems, List<String> notYetInEffect) {

    /** Package types the packager serves today; the others are accepted, validated and reported. */
    public static final List<String> SERVED_FORMATS = List.of("HLS");

    private static final Pattern MANIFEST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern IPV4_CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(/(3[0-2]|[12]?\\d))?");

    public static EndpointModel of(OriginEndpoint endpoint) {
        OriginEndpointSpec s = endpoint.getSpec();
        List<String> problems = new ArrayList<>();
        List<String> notYet = new ArrayList<>();
        int packages = (s.hlsPackage != null ? 1 : 0) + (s.cmafPackage != null ? 1 : 0) + (s.dashPackage != null ? 1 : 0)
                + (s.mssPackage != null ? 1 : 0);
        String format = s.hlsPackage != null ? "HLS" : s.cmafPackage != null ? "CMAF" : s.dashPackage != null ? "DASH"
                : s.mssPackage != null ? "MSS" : null;
        if (packages != 1) {
            problems.add("spec: exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage is required");
            format = packages == 0 ? null : format;
        }
        if (s.channelName == null || s.channelName.isBlank()) {
            problems.add("spec.channelName: required");
        }
        if (s.manifestName == null || !MANIFEST_NAME.matcher(s.manifestName).matches()) {
            problems.add("spec.manifestName: letters, digits, '_' and '-', up to 64 characters");
        }
        if (s.startoverWindowSeconds != null && (s.startoverWindowSeconds < 0 || s.startoverWindowSeconds > 1_209_600)) {
            problems.add("spec.startoverWindowSeconds: must be between 0 and 1209600 (14 days)");
        }
        if (s.timeDelaySeconds != null && (s.timeDelaySeconds < 5 || s.timeDelaySeconds > 86_400)) {
            problems.add("spec.timeDelaySeconds: must be between 5 and 86400");
        }
        if (s.timeDelaySeconds != null && s.startoverWindowSeconds != null && s.timeDelaySeconds >= s.startoverWindowSeconds) {
            problems.add("spec.timeDelaySeconds: must be less than startoverWindowSeconds");
        }
        for (int i = 0; i < s.whitelist.size(); i++) {
            String cidr = s.whitelist.get(i);
            if (cidr == null || !IPV4_CIDR.matcher(cidr.trim()).matches()) {
                problems.add("spec.whitelist[" + i + "]: '" + cidr + "' is not an IPv4 address or CIDR block");
            }
        }
        if (s.hlsPackage != null) {
            hls(s.hlsPackage, problems, notYet);
        }
        if (s.cmafPackage != null) {
            notYet.add("cmafPackage");
            if (s.cmafPackage.hlsManifests.isEmpty()) {
                problems.add("spec.cmafPackage.hlsManifests: at least one manifest is required");
            }
        }
        if (s.dashPackage != null) {
            notYet.add("dashPackage");
        }
        if (s.mssPackage != null) {
            notYet.add("mssPackage");
        }
        if (s.timeDelaySeconds != null) {
            notYet.add("timeDelaySeconds");
        }
        if (s.startoverWindowSeconds != null && s.startoverWindowSeconds > 0) {
            notYet.add("startoverWindowSeconds (start/end time-shifted requests; the window already sets retention)");
        }
        if (s.authorization != null) {
            notYet.add("authorization");
        }
        boolean served = problems.isEmpty() && format != null && SERVED_FORMATS.contains(format);
        return new EndpointModel(format, served, List.copyOf(problems), List.copyOf(notYet));
    }

    private static void hls(HlsPackageSpec h, List<String> problems, List<String> notYet) {
        if (h.segmentDurationSeconds < 1 || h.segmentDurationSeconds > 30) {
            problems.add("spec.hlsPackage.segmentDurationSeconds: must be between 1 and 30");
        }
        if (h.playlistWindowSeconds < 1 || h.playlistWindowSeconds > 86_400) {
            problems.add("spec.hlsPackage.playlistWindowSeconds: must be between 1 and 86400");
        }
        if (h.programDateTimeIntervalSeconds < 0 || h.programDateTimeIntervalSeconds > 3600) {
            problems.add("spec.hlsPackage.programDateTimeIntervalSeconds: must be between 0 and 3600");
        }
        var sel = h.streamSelection;
        if (sel != null && (sel.minVideoBitsPerSecond < 0 || sel.maxVideoBitsPerSecond < sel.minVideoBitsPerSecond)) {
            problems.add("spec.hlsPackage.streamSelection: need 0 <= minVideoBitsPerSecond <= maxVideoBitsPerSecond");
        }
        notYet.add("hlsPackage.segmentDurationSeconds (output segments follow the input segments)");
        if (h.encryption != null) {
            notYet.add("hlsPackage.encryption");
        }
        if (h.adMarkers != null && h.adMarkers != HlsPackageSpec.AdMarkers.NONE) {
            notYet.add("hlsPackage.adMarkers=" + h.adMarkers);
        }
        if (h.includeIframeOnlyStream) {
            notYet.add("hlsPackage.includeIframeOnlyStream");
        }
        if (h.useAudioRenditionGroup) {
            notYet.add("hlsPackage.useAudioRenditionGroup");
        }
        if (h.includeDvbSubtitles) {
            notYet.add("hlsPackage.includeDvbSubtitles");
        }
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
