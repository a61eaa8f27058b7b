package dev.wharf.operator.model;

import dev.wharf.api.v1.IngestEndpointSpec;
import dev.wharf.api.v1.ResourcesSpec;
import dev.wharf.api.v1.SecretKeyRefSpec;
import dev.wharf.operator.api.v1.Channel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Channel with the operator's defaults applied (Strimzi {@code fromCrd}): pure, no API calls.
 * Builders of owned objects read this, never the raw spec.
 */
public record ChannelModel(
        String namespace,
        String name,
        List<Ingest> ingestEndpoints,
        int replicas,
        String image,
        ResourcesSpec resources,
        Storage storage,
        Integer retentionSeconds,
        Double inputLossThresholdSeconds,
        String description,
        Autoscaling autoscaling,
        List<String> problems) {

    public static final int DEFAULT_REPLICAS = 2;
    /** The packager's accepted range for spec.inputLossThresholdSeconds (its ConfigValidator refuses others). */
    public static final double MIN_INPUT_LOSS_THRESHOLD = 0.5;
    public static final double MAX_INPUT_LOSS_THRESHOLD = 600;
    /**
     * Seconds without content after which the operator reports the active input as not receiving when
     * the channel sets no threshold (the packager's own default, 1.5 target durations, is unknown to it).
     */
    public static final double DEFAULT_CONTENT_THRESHOLD_SECONDS = 10;
    public static final List<String> DEFAULT_INGEST_IDS = List.of("primary", "secondary");
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Set<String> RESERVED_KEYS = Set.of(Names.ADMIN_TOKEN_KEY, Names.NONCE_SECRET_KEY);

    /** The default CPU target of an autoscaled channel without custom metrics (the HPA's own default). */
    public static final int DEFAULT_TARGET_CPU_PERCENT = 80;

    /**
     * The packager's HorizontalPodAutoscaler as the operator applies it; null when the channel has a fixed
     * number of replicas.
     *
     * @param targetCpuPercent null when the HPA does not scale on CPU
     */
    public record Autoscaling(int minReplicas, int maxReplicas, Integer targetCpuPercent, List<PodsMetric> podsMetrics) {}

    /** A per-pod custom metric target: name and average value per pod (a quantity). */
    public record PodsMetric(String name, String targetAverageValue) {}

    /** An ingest endpoint as configured: id and username (the password lives in the Secret, key = id). */
    public record Ingest(String id, String username) {}

    /**
     * Storage: Redis by URL, Redis by Secret (URL with password), a Sentinel-managed Redis, a Redis Cluster,
     * or each pod's memory; {@code durability} is the packager's {@code storage.redis.durability} (null: its
     * default, primary).
     */
    public record Storage(String redisUrl, SecretKeyRefSpec redisSecret, String durability, Sentinel sentinel, Cluster cluster) {
        public Storage(String redisUrl, SecretKeyRefSpec redisSecret) {
            this(redisUrl, redisSecret, null, null, null);
        }

        public Storage(String redisUrl, SecretKeyRefSpec redisSecret, String durability) {
            this(redisUrl, redisSecret, durability, null, null);
        }

        public boolean shared() {
            return redisUrl != null || redisSecret != null || sentinel != null || cluster != null;
        }

        /** The Secret keys the packager reads as files: the data nodes' password, the Sentinels' password. */
        public SecretKeyRefSpec passwordSecret() {
            return sentinel != null ? sentinel.password() : cluster != null ? cluster.password() : null;
        }

        public SecretKeyRefSpec sentinelPasswordSecret() {
            return sentinel != null ? sentinel.sentinelPassword() : null;
        }

        /**
         * What the packager reads from storage settings at start, as a stable string: the pod template carries
         * its hash, so a storage change restarts the pods (the packager applies only channels and endpoints live).
         */
        public String fingerprint() {
            return String.join("|", String.valueOf(redisUrl), ref(redisSecret), String.valueOf(durability),
                    sentinel == null ? "-" : sentinel.masterName() + sentinel.nodes() + ref(sentinel.password())
                            + ref(sentinel.sentinelPassword()),
                    cluster == null ? "-" : cluster.nodes() + ref(cluster.password()));
        }

        private static String ref(SecretKeyRefSpec r) {
            return r == null ? "-" : r.name + "/" + r.key;
        }
    }

    /** Sentinel-managed Redis: master name, Sentinel host:port list, optional password Secret keys. */
    public record Sentinel(String masterName, List<String> nodes, SecretKeyRefSpec password, SecretKeyRefSpec sentinelPassword) {}

    /** Redis Cluster: seed nodes and an optional password Secret key. */
    public record Cluster(List<String> nodes, SecretKeyRefSpec password) {}

    /** host:port, host a DNS name, IPv4 or bracketed IPv6 (what the packager's RedisStoreConfig accepts). */
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}");

    public static ChannelModel of(Channel channel, OperatorConfig config) {
        var spec = channel.getSpec();
        String ns = channel.getMetadata().getNamespace();
        String name = channel.getMetadata().getName();
        List<String> problems = new ArrayList<>();
        if (name.length() > Names.MAX_CHANNEL_NAME || !DNS_1035.matcher(name).matches()) {
            problems.add("metadata.name: a channel name must be a DNS-1035 label of at most " + Names.MAX_CHANNEL_NAME
                    + " characters (lowercase letters, digits, '-', starting with a letter)");
        }
        List<Ingest> ingests = new ArrayList<>();
        List<IngestEndpointSpec> declared = spec.ingestEndpoints == null ? List.of() : spec.ingestEndpoints;
        if (declared.isEmpty()) {
            DEFAULT_INGEST_IDS.forEach(id -> ingests.add(new Ingest(id, name + "-" + id)));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < declared.size(); i++) {
                IngestEndpointSpec in = declared.get(i);
                String at = "spec.ingestEndpoints[" + i + "]";
                if (in == null || in.id == null || !in.id.matches("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?")) {
                    problems.add(at + ".id: required, lowercase letters, digits and '-' (at most 32)");
                    continue;
                }
                if (RESERVED_KEYS.contains(in.id)) {
                    problems.add(at + ".id: '" + in.id + "' is reserved");
                }
                if (!seen.add(in.id)) {
                    problems.add(at + ".id: duplicate ingest endpoint id " + in.id);
                }
                if (in.password != null || in.passwordFile != null) {
                    problems.add(at + ": do not set password or passwordFile; the operator generates passwords into Secret "
                            + Names.credentialsSecret(name));
                }
                if (in.username != null && (in.username.isBlank() || in.username.contains("\""))) {
                    problems.add(at + ".username: must not be blank or contain double quotes");
                }
                ingests.add(new Ingest(in.id, in.username != null ? in.username : name + "-" + in.id));
            }
            if (declared.size() > 2) {
                problems.add("spec.ingestEndpoints: one or two ingest endpoints are allowed");
            }
        }
        var p = spec.packager;
        var st = spec.storage;
        Storage storage;
        int kinds = st == null ? 0 : (st.redisUrl != null ? 1 : 0) + (st.redisSecret != null ? 1 : 0)
                + (st.sentinel != null ? 1 : 0) + (st.cluster != null ? 1 : 0);
        if (kinds > 1) {
            problems.add("spec.storage: set only one of redisUrl, redisSecret, sentinel or cluster");
            storage = new Storage(st.redisUrl, null);
        } else if (st != null && st.sentinel != null) {
            storage = new Storage(null, null, null, sentinel(st.sentinel, problems), null);
        } else if (st != null && st.cluster != null) {
            storage = new Storage(null, null, null, null, cluster(st.cluster, problems));
        } else if (st != null && (st.redisUrl != null || st.redisSecret != null)) {
            storage = new Storage(st.redisUrl, st.redisSecret);
        } else {
            storage = new Storage(config.redisUrl(), config.redisUrl() == null ? config.redisSecret() : null);
        }
        if (st != null && st.durability != null) {
            storage = new Storage(storage.redisUrl(), storage.redisSecret(), st.durability, storage.sentinel(), storage.cluster());
            if (!storage.shared()) {
                problems.add("spec.storage.durability: needs a Redis (spec.storage.redisUrl/redisSecret/sentinel/cluster"
                        + " or the operator's)");
            }
        }
        int replicas = p != null && p.replicas != null ? p.replicas : DEFAULT_REPLICAS;
        if (replicas < 1) {
            problems.add("spec.packager.replicas: must be at least 1");
            replicas = 1;
        }
        if (!storage.shared()) {
            replicas = 1; // each pod would keep its own segments: players would see 404s from the other replica
        }
        Autoscaling autoscaling = p == null || p.autoscaling == null || !storage.shared() ? null
                : autoscaling(p.autoscaling, p.resources, problems);
        if (autoscaling != null) {
            replicas = autoscaling.minReplicas();
        }
        String image = p != null && p.image != null ? p.image : config.packagerImage();
        Double threshold = spec.inputLossThresholdSeconds;
        if (threshold != null && (threshold.isNaN() || threshold < MIN_INPUT_LOSS_THRESHOLD || threshold > MAX_INPUT_LOSS_THRESHOLD)) {
            problems.add("spec.inputLossThresholdSeconds: must be between 0.5 and 600");
        }
        return new ChannelModel(ns, name, List.copyOf(ingests), replicas, image, p == null ? null : p.resources,
                storage, spec.retentionSeconds, threshold, spec.description, autoscaling, List.copyOf(problems));
    }

    private static Sentinel sentinel(dev.wharf.api.v1.RedisSentinelSpec spec, List<String> problems) {
        String at = "spec.storage.sentinel";
        if (spec.masterName == null || spec.masterName.isBlank() || !spec.masterName.matches("[A-Za-z0-9._-]{1,128}")) {
            problems.add(at + ".masterName: required, letters, digits, '.', '_' and '-' (at most 128)");
        }
        List<String> nodes = hostPorts(at + ".sentinels", spec.sentinels, problems);
        secretRef(at + ".passwordSecretRef", spec.passwordSecretRef, problems);
        secretRef(at + ".sentinelPasswordSecretRef", spec.sentinelPasswordSecretRef, problems);
        return new Sentinel(spec.masterName, nodes, spec.passwordSecretRef, spec.sentinelPasswordSecretRef);
    }

    private static Cluster cluster(dev.wharf.api.v1.RedisClusterSpec spec, List<String> problems) {
        List<String> nodes = hostPorts("spec.storage.cluster.nodes", spec.nodes, problems);
        secretRef("spec.storage.cluster.passwordSecretRef", spec.passwordSecretRef, problems);
        return new Cluster(nodes, spec.passwordSecretRef);
    }

    private static List<String> hostPorts(String at, List<String> declared, List<String> problems) {
        if (declared == null || declared.isEmpty()) {
            problems.add(at + ": at least one host:port");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < declared.size(); i++) {
            String hp = declared.get(i);
            int port = -1;
            if (hp != null && HOST_PORT.matcher(hp).matches()) {
                port = Integer.parseInt(hp.substring(hp.lastIndexOf(':') + 1));
            }
            if (port < 1 || port > 65535) {
                problems.add(at + "[" + i + "]: expected host:port (port 1-65535), got '" + hp + "'");
            } else {
                out.add(hp);
            }
        }
        return List.copyOf(out);
    }

    private static void secretRef(String at, SecretKeyRefSpec ref, List<String> problems) {
        if (ref != null && (ref.name == null || ref.name.isBlank() || ref.key == null || ref.key.isBlank())) {
            problems.add(at + ": name and key are required");
        }
    }

    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G)?");
    private static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:.-]{0,252}");

    /** Validates spec.packager.autoscaling (the CRD checks it too, but the operator also runs on old CRDs). */
    private static Autoscaling autoscaling(dev.wharf.api.v1.AutoscalingSpec a, ResourcesSpec resources, List<String> problems) {
        String at = "spec.packager.autoscaling";
        int before = problems.size();
        if (a.maxReplicas == null || a.maxReplicas < 1 || a.maxReplicas > 100) {
            problems.add(at + ".maxReplicas: required, between 1 and 100");
        }
        int max = a.maxReplicas == null ? 1 : a.maxReplicas;
        int min = a.minReplicas != null ? a.minReplicas : Math.min(DEFAULT_REPLICAS, max);
        if (a.minReplicas != null && (a.minReplicas < 1 || a.minReplicas > 100)) {
            problems.add(at + ".minReplicas: between 1 and 100");
        }
        if (min > max) {
            problems.add(at + ": minReplicas (" + min + ") must not exceed maxReplicas (" + max + ")");
        }
        List<PodsMetric> metrics = new ArrayList<>();
        List<dev.wharf.api.v1.PodsMetricSpec> declared = a.metrics == null ? List.of() : a.metrics;
        for (int i = 0; i < declared.size(); i++) {
            var m = declared.get(i);
            String mat = at + ".metrics[" + i + "]";
            if (m == null || m.name == null || !METRIC_NAME.matcher(m.name).matches()) {
                problems.add(mat + ".name: required, a metric name");
            } else if (m.targetAverageValue == null || !QUANTITY.matcher(m.targetAverageValue).matches()) {
                problems.add(mat + ".targetAverageValue: required, a quantity such as \"200\" or \"1500m\"");
            } else {
                metrics.add(new PodsMetric(m.name, m.targetAverageValue));
            }
        }
        Integer cpu = a.targetCPUUtilizationPercentage != null ? a.targetCPUUtilizationPercentage
                : declared.isEmpty() ? DEFAULT_TARGET_CPU_PERCENT : null;
        if (a.targetCPUUtilizationPercentage != null && (cpu < 1 || cpu > 1000)) {
            problems.add(at + ".targetCPUUtilizationPercentage: between 1 and 1000");
        }
        if (cpu != null && (resources == null || resources.requests == null || !resources.requests.containsKey("cpu"))) {
            problems.add(at + ": CPU scaling (targetCPUUtilizationPercentage" + (a.targetCPUUtilizationPercentage == null
                    ? ", " + DEFAULT_TARGET_CPU_PERCENT + " by default without metrics" : "")
                    + ") needs spec.packager.resources.requests.cpu: utilization is measured against the request");
        }
        return problems.size() > before ? null : new Autoscaling(min, max, cpu, List.copyOf(metrics));
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    /** Seconds within which the active input must have delivered content for the IngestActive condition. */
    public double contentThresholdSeconds() {
        return inputLossThresholdSeconds != null ? inputLossThresholdSeconds : DEFAULT_CONTENT_THRESHOLD_SECONDS;
    }

    /** Seconds within which an ingest endpoint must have delivered content to be reported healthy: 3x the threshold, default 10 s. */
    public double healthWindowSeconds() {
        return inputLossThresholdSeconds != null ? 3 * inputLossThresholdSeconds : DEFAULT_CONTENT_THRESHOLD_SECONDS;
    }

    public List<String> ingestIds() {
        return ingestEndpoints.stream().map(Ingest::id).toList();
    }
}
