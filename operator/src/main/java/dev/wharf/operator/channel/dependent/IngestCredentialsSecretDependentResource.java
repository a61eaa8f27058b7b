package dev.wharf.operator.channel.dependent;

import dev.wharf.operator.api.v1.ApiConstants;
import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The Secret {@code <channel>-ingest}: one generated Digest password per ingest endpoint (key = its id),
 * the packager admin token and the shared Digest nonce secret. Values are generated once and read
 * back from the existing Secret, so they are stable across reconciles; the annotation
 * {@code wharf.dev/rotate-credentials: <id>|all} on the Channel regenerates passwords once.
 */
public class IngestCredentialsSecretDependentResource extends CRUDKubernetesDependentResource<Secret, Channel> {
    /** On the Secret: the Channel resourceVersion whose rotation request was carried out (no double rotation from a stale cache). */
    public static final String ROTATION_HANDLED = "wharf.dev/rotation-handled";
    public static final String ROTATE_ALL = "all";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final OperatorConfig config;

    public IngestCredentialsSecretDependentResource(OperatorConfig config) {
        super(Secret.class, "credentials");
        this.config = config;
    }

    /** By name, not from desired(): desired() reads the existing object, which would recurse. */
    @Override
    protected ResourceID targetSecondaryResourceID(Channel channel, Context<Channel> context) {
        return new ResourceID(Names.credentialsSecret(channel.getMetadata().getName()), channel.getMetadata().getNamespace());
    }

    @Override
    protected Secret desired(Channel channel, Context<Channel> context) {
        return desired(channel, ChannelModel.of(channel, config), getSecondaryResource(channel, context).orElse(null));
    }

    /** Pure: the desired Secret given the channel and the Secret that exists (or null). */
    public static Secret desired(Channel channel, ChannelModel model, Secret existing) {
        Map<String, String> old = decode(existing);
        String request = annotation(channel.getMetadata().getAnnotations(), ApiConstants.ROTATE_CREDENTIALS);
        String handled = existing == null ? null : annotation(existing.getMetadata().getAnnotations(), ROTATION_HANDLED);
        String rv = channel.getMetadata().getResourceVersion();
        boolean rotate = request != null && !Objects.equals(handled, rv);
        Map<String, String> data = new TreeMap<>();
        for (String id : model.ingestIds()) {
            boolean again = rotate && (ROTATE_ALL.equals(request) || id.equals(request));
            data.put(id, !again && old.containsKey(id) ? old.get(id) : generate());
        }
        data.put(Names.ADMIN_TOKEN_KEY, old.getOrDefault(Names.ADMIN_TOKEN_KEY, generate()));
        data.put(Names.NONCE_SECRET_KEY, old.getOrDefault(Names.NONCE_SECRET_KEY, generate()));
        Map<String, String> annotations = new LinkedHashMap<>();
        String marker = rotate ? rv : handled;
        if (marker != null) {
            annotations.put(ROTATION_HANDLED, marker);
        }
        Map<String, String> encoded = new TreeMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata().withName(Names.credentialsSecret(model.name())).withNamespace(model.namespace())
                .withLabels(Labels.of(model.name())).withAnnotations(annotations).endMetadata()
                .withType("Opaque").withData(encoded).build();
    }

    /** The decoded values of a Secret (empty for null). */
    public static Map<String, String> decode(Secret secret) {
        Map<String, String> out = new TreeMap<>();
        if (secret != null && secret.getData() != null) {
            secret.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret != null && secret.getStringData() != null) {
            out.putAll(secret.getStringData());
        }
        return out;
    }

    private static String annotation(Map<String, String> annotations, String key) {
        String v = annotations == null ? null : annotations.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** 24 random bytes, URL-safe Base64 (32 characters, 192 bits). */
    static String generate() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
