package dev.wharf.operator.model;

import dev.wharf.api.v1.CmafHlsManifestSpec;
import dev.wharf.api.v1.CmafPackageSpec;
import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.api.v1.MssPackageSpec;
import dev.wharf.api.v1.OriginEndpointSpec;
import dev.wharf.api.v1.StreamSelectionSpec;
import dev.wharf.operator.api.v1.OriginEndpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the operator makes of an OriginEndpoint (pure): its format, problems that keep it out of the
 * packager configuration, and the fields accepted now whose behaviour arrives with later issues.
 * The packager refuses a whole configuration with one invalid endpoint, so invalid ones never reach it.
 */
public record EndpointModel(String format, boolean served, List<String> problems, List<String> notYetInEffect,
                            List<String> advice) {

    /**
     * Package types the packager serves today; the others are accepted, validated and reported as
     * NotYetSupported. MSS joins this list once the packager's ConfigValidator accepts {@code mssPackage}.
     */
    public static final List<String> SERVED_FORMATS = List.of("HLS", "CMAF", "DASH", "MSS");
    /** The folder of a CMAF or DASH endpoint's segments; the packager reserves it as a CMAF manifest id. */
    public static final String SEGMENT_FOLDER = "seg";
    private static final Pattern MANIFEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Pattern MANIFEST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern IPV4_CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(/(3[0-2]|[12]?\\d))?");

    public static EndpointModel of(OriginEndpoint endpoint) {
        OriginEndpointSpec s = endpoint.getSpec();
        List<String> problems = new ArrayList<>();
        List<String> notYet = new ArrayList<>();
        List<String> advice = new ArrayList<>();
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
            cmaf(s.cmafPackage, problems, notYet);
        }
        if (s.dashPackage != null) {
            dash(s.dashPackage, problems, notYet);
            dashAdvice(s.dashPackage, advice);
        }
        if (s.mssPackage != null) {
            mss(s.mssPackage, problems, notYet);
        }
        if (format != null && !SERVED_FORMATS.contains(format)) {
            notYet.add(0, switch (format) {
                case "CMAF" -> "cmafPackage";
                case "DASH" -> "dashPackage";
                case "MSS" -> "mssPackage";
                default -> "hlsPackage";
            });
        }
        if (s.timeDelaySeconds != null) {
            notYet.add("timeDelaySeconds");
        }
        if (s.startoverWindowSeconds != null && s.startoverWindowSeconds > 0) {
            notYet.add("startoverWindowSeconds (start/end time-shifted requests; the window already sets retention)");
        }
        if (s.authorization != null) {
            var ref = s.authorization.cdnIdentifierSecret;
            if (ref == null || ref.name == null || ref.name.isBlank() || ref.key == null || ref.key.isBlank()) {
                problems.add("spec.authorization.cdnIdentifierSecret: name and key of the Secret holding the CDN identifier"
                        + " are required");
            }
            if (s.authorization.cdnIdentifier != null || s.authorization.cdnIdentifierFile != null) {
                problems.add("spec.authorization: do not set cdnIdentifier or cdnIdentifierFile; the operator reads the"
                        + " identifier from cdnIdentifierSecret");
            }
        }
        boolean served = problems.isEmpty() && format != null && SERVED_FORMATS.contains(format);
        return new EndpointModel(format, served, List.copyOf(problems), List.copyOf(notYet), List.copyOf(advice));
    }

    /**
     * Valid DASH settings that make players stall (evidence in docs/players.md, "Player matrix"): a
     * suggestedPresentationDelay shorter than minimumUpdatePeriod puts players at the end of the MPD they hold
     * before they load the next one (dash.js and shaka stopped 5 s after startup with 6 s / 15 s; DASH-IF IOP asks
     * the delay to cover the update period).
     */
    private static void dashAdvice(DashPackageSpec d, List<String> advice) {
        int update = d.minUpdatePeriodSeconds == null ? DashPackageSpec.DEFAULT_MIN_UPDATE_PERIOD_SECONDS
                : d.minUpdatePeriodSeconds;
        int delay = d.suggestedPresentationDelaySeconds == null ? DashPackageSpec.DEFAULT_SUGGESTED_PRESENTATION_DELAY_SECONDS
                : d.suggestedPresentationDelaySeconds;
        if (delay < update) {
            advice.add("spec.dashPackage.suggestedPresentationDelaySeconds (" + delay
                    + ") is below minUpdatePeriodSeconds (" + update + "): players reach the end of the MPD they hold"
                    + " before they reload it and stall; set the delay to at least the update period");
        }
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
        if (h.encryption != null) {
            notYet.add("hlsPackage.encryption");
        }
        if (adMarkersNotInEffect(h.adMarkers)) {
            notYet.add("hlsPackage.adMarkers=" + h.adMarkers + " (NONE and PASSTHROUGH are in effect)");
        }
        if (h.useAudioRenditionGroup) {
            notYet.add("hlsPackage.useAudioRenditionGroup");
        }
        if (h.includeDvbSubtitles) {
            notYet.add("hlsPackage.includeDvbSubtitles");
        }
    }

    /** Mirrors the packager's ConfigValidator (one refused endpoint would make it refuse the whole file). */
    private static void cmaf(CmafPackageSpec c, List<String> problems, List<String> notYet) {
        String at = "spec.cmafPackage";
        range(problems, at + ".segmentDurationSeconds", c.segmentDurationSeconds, 1, 30);
        if (c.segmentPrefix != null && !MANIFEST_NAME.matcher(c.segmentPrefix).matches()) {
            problems.add(at + ".segmentPrefix: letters, digits, '_' and '-', up to 64 characters");
        }
        selection(problems, at, c.streamSelection);
        if (c.hlsManifests == null || c.hlsManifests.isEmpty()) {
            problems.add(at + ".hlsManifests: at least one manifest is required");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < c.hlsManifests.size(); i++) {
                CmafHlsManifestSpec m = c.hlsManifests.get(i);
                String mat = at + ".hlsManifests[" + i + "]";
                if (m == null) {
                    problems.add(mat + ": must not be empty");
                    continue;
                }
                if (m.id == null || !MANIFEST_ID.matcher(m.id).matches()) {
                    problems.add(mat + ".id: required; letters, digits, '_' and '-', up to 64 characters");
                } else if (SEGMENT_FOLDER.equals(m.id)) {
                    problems.add(mat + ".id: '" + SEGMENT_FOLDER + "' is reserved (the endpoint's segment folder)");
                } else if (!ids.add(m.id)) {
                    problems.add(mat + ".id: duplicate HLS manifest id " + m.id);
                }
                if (m.manifestName != null && !MANIFEST_NAME.matcher(m.manifestName).matches()) {
                    problems.add(mat + ".manifestName: letters, digits, '_' and '-', up to 64 characters");
                }
                range(problems, mat + ".playlistWindowSeconds", m.playlistWindowSeconds, 1, 86_400);
                range(problems, mat + ".programDateTimeIntervalSeconds", m.programDateTimeIntervalSeconds, 0, 3600);
                if (adMarkersNotInEffect(m.adMarkers)) {
                    notYet.add(mat + ".adMarkers=" + m.adMarkers + " (NONE and PASSTHROUGH are in effect)");
                }
            }
        }
        if (c.encryption != null) {
            notYet.add(at + ".encryption (the output is NOT encrypted)");
        }
    }

    private static void dash(DashPackageSpec d, List<String> problems, List<String> notYet) {
        String at = "spec.dashPackage";
        range(problems, at + ".manifestWindowSeconds", d.manifestWindowSeconds, 1, 86_400);
        range(problems, at + ".minBufferTimeSeconds", d.minBufferTimeSeconds, 0, 3600);
        range(problems, at + ".minUpdatePeriodSeconds", d.minUpdatePeriodSeconds, 1, 3600);
        range(problems, at + ".suggestedPresentationDelaySeconds", d.suggestedPresentationDelaySeconds, 0, 3600);
        range(problems, at + ".segmentDurationSeconds", d.segmentDurationSeconds, 1, 30);
        if (d.utcTimingUri != null && !d.utcTimingUri.matches("https?://[^\\s\"<>]+")) {
            problems.add(at + ".utcTimingUri: an http(s) URL");
        }
        selection(problems, at, d.streamSelection);
        // Checked against the packager: DashDefaults.notInEffect and DashManifestWriter.
        if (d.periodTriggers != null && !d.periodTriggers.isEmpty()) {
            notYet.add(at + ".periodTriggers (Periods start at discontinuities only)");
        }
        if (d.adTriggers != null && !d.adTriggers.isEmpty()) {
            notYet.add(at + ".adTriggers");
        }
        if (d.adsOnDeliveryRestrictions != null) {
            notYet.add(at + ".adsOnDeliveryRestrictions");
        }
        if (d.encryption != null) {
            notYet.add(at + ".encryption (the output is NOT encrypted)");
        }
        if (Boolean.TRUE.equals(d.includeIframeOnlyStream)) {
            notYet.add(at + ".includeIframeOnlyStream");
        }
        if (d.profile == DashPackageSpec.Profile.HBBTV_1_5 || d.profile == DashPackageSpec.Profile.HYBRIDCAST) {
            notYet.add(at + ".profile=" + d.profile + " (only the isoff-live profile is declared)");
        }
    }

    private static void mss(MssPackageSpec m, List<String> problems, List<String> notYet) {
        String at = "spec.mssPackage";
        range(problems, at + ".manifestWindowSeconds", m.manifestWindowSeconds, 1, 86_400);
        range(problems, at + ".segmentDurationSeconds", m.segmentDurationSeconds, 1, 30);
        selection(problems, at, m.streamSelection);
        if (m.encryption != null) {
            notYet.add(at + ".encryption (the output is NOT encrypted)");
        }
    }

    /**
     * The ad marker modes made from in-band SCTE-35 (SCTE35_ENHANCED, DATERANGE) are not built; NONE strips the input's
     * markers and PASSTHROUGH copies them (the packager's HlsManifestWriter).
     */
    private static boolean adMarkersNotInEffect(HlsPackageSpec.AdMarkers markers) {
        return markers == HlsPackageSpec.AdMarkers.SCTE35_ENHANCED || markers == HlsPackageSpec.AdMarkers.DATERANGE;
    }

    private static void range(List<String> problems, String at, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            problems.add(at + ": must be between " + min + " and " + max);
        }
    }

    private static void selection(List<String> problems, String at, StreamSelectionSpec sel) {
        if (sel != null && (sel.minVideoBitsPerSecond < 0 || sel.maxVideoBitsPerSecond < sel.minVideoBitsPerSecond)) {
            problems.add(at + ".streamSelection: need 0 <= minVideoBitsPerSecond <= maxVideoBitsPerSecond");
        }
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
