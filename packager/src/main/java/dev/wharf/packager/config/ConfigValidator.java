package dev.wharf.packager.config;

import dev.wharf.api.v1.CmafHlsManifestSpec;
import dev.wharf.api.v1.CmafPackageSpec;
import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.api.v1.MssPackageSpec;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.api.v1.IngestEndpointSpec;
import dev.wharf.api.v1.OriginEndpointSpec;
import dev.wharf.api.v1.StreamSelectionSpec;
import dev.wharf.packager.delivery.Cidr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a configuration as a whole and reports every problem at once, each with its path. */
final class ConfigValidator {
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** The folder of a CMAF endpoint's init and media segments, beside its manifests' folders. */
    static final String CMAF_SEGMENT_FOLDER = "seg";
    /** A CMAF hlsManifest id (a URL path element), as MediaPackage and the CRD allow it. */
    static final Pattern MANIFEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern MANIFEST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private ConfigValidator() {}

    static void validate(PackagerConfig c) {
        List<String> p = new ArrayList<>();
        port(p, "server.playbackPort", c.server.playbackPort);
        port(p, "server.ingestPort", c.server.ingestPort);
        port(p, "server.adminPort", c.server.adminPort);
        if (c.server.maxIngestBodyBytes < 1024) {
            p.add("server.maxIngestBodyBytes: must be at least 1024");
        }
        if (c.server.nonceSecret != null && c.server.nonceSecret.length() < 16) {
            p.add("server.nonceSecret: at least 16 characters");
        }
        if (c.server.nonceLifetimeSeconds < 10) {
            p.add("server.nonceLifetimeSeconds: must be at least 10");
        }
        if (c.storage.type == PackagerConfig.Storage.Type.redis) {
            var r = c.storage.redis;
            int kinds = (r.url != null ? 1 : 0) + (r.sentinelMaster != null ? 1 : 0) + (r.clusterNodes.isEmpty() ? 0 : 1);
            if (kinds != 1) {
                p.add("storage.redis: set exactly one of url, sentinelMaster (with sentinelNodes) or clusterNodes");
            }
            if (r.sentinelMaster != null && r.sentinelNodes.isEmpty()) {
                p.add("storage.redis.sentinelNodes: required with sentinelMaster");
            }
            if (r.url != null && r.passwordFile != null) {
                p.add("storage.redis.passwordFile: with url, put the password in the url (redis://:password@host:port)");
            }
            if (r.sentinelPasswordFile != null && r.sentinelMaster == null) {
                p.add("storage.redis.sentinelPasswordFile: only with sentinelMaster");
            }
            if (!"primary".equals(r.durability) && !"replicated".equals(r.durability)) {
                p.add("storage.redis.durability: primary or replicated, got " + r.durability);
            } else if ("replicated".equals(r.durability)) {
                if (r.replicas < 1) {
                    p.add("storage.redis.replicas: at least 1 with replicated durability");
                }
                if (r.replicationTimeoutMillis < 1 || r.replicationTimeoutMillis >= r.timeoutMillis) {
                    p.add("storage.redis.replicationTimeoutMillis: between 1 and timeoutMillis - 1 ("
                            + (r.timeoutMillis - 1) + ")");
                }
            }
        }
        Set<String> channelNames = new HashSet<>();
        for (int i = 0; i < c.channels.size(); i++) {
            var ch = c.channels.get(i);
            String at = "channels[" + i + "]";
            if (ch == null || ch.metadata == null || ch.spec == null) {
                p.add(at + ": metadata and spec are required");
                continue;
            }
            name(p, at + ".metadata.namespace", ch.metadata.namespace);
            name(p, at + ".metadata.name", ch.metadata.name);
            if (!channelNames.add(ch.metadata.namespace + "/" + ch.metadata.name)) {
                p.add(at + ".metadata.name: duplicate channel " + ch.metadata.namespace + "/" + ch.metadata.name);
            }
            var inputs = ch.spec.ingestEndpoints;
            if (inputs == null || inputs.isEmpty() || inputs.size() > 2) {
                p.add(at + ".spec.ingestEndpoints: one or two ingest endpoints are required");
            } else {
                Set<String> ids = new HashSet<>();
                for (int j = 0; j < inputs.size(); j++) {
                    IngestEndpointSpec in = inputs.get(j);
                    String iat = at + ".spec.ingestEndpoints[" + j + "]";
                    name(p, iat + ".id", in.id);
                    if (in.id != null && !ids.add(in.id)) {
                        p.add(iat + ".id: duplicate ingest endpoint id " + in.id);
                    }
                    if (in.username == null || in.username.isBlank() || in.username.contains("\"")) {
                        p.add(iat + ".username: required, without double quotes");
                    }
                    if ((in.password == null) == (in.passwordFile == null)) {
                        p.add(iat + ": set exactly one of password or passwordFile");
                    } else if (in.password != null && in.password.length() < 8) {
                        p.add(iat + ".password: at least 8 characters");
                    }
                }
            }
            if (ch.spec.inputLossThresholdSeconds != null
                    && (ch.spec.inputLossThresholdSeconds < 0.5 || ch.spec.inputLossThresholdSeconds > 600)) {
                p.add(at + ".spec.inputLossThresholdSeconds: must be between 0.5 and 600");
            }
            if (ch.spec.retentionSeconds != null && (ch.spec.retentionSeconds < 60 || ch.spec.retentionSeconds > 1_209_600)) {
                p.add(at + ".spec.retentionSeconds: must be between 60 and 1209600 (14 days)");
            }
        }
        Set<String> endpointNames = new HashSet<>();
        for (int i = 0; i < c.originEndpoints.size(); i++) {
            var ep = c.originEndpoints.get(i);
            String at = "originEndpoints[" + i + "]";
            if (ep == null || ep.metadata == null || ep.spec == null) {
                p.add(at + ": metadata and spec are required");
                continue;
            }
            name(p, at + ".metadata.namespace", ep.metadata.namespace);
            name(p, at + ".metadata.name", ep.metadata.name);
            OriginEndpointSpec s = ep.spec;
            if (s.channelName == null || !channelNames.contains(ep.metadata.namespace + "/" + s.channelName)) {
                p.add(at + ".spec.channelName: no channel '" + s.channelName + "' in namespace " + ep.metadata.namespace);
            } else if (!endpointNames.add(ep.metadata.namespace + "/" + s.channelName + "/" + ep.metadata.name)) {
                p.add(at + ".metadata.name: duplicate endpoint " + ep.metadata.name + " on channel " + s.channelName);
            }
            if (s.manifestName == null || !MANIFEST_NAME.matcher(s.manifestName).matches()) {
                p.add(at + ".spec.manifestName: letters, digits, '_' and '-', up to 64 characters");
            }
            int packages = (s.hlsPackage != null ? 1 : 0) + (s.cmafPackage != null ? 1 : 0)
                    + (s.dashPackage != null ? 1 : 0) + (s.mssPackage != null ? 1 : 0);
            if (packages != 1) {
                p.add(at + ".spec: exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage is required");
            } else if (s.hlsPackage != null) {
                hls(p, at + ".spec.hlsPackage", s.hlsPackage);
            } else if (s.cmafPackage != null) {
                cmaf(p, at + ".spec.cmafPackage", s.cmafPackage);
            } else if (s.dashPackage != null) {
                dash(p, at + ".spec.dashPackage", s.dashPackage);
            } else {
                mss(p, at + ".spec.mssPackage", s.mssPackage);
            }
            if (s.startoverWindowSeconds != null && (s.startoverWindowSeconds < 0 || s.startoverWindowSeconds > 1_209_600)) {
                p.add(at + ".spec.startoverWindowSeconds: must be between 0 and 1209600 (14 days)");
            }
            if (s.timeDelaySeconds != null && (s.timeDelaySeconds < 5 || s.timeDelaySeconds > 86_400)) {
                p.add(at + ".spec.timeDelaySeconds: must be between 5 and 86400");
            }
            for (int j = 0; j < s.whitelist.size(); j++) {
                try {
                    Cidr.parse(s.whitelist.get(j));
                } catch (IllegalArgumentException e) {
                    p.add(at + ".spec.whitelist[" + j + "]: " + e.getMessage());
                }
            }
        }
        if (!p.isEmpty()) {
            throw new ConfigException(p);
        }
    }

