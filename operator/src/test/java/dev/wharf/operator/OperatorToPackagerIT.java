package dev.wharf.operator;

import dev.wharf.testing.MediaPlaylistView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.api.v1.OriginEndpointSpec;
import dev.wharf.operator.api.v1.ApiConstants;
import dev.wharf.operator.api.v1.Channel;
import dev.wharf.operator.api.v1.IngestEndpointStatus;
import dev.wharf.operator.api.v1.OriginEndpoint;
import dev.wharf.operator.channel.dependent.IngestCredentialsSecretDependentResource;
import dev.wharf.operator.model.Conditions;
import dev.wharf.operator.model.Labels;
import dev.wharf.operator.model.Names;
import dev.wharf.operator.model.OperatorConfig;
import dev.wharf.operator.push.HttpPackagerConfigPusher;
import dev.wharf.packager.Packager;
import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.packager.config.ConfigWatcher;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.FreePorts;
import dev.wharf.testing.RedisServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain with real parts (issue 3): the operator (against fabric8's CRUD mock API server)
 * renders a channel; the real packager runs on exactly what the operator rendered, materialized the
 * way the kubelet would (the Deployment's projected volume: ConfigMap and Secret keys as files); the
 * operator pushes configuration changes to that packager; ffmpeg pushes a live stream with the
 * credentials the operator generated and plays the output back; a credential rotation reaches the
 * running packager.
 *
 * <p>What differs from a pod, and nothing else: the volume is a temp directory instead of
 * {@code /etc/wharf} (so {@code /etc/wharf/} is rewritten to it, in the file and, by
 * {@link PodMount}, in pushed configurations), the packager binds 127.0.0.1 on free ports instead of
 * 8080/8081/9090, and {@code WHARF_NONCE_SECRET} (an environment variable from the Secret, which a
 * test cannot set in-process) goes into {@code server.nonceSecret}. Storage is a real redis-server,
 * given to the operator as {@code WHARF_REDIS_URL}, so the rendered configuration says Redis.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorToPackagerIT {
    static final String NS = "live";
    static final String CHANNEL = "news";
    static final int PUSH_SECONDS = 12;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KubernetesClient client;
    RedisServerProcess redis;
    PodMount podMount;
    Operator operator;
    Packager packager;
    ConfigWatcher watcher;
    Kubelet kubelet;

    @BeforeEach
    void start(@TempDir Path volume) throws Exception {
        redis = new RedisServerProcess();
        kubelet = new Kubelet(volume);
        podMount = new PodMount(kubelet);
        OperatorConfig config = OperatorConfig.from(Map.of(
                "WHARF_INGEST_HOST", "ingest.example.com",
                "WHARF_PLAYBACK_HOST", "play.example.com",
                "WHARF_REDIS_URL", redis.url())::get).withPackagerAdminPort(podMount.port());
        operator = WharfOperator.create(client, config, new HttpPackagerConfigPusher(podMount.port()), Clock.systemUTC(), o -> o
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false));
        operator.start();
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.stop();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (packager != null) {
            packager.close();
        }
        if (podMount != null) {
            podMount.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void operatorRendersPackagerServesPushedEndpointLiveStreamAndRotatedCredentials() throws Exception {
        // 1. A channel: the operator renders its packager's configuration and credentials.
        client.resource(Fixtures.channel("channel-minimal.yaml")).create();
        ConfigMap configMap = await().atMost(Duration.ofSeconds(20)).until(() -> get(ConfigMap.class, Names.packagerConfigMap(CHANNEL)), c -> c != null);
        Secret secret = await().atMost(Duration.ofSeconds(20)).until(() -> get(Secret.class, Names.credentialsSecret(CHANNEL)), s -> s != null);
        Deployment deployment = await().atMost(Duration.ofSeconds(20)).until(() -> get(Deployment.class, Names.packagerDeployment(CHANNEL)), d -> d != null);
        assertThat(configMap.getData().get(Names.CONFIG_KEY)).contains("type: redis").contains(redis.url());

        // 2. The kubelet's part: the Deployment's volume as files, then the packager as its container runs it.
        Path configFile = kubelet.materialize(deployment, configMap, secret);
        packager = Packager.start(ConfigLoader.load(configFile));
        watcher = new ConfigWatcher(configFile, packager.registry(), 200);
        podMount.forwardTo(packager.adminPort());
        String playback = "http://127.0.0.1:" + packager.playbackPort();
        int ingestPort = packager.ingestPort();

        // 3. The pod is Ready: the operator pushes to it (through the pod's view of /etc/wharf) and the channel is Ready.
        startPackagerPod();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Channel c = channel();
            assertThat(Conditions.find(c.getStatus().conditions, "ConfigApplied")).hasValueSatisfying(r -> {
                assertThat(r.getReason()).as(r.getMessage()).isEqualTo("Applied");
            });
            assertThat(Conditions.find(c.getStatus().conditions, "Ready")).hasValueSatisfying(r -> assertThat(r.getStatus()).isEqualTo("True"));
            assertThat(Conditions.find(c.getStatus().conditions, "SharedStorage")).hasValueSatisfying(r -> assertThat(r.getReason()).isEqualTo("Redis"));
        });
        assertThat(podMount.answers()).as("the real packager's answers to the operator's pushes").isNotEmpty().allMatch(a -> a == 204);

        // 4. An endpoint, pushed live: the running packager serves it within seconds, with no restart
        // and without the file changing (the kubelet has not refreshed it: only the push can have done it).
        String fileBefore = Files.readString(configFile);
        long applied = System.nanoTime();
        client.resource(hlsEndpoint()).create();
        client.resource(Fixtures.endpoint("endpoint-cmaf.yaml")).create();
        client.resource(dashEndpoint()).create();
        OriginEndpoint endpoint = serving("hls");
        OriginEndpoint cmaf = serving("cmaf");
        OriginEndpoint dash = serving("dash");
        assertThat(cmaf.getStatus().urls).containsExactly("http://play.example.com/out/v1/live/news/cmaf/main/master.m3u8");
        assertThat(dash.getStatus().url).isEqualTo("http://play.example.com/out/v1/live/news/dash/index.mpd");
        assertThat(endpoint.getStatus().url).isEqualTo("http://play.example.com/out/v1/live/news/hls/index.m3u8");
        String master = playback + URI.create(endpoint.getStatus().url).getPath();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> r = get(master);
            assertThat(r.body()).as("the packager knows the endpoint").doesNotStartWith("no endpoint");
            assertThat(r.statusCode()).isEqualTo(404); // known endpoint, no content yet
        });
        assertThat(Duration.ofNanos(System.nanoTime() - applied)).isLessThan(Duration.ofSeconds(10));
        assertThat(Files.readString(configFile)).isEqualTo(fileBefore).doesNotContain("name: hls");
        String cmafMaster = playback + URI.create(cmaf.getStatus().url).getPath();
        String mpd = playback + URI.create(dash.getStatus().url).getPath();
        for (String url : List.of(cmafMaster, mpd)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(get(url).body()).as("the packager knows %s", url).doesNotStartWith("no endpoint"));
        }

        // 5. A live stream with the operator's credentials, to the URL in the channel's status.
        IngestEndpointStatus primary = channel().getStatus().ingestEndpoints.get(0);
        assertThat(primary.id).isEqualTo("primary");
        String password = decode(get(Secret.class, primary.passwordSecretRef.name)).get(primary.passwordSecretRef.key);
        URI ingestUrl = URI.create(primary.url);
        assertThat(ingestUrl.getHost()).isEqualTo("ingest.example.com");
        String pushBase = "http://" + primary.username + ":" + password + "@127.0.0.1:" + ingestPort + ingestUrl.getPath();
        Path encoderLog = Files.createTempFile("ffmpeg-push", ".log");
        Process encoder = startEncoder(pushBase, encoderLog);
        String media1 = playback + URI.create(endpoint.getStatus().url).getPath().replace("index.m3u8", "index_1.m3u8");
        Map<Long, String> seen = new HashMap<>();
        long lastSequence = -1;
        int refreshes = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PUSH_SECONDS + 20);
        while (encoder.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            HttpResponse<String> r = get(media1);
            if (r.statusCode() == 404) {
                continue;
            }
            assertThat(r.statusCode()).isEqualTo(200);
            MediaPlaylistView p = MediaPlaylistView.parse(r.body());
            assertThat(p.mediaSequence()).as("media sequence never goes back").isGreaterThanOrEqualTo(lastSequence);
            for (int i = 0; i < p.uris().size(); i++) {
                String prev = seen.putIfAbsent(p.mediaSequence() + i, p.uris().get(i));
                assertThat(prev == null || prev.equals(p.uris().get(i))).as("sequence %d renamed", p.mediaSequence() + i).isTrue();
            }
            lastSequence = p.mediaSequence();
            refreshes++;
        }
        assertThat(encoder.waitFor(30, TimeUnit.SECONDS)).as("encoder finished").isTrue();
        assertThat(encoder.exitValue()).as("encoder exit code; log: %s", Files.readString(encoderLog)).isZero();
        assertThat(refreshes).as("playlist refreshes while live").isGreaterThanOrEqualTo(PUSH_SECONDS / 3);

        HttpResponse<String> masterResponse = get(master);
        assertThat(masterResponse.statusCode()).isEqualTo(200);
        assertThat(masterResponse.body().lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:"))).hasSize(2);
        for (int n = 1; n <= 2; n++) {
            String url = master.replace("index.m3u8", "index_" + n + ".m3u8");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String text = get(url).body();
                MediaPlaylistView p = MediaPlaylistView.parse(text);
                assertThat(text.strip()).as("ENDLIST last\n%s", text).endsWith("#EXT-X-ENDLIST");
                assertThat(p.mediaSequence()).isZero();
                assertThat(p.discontinuities()).isZero();
                assertThat(p.totalSeconds()).isBetween(PUSH_SECONDS - 2.5, PUSH_SECONDS + 2.5);
                for (int i = 0; i < p.uris().size(); i++) {
                    assertThat(p.uris().get(i)).as("continuous sequence").endsWith("_" + (p.mediaSequence() + i) + ".ts");
                }
            });
        }
        Process play = new ProcessBuilder(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin",
                "-i", master, "-map", "0:v", "-map", "0:a", "-f", "null", "-").redirectErrorStream(true).start();
        String errors = new String(play.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(play.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(play.exitValue()).as(errors).isZero();
        assertThat(errors).as("decoder errors").isBlank();
        // The CMAF and DASH endpoints the operator configured, read by ffmpeg over the same stream.
        assertThat(get(mpd).body()).contains("type=\"static\"");
        for (String url : List.of(cmafMaster, mpd)) {
            Process read = new ProcessBuilder(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin",
                    "-i", url, "-map", "0", "-f", "null", "-").redirectErrorStream(true).start();
            String readErrors = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(read.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(read.exitValue()).as("%s: %s", url, readErrors).isZero();
            assertThat(readErrors).as("errors reading %s", url).isBlank();
            Process probe = new ProcessBuilder(ExternalTools.ffprobe().toString(), "-v", "error", "-show_entries", "stream=codec_type,height",
                    "-of", "csv=p=0", url).redirectErrorStream(true).start();
            String streams = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.exitValue()).as(streams).isZero();
            assertThat(streams.lines()).as("%s streams", url).contains("video,180", "video,144").anyMatch(l -> l.startsWith("audio"));
        }

        // 6. Rotation: the Secret changes, the kubelet refreshes the files, the running packager takes the new password.
        String ingest = "http://127.0.0.1:" + ingestPort + ingestUrl.getPath().replaceAll("/channel$", "/probe.ts");
        String secondaryPassword = decode(get(Secret.class, Names.credentialsSecret(CHANNEL))).get("secondary");
        String secondaryIngest = ingest.replace("/primary/", "/secondary/");
        String secondaryUser = channel().getStatus().ingestEndpoints.get(1).username;
        assertThat(digestDelete(ingest, primary.username, password)).isEqualTo(204);
        // The kubelet has caught up with the ConfigMap (the endpoint) by now; the rotation then changes only the Secret's files.
        kubelet.materialize(get(Deployment.class, Names.packagerDeployment(CHANNEL)), get(ConfigMap.class, Names.packagerConfigMap(CHANNEL)),
                get(Secret.class, Names.credentialsSecret(CHANNEL)));
        String fileBeforeRotation = Files.readString(configFile);
        assertThat(fileBeforeRotation).contains("name: hls");
        Thread.sleep(500); // the watcher's poll takes the refreshed file (same endpoints as pushed)
        editChannel(c -> c.getMetadata().getAnnotations().put(ApiConstants.ROTATE_CREDENTIALS, "primary"));
        Secret rotated = await().atMost(Duration.ofSeconds(20)).until(() -> get(Secret.class, Names.credentialsSecret(CHANNEL)),
                s -> !password.equals(decode(s).get("primary")));
        String newPassword = decode(rotated).get("primary");
        kubelet.materialize(get(Deployment.class, Names.packagerDeployment(CHANNEL)), get(ConfigMap.class, Names.packagerConfigMap(CHANNEL)), rotated);
        assertThat(Files.readString(configFile)).as("a rotation does not change packager.yaml").isEqualTo(fileBeforeRotation);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(digestDelete(ingest, primary.username, password)).as("old password").isEqualTo(401);
            assertThat(digestDelete(ingest, primary.username, newPassword)).as("new password").isEqualTo(204);
        });
        assertThat(digestDelete(secondaryIngest, secondaryUser, secondaryPassword)).as("the other input keeps its password").isEqualTo(204);
        assertThat(get(master).statusCode()).as("the endpoint is still served").isEqualTo(200);
    }

    private OriginEndpoint serving(String name) {
        return await().atMost(Duration.ofSeconds(15)).until(
                () -> client.resources(OriginEndpoint.class).inNamespace(NS).withName(name).get(),
                e -> e.getStatus() != null && e.getStatus().url != null
                        && Conditions.find(e.getStatus().conditions, "Ready").map(r -> r.getReason().equals("Serving")).orElse(false));
    }

    private OriginEndpoint dashEndpoint() {
        OriginEndpoint e = Fixtures.endpoint("endpoint-dash.yaml");
        // The fixture's time server is not reachable from a test: the packager then serves its own clock.
        e.getSpec().dashPackage.utcTimingUri = null;
        e.getSpec().dashPackage.periodTriggers.clear();
        return e;
    }

    private OriginEndpoint hlsEndpoint() {
        OriginEndpoint e = Fixtures.endpoint("endpoint-hls.yaml");
        // The fixture's whitelist and stream selection would hide the test stream from a player on loopback.
        OriginEndpointSpec spec = e.getSpec();
        spec.whitelist = new ArrayList<>();
        spec.hlsPackage = new HlsPackageSpec();
        spec.hlsPackage.playlistWindowSeconds = 60;
        spec.hlsPackage.segmentDurationSeconds = 2; // the encoder's: each input segment passes through as it is
        return e;
    }

    private static Process startEncoder(String base, Path log) throws IOException {
        List<String> cmd = List.of(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-nostdin", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(PUSH_SECONDS),
                "-filter_complex", "[0:v]split=2[a][b];[b]scale=256:144[b2]",
                "-map", "[a]", "-map", "[b2]", "-map", "1:a", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-b:v:0", "300k", "-b:v:1", "150k", "-c:a", "aac", "-b:a", "64k", "-ac", "2",
                "-f", "hls", "-hls_time", "2", "-hls_list_size", "5",
                "-hls_flags", "delete_segments+program_date_time+independent_segments",
                "-method", "PUT", "-http_persistent", "1",
                "-master_pl_name", "channel.m3u8",
                "-var_stream_map", "v:0,a:0 v:1,a:1",
                "-hls_segment_filename", base + "_%v_%05d.ts",
                base + "_%v.m3u8");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The final status of a Digest-authenticated DELETE (curl answers the challenge; DELETE stores nothing). */
    private static int digestDelete(String url, String user, String password) throws Exception {
        Process curl = new ProcessBuilder(ExternalTools.require("curl", "curl").toString(), "-s", "-o", "/dev/null",
                "-w", "%{http_code}", "--digest", "-u", user + ":" + password, "-X", "DELETE", url)
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(curl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return Integer.parseInt(out);
    }

    private void startPackagerPod() {
        var pod = new PodBuilder().withNewMetadata().withName(CHANNEL + "-packager-a").withNamespace(NS).withLabels(Labels.of(CHANNEL)).endMetadata()
                .withNewSpec().addNewContainer().withName(Names.CONTAINER).withImage("x").endContainer().endSpec()
                .withNewStatus().withPodIP("127.0.0.1").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
        client.resource(pod).create();
        client.apps().deployments().inNamespace(NS).withName(Names.packagerDeployment(CHANNEL)).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
            return d;
        });
    }

    /** Edits the Channel like kubectl: read, change, write; again on 409 (the operator writes its status concurrently). */
    private void editChannel(java.util.function.Consumer<Channel> change) {
        for (int attempt = 0; ; attempt++) {
            try {
                client.resources(Channel.class).inNamespace(NS).withName(CHANNEL).edit(c -> {
                    change.accept(c);
                    return c;
                });
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private <T extends HasMetadata> T get(Class<T> kind, String name) {
        return client.resources(kind).inNamespace(NS).withName(name).get();
    }

    private Channel channel() {
        Channel c = get(Channel.class, CHANNEL);
        assertThat(c.getStatus()).isNotNull();
        return c;
    }

    private static Map<String, String> decode(Secret s) {
        return IngestCredentialsSecretDependentResource.decode(s);
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * What the kubelet does for the packager container, in a temp directory: writes the items of the
     * projected volume mounted at {@code /etc/wharf} (ConfigMap and Secret keys, at the paths the
     * Deployment names), atomically like its {@code ..data} swap. The configuration file is then
     * adapted to running outside the pod: the mount point, 127.0.0.1 and free ports, and the nonce
     * secret the container gets from the environment.
     */
    static final class Kubelet {
        private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
        final Path volume;
        final int playbackPort = FreePorts.next();
        final int ingestPort = FreePorts.next();
        final int adminPort = FreePorts.next();
        String mountPath;

        Kubelet(Path volume) {
            this.volume = volume;
        }

        /** Writes the volume's files and returns the configuration file the container's {@code --config} names. */
        Path materialize(Deployment deployment, ConfigMap configMap, Secret secret) throws IOException {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().stream().filter(c -> c.getName().equals(Names.CONTAINER)).findFirst().orElseThrow();
            VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(Names.CONFIG_DIR)).findFirst().orElseThrow();
            mountPath = mount.getMountPath();
            var volumeSpec = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            Map<String, String> secretData = decode(secret);
            Map<String, String> files = new java.util.LinkedHashMap<>();
            for (VolumeProjection source : volumeSpec.getProjected().getSources()) {
                if (source.getConfigMap() != null) {
                    assertThat(source.getConfigMap().getName()).isEqualTo(configMap.getMetadata().getName());
                    for (KeyToPath item : source.getConfigMap().getItems()) {
                        files.put(item.getPath(), configMap.getData().get(item.getKey()));
                    }
                }
                if (source.getSecret() != null) {
                    assertThat(source.getSecret().getName()).isEqualTo(secret.getMetadata().getName());
                    for (KeyToPath item : source.getSecret().getItems()) {
                        files.put(item.getPath(), secretData.get(item.getKey()));
                    }
                }
            }
            List<String> args = container.getArgs();
            assertThat(args).containsExactly("--config", Names.CONFIG_FILE);
            Path configFile = inPod(args.get(1));
            String configKey = volume.relativize(configFile).toString();
            String nonceSecret = null;
            for (EnvVar env : container.getEnv()) {
                if (env.getName().equals("WHARF_NONCE_SECRET")) {
                    var ref = env.getValueFrom().getSecretKeyRef();
                    assertThat(ref.getName()).isEqualTo(secret.getMetadata().getName());
                    nonceSecret = secretData.get(ref.getKey());
                }
            }
            assertThat(nonceSecret).as("WHARF_NONCE_SECRET from the Secret").isNotBlank();
            assertThat(files).as("the volume holds the file --config names").containsKey(configKey);
            // Outside the pod: the volume is here, not at /etc/wharf; loopback and free ports; the env var as a field.
            ObjectNode config = (ObjectNode) YAML.readTree(podPaths(files.remove(configKey)));
            ObjectNode server = (ObjectNode) config.get("server");
            server.put("host", "127.0.0.1");
            server.put("playbackPort", playbackPort);
            server.put("ingestPort", ingestPort);
            server.put("adminPort", adminPort);
            server.put("nonceSecret", nonceSecret);
            // The credentials first, then the configuration that names them.
            for (var f : files.entrySet()) {
                assertThat(f.getValue()).as(f.getKey()).isNotNull();
                writeAtomically(volume.resolve(f.getKey()), f.getValue());
            }
            writeAtomically(configFile, YAML.writeValueAsString(config));
            return configFile;
        }

        /** A configuration as the pod reads it: the pod's paths under the mount point are the volume's files here. */
        String podPaths(String yaml) {
            return yaml.replace(mountPath + "/", volume + "/");
        }

        Path inPod(String podPath) {
            assertThat(podPath).startsWith(mountPath + "/");
            return volume.resolve(podPath.substring(mountPath.length() + 1));
        }

        private static void writeAtomically(Path file, String content) throws IOException {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".tmp", "");
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The pod's admin port as the operator reaches it: forwards {@code PUT /admin/config} to the
     * real packager and returns its answer unchanged. The one thing it does is what the pod's mount
     * namespace does: the pushed configuration names files under {@code /etc/wharf}, which here are
     * in the kubelet's temp directory.
     */
    static final class PodMount implements AutoCloseable {
        private final HttpServer server;
        private final Kubelet kubelet;
        private final List<Integer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile int target = -1;

        PodMount(Kubelet kubelet) throws IOException {
            this.kubelet = kubelet;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/admin/config", ex -> {
                try (InputStream in = ex.getRequestBody(); ex) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (target < 0) {
                        ex.sendResponseHeaders(503, -1);
                        return;
                    }
                    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + "/admin/config"))
                            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofString(kubelet.podPaths(body)));
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    if (auth != null) {
                        request.header("Authorization", auth);
                    }
                    HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    answers.add(r.statusCode());
                    ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(r.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ex.sendResponseHeaders(500, -1);
                }
            });
            server.start();
        }

        void forwardTo(int adminPort) {
            target = adminPort;
        }

        int port() {
            return server.getAddress().getPort();
        }

        List<Integer> answers() {
            return answers;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
