package dev.wharf.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.wharf.operator.api.v1.OriginEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a channel's {@code packager.yaml} (the packager's {@code PackagerConfig} schema) from the
 * channel and its served endpoints. Pure and deterministic: the same input gives the same bytes, so
 * an unchanged channel never rewrites its ConfigMap or pushes to its pods.
 */
public final class PackagerConfigRenderer {
    public static final int PLAYBACK_PORT = 8080;
    public static final int INGEST_PORT = 8081;
    public static final int ADMIN_PORT = 9090;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private PackagerConfigRenderer() {}

    /** The endpoints that go into the configuration: valid, of a served format, sorted by name. */
    public static List<OriginEndpoint> servedEndpoints(List<OriginEndpoint> endpoints) {
        return endpoints.stream().filter(e -> EndpointModel.of(e).served())
                .sorted(Comparator.comparing(e -> e.getMetadata().getName())).toList();
    }

    public static String render(ChannelModel channel, List<OriginEndpoint> servedEndpoints) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("host", "0.0.0.0");
        server.put("playbackPort", PLAYBACK_PORT);
        server.put("ingestPort", INGEST_PORT);
        server.put("adminPort", ADMIN_PORT);
        // PUT /admin/config (how the operator applies a change within seconds) needs this token
        server.put("adminTokenFile", Names.CREDENTIALS_DIR + "/" + Names.ADMIN_TOKEN_KEY);
        root.put("server", server);

        Map<String, Object> storage = new LinkedHashMap<>();
        if (channel.storage().shared()) {
            storage.put("type", "redis");
            Map<String, Object> redis = new LinkedHashMap<>();
            var st = channel.storage();
            if (st.sentinel() != null) {
                redis.put("sentinelMaster", st.sentinel().masterName());
                redis.put("sentinelNodes", st.sentinel().nodes());
            } else if (st.cluster() != null) {
                redis.put("clusterNodes", st.cluster().nodes());
            } else if (st.redisUrl() != null) {
                redis.put("url", st.redisUrl());
            } // else: the URL (with its password) comes from the WHARF_REDIS_URL variable, from the Secret
            // passwords: files projected from their Secrets into the pod, never the values themselves
            if (st.passwordSecret() != null) {
                redis.put("passwordFile", Names.REDIS_PASSWORD_FILE);
            }
            if (st.sentinelPasswordSecret() != null) {
                redis.put("sentinelPasswordFile", Names.REDIS_SENTINEL_PASSWORD_FILE);
            }
            if (channel.storage().durability() != null) {
                redis.put("durability", channel.storage().durability());
            }
            if (!redis.isEmpty()) {
                storage.put("redis", redis);
            }
        } else {
            storage.put("type", "memory");
        }
        root.put("storage", storage);

        List<Map<String, Object>> inputs = new ArrayList<>();
        for (var in : channel.ingestEndpoints()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", in.id());
            m.put("username", in.username());
            m.put("passwordFile", Names.passwordFile(in.id()));
            inputs.add(m);
        }
        Map<String, Object> channelSpec = new LinkedHashMap<>();
        if (channel.description() != null) {
            channelSpec.put("description", channel.description());
        }
        channelSpec.put("ingestEndpoints", inputs);
        if (channel.retentionSeconds() != null) {
            channelSpec.put("retentionSeconds", channel.retentionSeconds());
        }
        if (channel.inputLossThresholdSeconds() != null) {
            channelSpec.put("inputLossThresholdSeconds", channel.inputLossThresholdSeconds());
        }
        root.put("channels", List.of(Map.of("metadata", metadata(channel.namespace(), channel.name()), "spec", channelSpec)));

        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (var e : servedEndpoints) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metadata", metadata(e.getMetadata().getNamespace(), e.getMetadata().getName()));
            if (e.getSpec().authorization != null) {
                // a copy: the CR (an informer's cached object) stays as the user wrote it
                Map<String, Object> spec = YAML.convertValue(e.getSpec(), MAP);
                @SuppressWarnings("unchecked")
                Map<String, Object> auth = (Map<String, Object>) spec.get("authorization");
                auth.put("cdnIdentifierFile", Names.cdnIdentifierFile(e.getMetadata().getName()));
                m.put("spec", spec);
            } else {
                m.put("spec", e.getSpec());
            }
            endpoints.add(m);
        }
        root.put("originEndpoints", endpoints);
        try {
            return "# Generated by the Wharf operator from Channel " + channel.namespace() + "/" + channel.name()
                    + ". Do not edit: changes are overwritten.\n" + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the packager configuration", e);
        }
    }

    private static Map<String, Object> metadata(String namespace, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", namespace);
        m.put("name", name);
        return m;
    }

    /** SHA-256 of a string, hex: identifies a rendered configuration or a set of credentials. */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
