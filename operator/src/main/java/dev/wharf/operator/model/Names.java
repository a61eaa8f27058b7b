package dev.wharf.operator.model;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.OriginEndpoint;
import java.util.ArrayList;
import java.util.List;

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
    /** Where the packager reads the Redis passwords of Sentinel or Cluster storage (projected from their Secrets). */
    public static final String REDIS_PASSWORD_PATH = "redis/password";
    public static final String REDIS_SENTINEL_PASSWORD_PATH = "redis/sentinel-password";
    public static final String REDIS_PASSWORD_FILE = CONFIG_DIR + "/" + REDIS_PASSWORD_PATH;
    /** Where an endpoint's CDN identifier (authorization) is projected from its Secret, below {@link #CONFIG_DIR}. */
    public static final String CDN_IDENTIFIER_DIR = "cdn";
    public static final String REDIS_SENTINEL_PASSWORD_FILE = CONFIG_DIR + "/" + REDIS_SENTINEL_PASSWORD_PATH;

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

    public static String packagerHorizontalPodAutoscaler(String channel) {
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

    /**
     * The manifest URL of an endpoint (MediaPackage's {@code Url}): {@code <manifestName>.m3u8} for HLS,
     * {@code .mpd} for DASH, {@code .ism/Manifest} for MSS, and for CMAF its first HLS manifest's URL.
     */
    public static String playbackUrl(OperatorConfig config, OriginEndpoint e) {
        List<String> urls = playbackUrls(config, e);
        return urls.isEmpty() ? null : urls.get(0);
    }

    /**
     * Every manifest URL of an endpoint: one for HLS, DASH and MSS; for CMAF one per entry of
     * {@code hlsManifests}, {@code .../<endpoint>/<id>/<manifestName>.m3u8} (the packager's CMAF routing;
     * MediaPackage's {@code HlsManifests[].Url}).
     */
    public static List<String> playbackUrls(OperatorConfig config, OriginEndpoint e) {
        var s = e.getSpec();
        String base = config.scheme() + "://" + host(config.playbackHost())
                + playbackPathPrefix(e.getMetadata().getNamespace(), s.channelName, e.getMetadata().getName());
        String manifest = s.manifestName == null ? "index" : s.manifestName;
        if (s.cmafPackage != null) {
            List<String> urls = new ArrayList<>();
            for (var m : s.cmafPackage.hlsManifests) {
                if (m != null && m.id != null) {
                    urls.add(base + m.id + "/" + (m.manifestName == null ? manifest : m.manifestName) + ".m3u8");
                }
            }
            return urls;
        }
        String suffix = s.dashPackage != null ? ".mpd" : s.mssPackage != null ? ".ism/Manifest" : ".m3u8";
        return List.of(base + manifest + suffix);
    }

    private static String host(String h) {
        return h == null ? "<no-host-configured>" : h;
    }

    /** The file, in the packager pod, holding an endpoint's CDN identifier (projected from its cdnIdentifierSecret). */
    public static String cdnIdentifierFile(String endpoint) {
        return CONFIG_DIR + "/" + CDN_IDENTIFIER_DIR + "/" + endpoint;
    }
}
