package dev.wharf.operator.channel.dependent;

import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.OriginEndpoint;
import dev.wharf.operator.model.ChannelModel;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.model.PackagerConfigRenderer;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The packager Deployment {@code <channel>-packager}: probes on the admin port, spread across nodes,
 * rolling updates that never take a replica away (maxUnavailable 0, maxSurge 1). The pod template
 * carries a hash of the ingest credentials, so a rotation rolls the pods; configuration changes do
 * not (they are pushed live).
 */
public class PackagerDeploymentDependentResource extends CRUDKubernetesDependentResource<Deployment, Channel> {
    public static final String CREDENTIALS_HASH = "wharf.dev/credentials-hash";
    /** Hash of the storage settings, which the packager reads at start only: a change rolls the pods. */
    public static final String STORAGE_HASH = "wharf.dev/storage-hash";

    private final OperatorConfig config;
    private final IngestCredentialsSecretDependentResource credentials;
    private final BiFunction<Channel, Context<Channel>, List<OriginEndpoint>> endpoints;

    public PackagerDeploymentDependentResource(OperatorConfig config, IngestCredentialsSecretDependentResource credentials,
                                               BiFunction<Channel, Context<Channel>, List<OriginEndpoint>> endpoints) {
        super(Deployment.class, "packager-deployment");
        this.config = config;
        this.credentials = credentials;
        this.endpoints = endpoints;
    }

    /** By name, not from desired(): desired() reads the existing object, which would recurse. */
    @Override
    protected ResourceID targetSecondaryResourceID(Channel channel, Context<Channel> context) {
        return new ResourceID(Names.packagerDeployment(channel.getMetadata().getName()), channel.getMetadata().getNamespace());
    }

    @Override
    protected Deployment desired(Channel channel, Context<Channel> context) {
        Secret secret = credentials.getSecondaryResource(channel, context).orElse(null);
        ChannelModel m = ChannelModel.of(channel, config);
        Integer current = getSecondaryResource(channel, context).map(d -> d.getSpec() == null ? null : d.getSpec().getReplicas())
                .orElse(null);
        return desired(m, IngestCredentialsSecretDependentResource.decode(secret), current,
                PackagerConfigRenderer.servedEndpoints(endpoints.apply(channel, context)));
    }

    /**
     * The CDN identifiers of the served endpoints with {@code authorization}, projected from the user's Secrets as
     * {@code cdn/<endpoint>} (the file packager.yaml names, {@link Names#cdnIdentifierFile}). A Secret rotation
     * replaces the file in place and the packager re-reads it. Optional: a missing Secret or key leaves the file
     * absent, and the packager closes that endpoint (403 to every request) while the rest of the channel runs; a
     * required source would keep every new pod of the channel from starting.
     */
    static List<io.fabric8.kubernetes.api.model.VolumeProjection> cdnIdentifierSources(List<OriginEndpoint> served) {
        List<io.fabric8.kubernetes.api.model.VolumeProjection> out = new ArrayList<>();
        for (OriginEndpoint e : served) {
            if (e.getSpec().authorization != null && e.getSpec().authorization.cdnIdentifierSecret != null) {
                out.add(secretFile(e.getSpec().authorization.cdnIdentifierSecret,
                        Names.CDN_IDENTIFIER_DIR + "/" + e.getMetadata().getName(), true));
            }
        }
        return out;
    }

    /**
     * The Redis passwords of Sentinel or Cluster storage, projected from the user's Secrets as files next to
     * packager.yaml (which names only the paths). A missing Secret keeps the pod from starting, which the
     * Deployment's status shows.
     */
    static List<io.fabric8.kubernetes.api.model.VolumeProjection> redisPasswordSources(ChannelModel.Storage storage) {
        List<io.fabric8.kubernetes.api.model.VolumeProjection> out = new ArrayList<>();
        if (storage.passwordSecret() != null) {
            out.add(secretFile(storage.passwordSecret(), Names.REDIS_PASSWORD_PATH, false));
        }
        if (storage.sentinelPasswordSecret() != null) {
            out.add(secretFile(storage.sentinelPasswordSecret(), Names.REDIS_SENTINEL_PASSWORD_PATH, false));
        }
        return out;
    }

    private static io.fabric8.kubernetes.api.model.VolumeProjection secretFile(dev.wharf.api.v1.SecretKeyRefSpec ref, String path,
                                                                               boolean optional) {
        return new io.fabric8.kubernetes.api.model.VolumeProjectionBuilder().withNewSecret().withName(ref.name)
                .withOptional(optional ? Boolean.TRUE : null).withItems(new KeyToPath(ref.key, null, path)).endSecret().build();
    }

    public static Deployment desired(ChannelModel m, Map<String, String> credentials) {
        return desired(m, credentials, null);
    }

    /**
     * @param currentReplicas the existing Deployment's spec.replicas (null when there is none). With autoscaling
     *                        the HPA owns that number: the desired state repeats it, so the operator never changes
     *                        it (no update, or an update that keeps it); a new Deployment starts at minReplicas.
     */
    public static Deployment desired(ChannelModel m, Map<String, String> credentials, Integer currentReplicas) {
        return desired(m, credentials, currentReplicas, List.of());
    }

