package dev.wharf.operator.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.api.v1.SecretKeyRefSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The operator's configuration, from environment variables (the Helm chart sets them; names are a
 * contract, documented in docs/operator.md).
 *
 * @param watchNamespaces namespaces watched; empty watches all
 * @param ingressAnnotations added to both Ingresses, after (so overriding) the ingress-nginx defaults
 * @param redisSecret a Secret key with a full Redis URL (with password), or null
 * @param packagerAdminPort the packager's admin port the configuration is pushed to (9090; tests change it)
 * @param inputStatusInterval how often each channel's input health is read from one of its packager pods
 */
public record OperatorConfig(
        Set<String> watchNamespaces,
        String packagerImage,
        String ingestHost,
        String playbackHost,
        String ingressClass,
        String tlsSecret,
        Map<String, String> ingressAnnotations,
        String redisUrl,
        SecretKeyRefSpec redisSecret,
        boolean leaderElection,
        String leaderElectionNamespace,
        int packagerAdminPort,
        Duration inputStatusInterval) {

    public static final String DEFAULT_IMAGE = "ghcr.io/wharf-dev/wharf-packager:latest";
    public static final Duration DEFAULT_INPUT_STATUS_INTERVAL = Duration.ofSeconds(10);

    public OperatorConfig {
        watchNamespaces = Set.copyOf(watchNamespaces);
        ingressAnnotations = Map.copyOf(ingressAnnotations);
    }

    public static OperatorConfig fromEnvironment() {
        return from(System::getenv);
    }

    /** Reads the configuration from a variable lookup (null or blank = unset); throws on malformed values. */
    public static OperatorConfig from(Function<String, String> env) {
        return new OperatorConfig(
                namespaces(get(env, "WHARF_WATCH_NAMESPACES")),
                orDefault(get(env, "WHARF_PACKAGER_IMAGE"), DEFAULT_IMAGE),
                get(env, "WHARF_INGEST_HOST"),
                get(env, "WHARF_PLAYBACK_HOST"),
                get(env, "WHARF_INGRESS_CLASS"),
                get(env, "WHARF_TLS_SECRET"),
                annotations(get(env, "WHARF_INGRESS_ANNOTATIONS")),
                get(env, "WHARF_REDIS_URL"),
                secretRef(get(env, "WHARF_REDIS_SECRET")),
                Boolean.parseBoolean(orDefault(get(env, "WHARF_LEADER_ELECTION"), "false")),
                get(env, "WHARF_LEADER_ELECTION_NAMESPACE"),
                9090,
                interval(get(env, "WHARF_INPUT_STATUS_INTERVAL_SECONDS")));
    }

    public OperatorConfig withPackagerAdminPort(int port) {
        return new OperatorConfig(watchNamespaces, packagerImage, ingestHost, playbackHost, ingressClass, tlsSecret,
                ingressAnnotations, redisUrl, redisSecret, leaderElection, leaderElectionNamespace, port, inputStatusInterval);
    }

    public OperatorConfig withInputStatusInterval(Duration interval) {
        return new OperatorConfig(watchNamespaces, packagerImage, ingestHost, playbackHost, ingressClass, tlsSecret,
                ingressAnnotations, redisUrl, redisSecret, leaderElection, leaderElectionNamespace, packagerAdminPort, interval);
    }

    static Duration interval(String seconds) {
        if (seconds == null) {
            return DEFAULT_INPUT_STATUS_INTERVAL;
        }
        try {
            double s = Double.parseDouble(seconds);
            if (s >= 1 && s <= 3600) {
                return Duration.ofMillis(Math.round(s * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("WHARF_INPUT_STATUS_INTERVAL_SECONDS: seconds between 1 and 3600 expected, got '" + seconds + "'");
    }

    /** The URL scheme clients use: https when a TLS secret terminates the Ingresses. */
    public String scheme() {
        return tlsSecret == null ? "http" : "https";
    }

    private static String get(Function<String, String> env, String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    static Set<String> namespaces(String v) {
        if (v == null) {
            return Set.of();
        }
        Set<String> out = new TreeSet<>();
        Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    static Map<String, String> annotations(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return new LinkedHashMap<>(new ObjectMapper().readValue(json, new TypeReference<Map<String, String>>() {}));
        } catch (Exception e) {
            throw new IllegalArgumentException("WHARF_INGRESS_ANNOTATIONS: a JSON object of strings is expected: " + e.getMessage(), e);
        }
    }

    static SecretKeyRefSpec secretRef(String v) {
        if (v == null) {
            return null;
        }
        int colon = v.indexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new IllegalArgumentException("WHARF_REDIS_SECRET: expected secret-name:key, got '" + v + "'");
        }
        return new SecretKeyRefSpec(v.substring(0, colon), v.substring(colon + 1));
    }
}
