package dev.wharf.operator.model;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.OriginEndpoint;

/** Every name the operator generates (Strimzi {@code *Resources} style): operator and tests share them. */
public final class Names {
    /** Longest channel name: the longest suffix ("-packager") must keep Service names within 63 characters. */
    public static final int MAX_CHANNEL_NAME = 54;

    public static final String CONFIG_KEY = "packager.yaml";
    public static final String CONFIG_DIR = "/etc/wharf";
    public static final String CONFIG_FILE = CONFIG_DIR + "/" + CONFIG_KEY;
    public static final String CREDENTIALS_DIR = CONFIG_DIR + "/credentials";
    public static final String ADMIN_TOKEN_KEY = "admin-token";
    public static final String NONCE_SECRET_KEY = "nonce-secret";
    public static final String CONTAINER = "packager";

    private Names() {}

    public static String credentialsSecret(String channel) {
        return channel + "-ingest";
    }

    public static String packagerConfigMap(String channel) {
        return channel + "-packager";
    }

    public static String packagerDeployment(String channel) {
        return channel + "-packager";
    }

    public static String packagerService(String channel) {
        return channel + "-packager";
    }

    public static String packagerPodDisruptionBudget(String channel) {
        return channel + "-packager";
    }

    public static String ingestIngress(String channel) {
        return channel + "-ingest";
    }

    public static String playbackIngress(String channel) {
        return channel + "-playback";
    }

    public static String credentialsSecret(Channel c) {
        return credentialsSecret(c.getMetadata().getName());
    }

    public static String passwordFile(String ingestEndpointId) {
        return CREDENTIALS_DIR + "/" + ingestEndpointId;
    }

    /** Path prefix of a channel's ingest URLs. */
    public static String ingestPathPrefix(String namespace, String channel) {
        return "/in/v2/" + namespace + "/" + channel + "/";
    }

    /** Path prefix of an endpoint's playback URLs. */
    public static String playbackPathPrefix(String namespace, String channel, String endpoint) {
        return "/out/v1/" + namespace + "/" + channel + "/" + endpoint + "/";
    }

    public static String ingestUrl(OperatorConfig config, String namespace, String channel, String ingestEndpointId) {
        return config.scheme() + "://" + host(config.ingestHost()) + ingestPathPrefix(namespace, channel) + ingestEndpointId + "/channel";
    }

    /** The manifest URL of an endpoint; the suffix depends on the package (.m3u8, .mpd, .ism/Manifest). */
    public static String playbackUrl(OperatorConfig config, OriginEndpoint e) {
        var s = e.getSpec();
        String suffix = s.dashPackage != null ? ".mpd" : s.mssPackage != null ? ".ism/Manifest" : ".m3u8";
        String prefix = playbackPathPrefix(e.getMetadata().getNamespace(), s.channelName, e.getMetadata().getName());
        if (s.cmafPackage != null && !s.cmafPackage.hlsManifests.isEmpty()) {
            var m = s.cmafPackage.hlsManifests.get(0);
            prefix += m.id + "/";
            return config.scheme() + "://" + host(config.playbackHost()) + prefix + (m.manifestName == null ? "index" : m.manifestName) + suffix;
        }
        String manifest = s.manifestName == null ? "index" : s.manifestName;
        return config.scheme() + "://" + host(config.playbackHost()) + prefix + manifest + suffix;
    }

    private static String host(String h) {
        return h == null ? "<no-host-configured>" : h;
    }
}