    /** As above, with the channel's served endpoints (sorted by name), whose CDN identifier Secrets the pods mount. */
    public static Deployment desired(ChannelModel m, Map<String, String> credentials, Integer currentReplicas,
                                     List<OriginEndpoint> servedEndpoints) {
        int replicas = m.autoscaling() == null ? m.replicas()
                : currentReplicas != null ? currentReplicas : m.autoscaling().minReplicas();
        String ch = m.name();
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("WHARF_NONCE_SECRET").withNewValueFrom().withNewSecretKeyRef()
                .withName(Names.credentialsSecret(ch)).withKey(Names.NONCE_SECRET_KEY).endSecretKeyRef().endValueFrom().build());
        if (m.storage().redisSecret() != null) {
            env.add(new EnvVarBuilder().withName("WHARF_REDIS_URL").withNewValueFrom().withNewSecretKeyRef()
                    .withName(m.storage().redisSecret().name).withKey(m.storage().redisSecret().key).endSecretKeyRef()
                    .endValueFrom().build());
        }
        env.add(new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue("-XX:MaxRAMPercentage=75").build());

        List<KeyToPath> secretItems = new ArrayList<>();
        for (String id : m.ingestIds()) {
            secretItems.add(new KeyToPath(id, null, "credentials/" + id));
        }
        secretItems.add(new KeyToPath(Names.ADMIN_TOKEN_KEY, null, "credentials/" + Names.ADMIN_TOKEN_KEY));

        var resources = new ResourceRequirementsBuilder();
        if (m.resources() != null) {
            resources.withRequests(quantities(m.resources().requests)).withLimits(quantities(m.resources().limits));
        }

        Map<String, String> podAnnotations = new LinkedHashMap<>();
        podAnnotations.put(CREDENTIALS_HASH, PackagerConfigRenderer.sha256(new TreeMap<>(credentials).toString()).substring(0, 16));
        podAnnotations.put(STORAGE_HASH, PackagerConfigRenderer.sha256(m.storage().fingerprint()).substring(0, 16));
        podAnnotations.put("prometheus.io/scrape", "true");
        podAnnotations.put("prometheus.io/port", String.valueOf(PackagerConfigRenderer.ADMIN_PORT));
        podAnnotations.put("prometheus.io/path", "/metrics");

        var container = new ContainerBuilder()
                .withName(Names.CONTAINER).withImage(m.image())
                .withArgs("--config", Names.CONFIG_FILE)
                .withPorts(port("playback", PackagerConfigRenderer.PLAYBACK_PORT), port("ingest", PackagerConfigRenderer.INGEST_PORT),
                        port("admin", PackagerConfigRenderer.ADMIN_PORT))
                .withEnv(env)
                .withReadinessProbe(probe("/health/ready", 2, 5, 3))
                .withLivenessProbe(probe("/health/live", 10, 10, 6))
                .withStartupProbe(probe("/health/live", 1, 2, 60))
                .withResources(resources.build())
                .withVolumeMounts(new VolumeMountBuilder().withName("config").withMountPath(Names.CONFIG_DIR).withReadOnly(true).build(),
                        new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .build();

        Map<String, String> selector = Labels.selector(ch);
        return new DeploymentBuilder()
                .withNewMetadata().withName(Names.packagerDeployment(ch)).withNamespace(m.namespace()).withLabels(Labels.of(ch)).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate().endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.of(ch)).withAnnotations(podAnnotations).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(30L)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withFsGroup(10001L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withContainers(container)
                .withVolumes(
                        // One projected volume: packager.yaml at /etc/wharf and the credentials below it. Nested
                        // mounts into a ConfigMap volume fail (read-only), and subPath mounts never see updates.
                        new VolumeBuilder().withName("config").withNewProjected()
                                .addNewSource().withNewConfigMap().withName(Names.packagerConfigMap(ch))
                                .withItems(new KeyToPath(Names.CONFIG_KEY, null, Names.CONFIG_KEY)).endConfigMap().endSource()
                                .addNewSource().withNewSecret().withName(Names.credentialsSecret(ch)).withItems(secretItems)
                                .endSecret().endSource()
                                .addAllToSources(redisPasswordSources(m.storage()))
                                .addAllToSources(cdnIdentifierSources(servedEndpoints))
                                .endProjected().build(),
                        new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("ScheduleAnyway").withNewLabelSelector().withMatchLabels(selector).endLabelSelector()
                .endTopologySpreadConstraint()
                .withNewAffinity().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100).withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().withMatchLabels(selector).endLabelSelector().endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static ContainerPort port(String name, int port) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
    }

    private static Probe probe(String path, int periodSeconds, int timeoutSeconds, int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("admin")).endHttpGet()
                .withPeriodSeconds(periodSeconds).withTimeoutSeconds(Math.min(timeoutSeconds, periodSeconds))
                .withFailureThreshold(failureThreshold).build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> m) {
        Map<String, Quantity> out = new TreeMap<>();
        if (m != null) {
            m.forEach((k, v) -> out.put(k, new Quantity(v)));
        }
        return out;
    }
}