    private static void hls(List<String> p, String at, HlsPackageSpec h) {
        if (h.segmentDurationSeconds < 1 || h.segmentDurationSeconds > 30) {
            p.add(at + ".segmentDurationSeconds: must be between 1 and 30");
        }
        if (h.playlistWindowSeconds < 1 || h.playlistWindowSeconds > 86_400) {
            p.add(at + ".playlistWindowSeconds: must be between 1 and 86400");
        }
        if (h.programDateTimeIntervalSeconds < 0 || h.programDateTimeIntervalSeconds > 3600) {
            p.add(at + ".programDateTimeIntervalSeconds: must be between 0 and 3600");
        }
        selection(p, at, h.streamSelection);
    }

    private static void cmaf(List<String> p, String at, CmafPackageSpec c) {
        if (c.segmentDurationSeconds != null && (c.segmentDurationSeconds < 1 || c.segmentDurationSeconds > 30)) {
            p.add(at + ".segmentDurationSeconds: must be between 1 and 30");
        }
        if (c.segmentPrefix != null && !MANIFEST_NAME.matcher(c.segmentPrefix).matches()) {
            p.add(at + ".segmentPrefix: letters, digits, '_' and '-', up to 64 characters");
        }
        selection(p, at, c.streamSelection);
        if (c.hlsManifests == null || c.hlsManifests.isEmpty()) {
            p.add(at + ".hlsManifests: at least one HLS manifest is required");
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < c.hlsManifests.size(); i++) {
            CmafHlsManifestSpec m = c.hlsManifests.get(i);
            String mat = at + ".hlsManifests[" + i + "]";
            if (m == null) {
                p.add(mat + ": must not be empty");
                continue;
            }
            if (m.id == null || !MANIFEST_ID.matcher(m.id).matches()) {
                p.add(mat + ".id: required; letters, digits, '_' and '-', up to 64 characters, got '" + m.id + "'");
            } else if (CMAF_SEGMENT_FOLDER.equals(m.id)) {
                p.add(mat + ".id: '" + CMAF_SEGMENT_FOLDER + "' is reserved (the endpoint's segment folder)");
            } else if (m.id != null && !ids.add(m.id)) {
                p.add(mat + ".id: duplicate HLS manifest id " + m.id);
            }
            if (m.manifestName != null && !MANIFEST_NAME.matcher(m.manifestName).matches()) {
                p.add(mat + ".manifestName: letters, digits, '_' and '-', up to 64 characters");
            }
            if (m.playlistWindowSeconds != null && (m.playlistWindowSeconds < 1 || m.playlistWindowSeconds > 86_400)) {
                p.add(mat + ".playlistWindowSeconds: must be between 1 and 86400");
            }
            if (m.programDateTimeIntervalSeconds != null
                    && (m.programDateTimeIntervalSeconds < 0 || m.programDateTimeIntervalSeconds > 3600)) {
                p.add(mat + ".programDateTimeIntervalSeconds: must be between 0 and 3600");
            }
        }
    }

    private static void dash(List<String> p, String at, DashPackageSpec d) {
        range(p, at + ".manifestWindowSeconds", d.manifestWindowSeconds, 1, 86_400);
        range(p, at + ".minBufferTimeSeconds", d.minBufferTimeSeconds, 0, 3600);
        range(p, at + ".minUpdatePeriodSeconds", d.minUpdatePeriodSeconds, 1, 3600);
        range(p, at + ".suggestedPresentationDelaySeconds", d.suggestedPresentationDelaySeconds, 0, 3600);
        range(p, at + ".segmentDurationSeconds", d.segmentDurationSeconds, 1, 30);
        if (d.utcTimingUri != null && !d.utcTimingUri.matches("https?://[^\\s\"<>]+")) {
            p.add(at + ".utcTimingUri: an http(s) URL");
        }
        selection(p, at, d.streamSelection);
    }

    private static void mss(List<String> p, String at, MssPackageSpec m) {
        range(p, at + ".manifestWindowSeconds", m.manifestWindowSeconds, 1, 86_400);
        range(p, at + ".segmentDurationSeconds", m.segmentDurationSeconds, 1, 30);
        selection(p, at, m.streamSelection);
    }

    private static void range(List<String> p, String at, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            p.add(at + ": must be between " + min + " and " + max);
        }
    }

    private static void selection(List<String> p, String at, StreamSelectionSpec sel) {
        if (sel != null && (sel.minVideoBitsPerSecond < 0 || sel.maxVideoBitsPerSecond < sel.minVideoBitsPerSecond)) {
            p.add(at + ".streamSelection: need 0 <= minVideoBitsPerSecond <= maxVideoBitsPerSecond");
        }
    }

    private static void port(List<String> p, String at, int port) {
        if (port < 0 || port > 65535) {
            p.add(at + ": must be between 0 and 65535");
        }
    }

    private static void name(List<String> p, String at, String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            p.add(at + ": must be a DNS label (lowercase letters, digits and '-', at most 63), got '" + value + "'");
        }
    }
}
