package dev.wharf.packager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.api.v1.OriginEndpointSpec;
import dev.wharf.packager.channel.CmafDefaults;
import dev.wharf.packager.channel.MssDefaults;
import dev.wharf.packager.channel.DashDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    /** A valid configuration the tests break one way or another. */
    private static final String VALID = """
            channels:
              - metadata: {namespace: live, name: news}
                spec:
                  ingestEndpoints:
                    - {id: primary, username: enc, password: password-1}
            originEndpoints:
              - metadata: {namespace: live, name: hls}
                spec:
                  channelName: news
                  hlsPackage: {}
            """;

    private static List<String> problems(String yaml) {
        try {
            ConfigLoader.parse(yaml);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("invalid configuration:\n  - ");
            for (String p : e.problems()) {
                assertThat(e.getMessage()).contains("\n  - " + p);
            }
            return e.problems();
        }
        throw new AssertionError("configuration accepted:\n" + yaml);
    }

    @Test
    void demoConfigurationLoads() {
        PackagerConfig c = ConfigLoader.load(Path.of("..", "examples", "demo.yaml"));
        assertThat(c.server.host).isEqualTo("127.0.0.1");
        assertThat(c.server.playbackPort).isEqualTo(8080);
        assertThat(c.server.ingestPort).isEqualTo(8081);
        assertThat(c.server.adminPort).isEqualTo(9090);
        assertThat(c.storage.type).isEqualTo(PackagerConfig.Storage.Type.memory);
        assertThat(c.channels).hasSize(1);
        var ch = c.channels.get(0);
        assertThat(ch.metadata.namespace).isEqualTo("default");
        assertThat(ch.metadata.name).isEqualTo("demo");
        assertThat(ch.spec.ingestEndpoints).extracting(i -> i.id).containsExactly("primary", "secondary");
        assertThat(ch.spec.ingestEndpoints).extracting(i -> i.username).containsExactly("demo-encoder", "demo-encoder-2");
        assertThat(c.originEndpoints).extracting(e -> e.metadata.name).containsExactly("hls", "cmaf", "dash", "mss");
        OriginEndpointSpec ep = c.originEndpoints.get(0).spec;
        assertThat(ep.channelName).isEqualTo("demo");
        assertThat(ep.manifestName).isEqualTo("index");
        assertThat(ep.hlsPackage.segmentDurationSeconds).isEqualTo(2);
        assertThat(ep.hlsPackage.playlistWindowSeconds).isEqualTo(30);
        assertThat(ep.hlsPackage.programDateTimeIntervalSeconds).isEqualTo(2);
        assertThat(ep.hlsPackage.playlistType).isEqualTo(HlsPackageSpec.PlaylistType.NONE);
    }

    @Test
    void defaultsOfAnEmptyDocument() {
        PackagerConfig c = ConfigLoader.parse("");
        assertThat(c.channels).isEmpty();
        assertThat(c.server.playbackPort).isEqualTo(8080);
        assertThat(c.server.maxIngestBodyBytes).isEqualTo(64L * 1024 * 1024);
        assertThat(c.cache.segmentBytes).isEqualTo(256L * 1024 * 1024);
        assertThat(ConfigLoader.parse(VALID).originEndpoints.get(0).spec.manifestName).isEqualTo("index");
    }

    @Test
    void missingFileIsAProblem(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith(missing + ": cannot read: "));
    }

    @Test
    void serverRules() {
        assertThat(problems("""
                server:
                  playbackPort: -1
                  ingestPort: 65536
                  adminPort: 100000
                  maxIngestBodyBytes: 1023
                  nonceSecret: short
                  nonceLifetimeSeconds: 9
                """)).containsExactly(
                "server.playbackPort: must be between 0 and 65535",
                "server.ingestPort: must be between 0 and 65535",
                "server.adminPort: must be between 0 and 65535",
                "server.maxIngestBodyBytes: must be at least 1024",
                "server.nonceSecret: at least 16 characters",
                "server.nonceLifetimeSeconds: must be at least 10");
        ConfigLoader.parse("server: {playbackPort: 0, ingestPort: 65535, maxIngestBodyBytes: 1024, "
                + "nonceSecret: 0123456789abcdef, nonceLifetimeSeconds: 10}");
    }

    @Test
    void redisRules() {
        String exactlyOne = "storage.redis: set exactly one of url, sentinelMaster (with sentinelNodes) or clusterNodes";
        assertThat(problems("storage: {type: redis}")).containsExactly(exactlyOne);
        assertThat(problems("storage: {type: redis, redis: {url: 'redis://r:6379', clusterNodes: ['a:1']}}"))
                .containsExactly(exactlyOne);
        assertThat(problems("storage: {type: redis, redis: {sentinelMaster: m}}"))
                .containsExactly("storage.redis.sentinelNodes: required with sentinelMaster");
        ConfigLoader.parse("storage: {type: redis, redis: {url: 'redis://r:6379'}}");
        ConfigLoader.parse("storage: {type: redis, redis: {sentinelMaster: m, sentinelNodes: ['s:26379']}}");
        ConfigLoader.parse("storage: {type: redis, redis: {clusterNodes: ['a:1', 'b:2']}}");
        ConfigLoader.parse("storage: {type: memory, redis: {url: 'redis://r', clusterNodes: ['a:1']}}"); // not used
    }

    @Test
    void redisPasswordFileRules() {
        assertThat(problems("storage: {type: redis, redis: {url: 'redis://r:6379', passwordFile: /p}}"))
                .containsExactly("storage.redis.passwordFile: with url, put the password in the url (redis://:password@host:port)");
        assertThat(problems("storage: {type: redis, redis: {clusterNodes: ['a:1'], sentinelPasswordFile: /p}}"))
                .containsExactly("storage.redis.sentinelPasswordFile: only with sentinelMaster");
        ConfigLoader.parse("storage: {type: redis, redis: {sentinelMaster: m, sentinelNodes: ['s:26379'], passwordFile: /p,"
                + " sentinelPasswordFile: /q}}");
        ConfigLoader.parse("storage: {type: redis, redis: {clusterNodes: ['a:1'], passwordFile: /p}}");
    }

    @Test
    void redisDurabilityRules() {
        String base = "storage: {type: redis, redis: {url: 'redis://r:6379', ";
        assertThat(problems(base + "durability: quorum}}"))
                .containsExactly("storage.redis.durability: primary or replicated, got quorum");
        assertThat(problems(base + "durability: replicated, replicas: 0}}"))
                .containsExactly("storage.redis.replicas: at least 1 with replicated durability");
        assertThat(problems(base + "durability: replicated, replicationTimeoutMillis: 2000}}"))
                .containsExactly("storage.redis.replicationTimeoutMillis: between 1 and timeoutMillis - 1 (1999)");
        PackagerConfig c = ConfigLoader.parse(base + "durability: replicated}}");
        assertThat(c.storage.redis.replicas).isEqualTo(1);
        assertThat(c.storage.redis.replicationTimeoutMillis).isEqualTo(1000);
        assertThat(ConfigLoader.parse(base + "timeoutMillis: 500}}").storage.redis.durability).isEqualTo("primary");
    }

    @Test
    void channelRules() {
        assertThat(problems("""
                channels:
                  - metadata: {namespace: Live, name: news_1}
                    spec:
                      ingestEndpoints:
                        - {id: Primary, username: 'en"c', password: short}
                        - {id: b, username: ' ', password: password-1, passwordFile: /p}
                        - {id: c, username: enc}
                      retentionSeconds: 59
                  - metadata: {namespace: live, name: sports}
                    spec:
                      ingestEndpoints: []
                      retentionSeconds: 1209601
                  - metadata: {namespace: live, name: sports}
                    spec:
                      ingestEndpoints:
                        - {id: a, username: enc, password: password-1}
                        - {id: a, password: password-2}
                  - null
                """)).containsExactly(
                "channels[0].metadata.namespace: must be a DNS label (lowercase letters, digits and '-', at most 63), got 'Live'",
                "channels[0].metadata.name: must be a DNS label (lowercase letters, digits and '-', at most 63), got 'news_1'",
                "channels[0].spec.ingestEndpoints: one or two ingest endpoints are required",
                "channels[0].spec.retentionSeconds: must be between 60 and 1209600 (14 days)",
                "channels[1].spec.ingestEndpoints: one or two ingest endpoints are required",
                "channels[1].spec.retentionSeconds: must be between 60 and 1209600 (14 days)",
                "channels[2].metadata.name: duplicate channel live/sports",
                "channels[2].spec.ingestEndpoints[1].id: duplicate ingest endpoint id a",
                "channels[2].spec.ingestEndpoints[1].username: required, without double quotes",
                "channels[3]: metadata and spec are required");
    }

    @Test
    void ingestEndpointRules() {
        assertThat(problems("""
                channels:
                  - metadata: {name: news}
                    spec:
                      ingestEndpoints:
                        - {id: Primary, username: 'en"c', password: short}
                        - {username: ' ', password: password-1, passwordFile: /p}
                """)).containsExactly(
                "channels[0].spec.ingestEndpoints[0].id: must be a DNS label (lowercase letters, digits and '-', at most 63), got 'Primary'",
                "channels[0].spec.ingestEndpoints[0].username: required, without double quotes",
                "channels[0].spec.ingestEndpoints[0].password: at least 8 characters",
                "channels[0].spec.ingestEndpoints[1].id: must be a DNS label (lowercase letters, digits and '-', at most 63), got 'null'",
                "channels[0].spec.ingestEndpoints[1].username: required, without double quotes",
                "channels[0].spec.ingestEndpoints[1]: set exactly one of password or passwordFile");
        assertThat(problems("""
                channels:
                  - metadata: {name: news}
                    spec:
                      ingestEndpoints:
                        - {id: a, username: enc}
                """)).containsExactly("channels[0].spec.ingestEndpoints[0]: set exactly one of password or passwordFile");
        // the default namespace is "default"; a passwordFile is read later, by the registry
        PackagerConfig c = ConfigLoader.parse("""
                channels:
                  - metadata: {name: news}
                    spec:
                      ingestEndpoints:
                        - {id: a, username: enc, passwordFile: /does/not/matter/here}
                        - {id: b, username: enc, password: '12345678'}
                      retentionSeconds: 60
                """);
        assertThat(c.channels.get(0).metadata.namespace).isEqualTo("default");
    }

    @Test
    void originEndpointRules() {
        assertThat(problems(VALID + """
                  - metadata: {namespace: live, name: Bad_Name}
                    spec:
                      channelName: nowhere
                      manifestName: 'index.m3u8'
                      hlsPackage:
                        segmentDurationSeconds: 0
                        playlistWindowSeconds: 86401
                        programDateTimeIntervalSeconds: 3601
                        streamSelection: {minVideoBitsPerSecond: 2000, maxVideoBitsPerSecond: 1000}
                      startoverWindowSeconds: -1
                      timeDelaySeconds: 4
                      whitelist: ['10.0.0.0/8', 'junk', '10.0.0.0/33']
                  - metadata: {namespace: live, name: hls}
                    spec:
                      channelName: news
                      manifestName: '_index'
                  - metadata: {namespace: live, name: dash}
                    spec:
                      channelName: news
                      dashPackage: {}
                  - metadata: {namespace: other, name: two}
                    spec:
                      channelName: news
                      hlsPackage: {segmentDurationSeconds: 31, playlistWindowSeconds: 0, programDateTimeIntervalSeconds: -1}
                      cmafPackage: {}
                      startoverWindowSeconds: 1209601
                      timeDelaySeconds: 86401
                  - null
                """)).containsExactly(
                "originEndpoints[1].metadata.name: must be a DNS label (lowercase letters, digits and '-', at most 63), got 'Bad_Name'",
                "originEndpoints[1].spec.channelName: no channel 'nowhere' in namespace live",
                "originEndpoints[1].spec.manifestName: letters, digits, '_' and '-', up to 64 characters",
                "originEndpoints[1].spec.hlsPackage.segmentDurationSeconds: must be between 1 and 30",
                "originEndpoints[1].spec.hlsPackage.playlistWindowSeconds: must be between 1 and 86400",
                "originEndpoints[1].spec.hlsPackage.programDateTimeIntervalSeconds: must be between 0 and 3600",
                "originEndpoints[1].spec.hlsPackage.streamSelection: need 0 <= minVideoBitsPerSecond <= maxVideoBitsPerSecond",
                "originEndpoints[1].spec.startoverWindowSeconds: must be between 0 and 1209600 (14 days)",
                "originEndpoints[1].spec.timeDelaySeconds: must be between 5 and 86400",
                "originEndpoints[1].spec.whitelist[1]: not an IPv4 CIDR block: 'junk' (e.g. 203.0.113.0/24)",
                "originEndpoints[1].spec.whitelist[2]: not an IPv4 CIDR block: '10.0.0.0/33' (prefix 33 > 32)",
                "originEndpoints[2].metadata.name: duplicate endpoint hls on channel news",
                "originEndpoints[2].spec.manifestName: letters, digits, '_' and '-', up to 64 characters",
                "originEndpoints[2].spec: exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage is required",
                "originEndpoints[4].spec.channelName: no channel 'news' in namespace other",
                "originEndpoints[4].spec: exactly one of hlsPackage, cmafPackage, dashPackage, mssPackage is required",
                "originEndpoints[4].spec.startoverWindowSeconds: must be between 0 and 1209600 (14 days)",
                "originEndpoints[4].spec.timeDelaySeconds: must be between 5 and 86400",
                "originEndpoints[5]: metadata and spec are required");
    }

    @Test
    void cmafPackageRules() {
        assertThat(problems(VALID + """
                  - metadata: {namespace: live, name: cmaf-empty}
                    spec:
                      channelName: news
                      cmafPackage: {}
                  - metadata: {namespace: live, name: cmaf-bad}
                    spec:
                      channelName: news
                      cmafPackage:
                        segmentDurationSeconds: 0
                        segmentPrefix: 'a/b'
                        streamSelection: {minVideoBitsPerSecond: -1}
                        hlsManifests:
                          - {id: main, manifestName: 'x.m3u8', playlistWindowSeconds: 0, programDateTimeIntervalSeconds: 3601}
                          - {id: main}
                          - {id: seg}
                          - {manifestName: index}
                          - {id: 'a/b'}
                  - metadata: {namespace: live, name: mss}
                    spec:
                      channelName: news
                      mssPackage: {manifestWindowSeconds: 0, segmentDurationSeconds: 31,
                                   streamSelection: {minVideoBitsPerSecond: 5, maxVideoBitsPerSecond: 1}}
                """)).containsExactly(
                "originEndpoints[1].spec.cmafPackage.hlsManifests: at least one HLS manifest is required",
                "originEndpoints[2].spec.cmafPackage.segmentDurationSeconds: must be between 1 and 30",
                "originEndpoints[2].spec.cmafPackage.segmentPrefix: letters, digits, '_' and '-', up to 64 characters",
                "originEndpoints[2].spec.cmafPackage.streamSelection: need 0 <= minVideoBitsPerSecond <= maxVideoBitsPerSecond",
                "originEndpoints[2].spec.cmafPackage.hlsManifests[0].manifestName: letters, digits, '_' and '-', up to 64 characters",
                "originEndpoints[2].spec.cmafPackage.hlsManifests[0].playlistWindowSeconds: must be between 1 and 86400",
                "originEndpoints[2].spec.cmafPackage.hlsManifests[0].programDateTimeIntervalSeconds: must be between 0 and 3600",
                "originEndpoints[2].spec.cmafPackage.hlsManifests[1].id: duplicate HLS manifest id main",
                "originEndpoints[2].spec.cmafPackage.hlsManifests[2].id: 'seg' is reserved (the endpoint's segment folder)",
                "originEndpoints[2].spec.cmafPackage.hlsManifests[3].id: required; letters, digits, '_' and '-', up to 64 characters, got 'null'",
                "originEndpoints[2].spec.cmafPackage.hlsManifests[4].id: required; letters, digits, '_' and '-', up to 64 characters, got 'a/b'",
                "originEndpoints[3].spec.mssPackage.manifestWindowSeconds: must be between 1 and 86400",
                "originEndpoints[3].spec.mssPackage.segmentDurationSeconds: must be between 1 and 30",
                "originEndpoints[3].spec.mssPackage.streamSelection: need 0 <= minVideoBitsPerSecond <= maxVideoBitsPerSecond");
        PackagerConfig ok = ConfigLoader.parse(VALID + """
                  - metadata: {namespace: live, name: cmaf}
                    spec:
                      channelName: news
                      cmafPackage:
                        segmentPrefix: news_seg
                        hlsManifests: [{id: main}, {id: Alt_2, manifestName: alt, playlistWindowSeconds: 30}]
                """);
        var cmaf = ok.originEndpoints.get(1).spec.cmafPackage;
        assertThat(cmaf.hlsManifests).extracting(m -> m.id).containsExactly("main", "Alt_2");
        assertThat(CmafDefaults.playlistWindowSeconds(cmaf.hlsManifests.get(0))).isEqualTo(60);
        assertThat(CmafDefaults.playlistWindowSeconds(cmaf.hlsManifests.get(1))).isEqualTo(30);
        assertThat(CmafDefaults.segmentDurationSeconds(cmaf)).isEqualTo(6);
    }

    @Test
    void mssPackageDefaultsAndEncryptionNotInEffect() {
        PackagerConfig ok = ConfigLoader.parse(VALID + """
                  - metadata: {namespace: live, name: mss}
                    spec:
                      channelName: news
                      mssPackage:
                        encryption: {spekeKeyProvider: {resourceId: r, systemIds: [9a04f079-9840-4286-ab92-e65be0885f95], url: 'https://speke.example/'}}
                """);
        var mss = ok.originEndpoints.get(1).spec.mssPackage;
        assertThat(MssDefaults.manifestWindowSeconds(mss)).isEqualTo(60);
        assertThat(MssDefaults.segmentDurationSeconds(mss)).isEqualTo(2);
        assertThat(MssDefaults.notInEffect(mss)).contains("encryption", "NOT encrypted").doesNotContain("segmentDuration");
    }

    @Test
    void dashPackageRulesAndDefaults() {
        assertThat(problems(VALID + """
                  - metadata: {namespace: live, name: dash-bad}
                    spec:
                      channelName: news
                      dashPackage:
                        manifestWindowSeconds: 0
                        minBufferTimeSeconds: 3601
                        minUpdatePeriodSeconds: 0
                        suggestedPresentationDelaySeconds: -1
                        segmentDurationSeconds: 31
                        utcTimingUri: 'not a url'
                """)).containsExactly(
                "originEndpoints[1].spec.dashPackage.manifestWindowSeconds: must be between 1 and 86400",
                "originEndpoints[1].spec.dashPackage.minBufferTimeSeconds: must be between 0 and 3600",
                "originEndpoints[1].spec.dashPackage.minUpdatePeriodSeconds: must be between 1 and 3600",
                "originEndpoints[1].spec.dashPackage.suggestedPresentationDelaySeconds: must be between 0 and 3600",
                "originEndpoints[1].spec.dashPackage.segmentDurationSeconds: must be between 1 and 30",
                "originEndpoints[1].spec.dashPackage.utcTimingUri: an http(s) URL");
        PackagerConfig ok = ConfigLoader.parse(VALID + """
                  - metadata: {namespace: live, name: dash}
                    spec:
                      channelName: news
                      dashPackage: {profile: DVB_DASH_2014, utcTiming: HTTP-XSDATE, utcTimingUri: 'https://time.example/iso'}
                """);
        var dash = ok.originEndpoints.get(1).spec.dashPackage;
        assertThat(DashDefaults.manifestWindowSeconds(dash)).isEqualTo(60);
        assertThat(DashDefaults.minBufferTimeSeconds(dash)).isEqualTo(30);
        assertThat(DashDefaults.minUpdatePeriodSeconds(dash)).isEqualTo(15);
        assertThat(DashDefaults.suggestedPresentationDelaySeconds(dash)).isEqualTo(25);
        assertThat(DashDefaults.segmentTemplateFormat(dash)).isEqualTo(DashPackageSpec.SegmentTemplateFormat.NUMBER_WITH_TIMELINE);
        assertThat(DashDefaults.profile(dash)).isEqualTo(DashPackageSpec.Profile.DVB_DASH_2014);
        assertThat(DashDefaults.utcTiming(dash)).isEqualTo(DashPackageSpec.UtcTiming.HTTP_XSDATE);
        assertThat(DashDefaults.utcTiming(new DashPackageSpec())).isEqualTo(DashPackageSpec.UtcTiming.HTTP_ISO);
    }

    @Test
    void manifestNameLimits() {
        ConfigLoader.parse(VALID.replace("channelName: news", "channelName: news\n      manifestName: " + "a".repeat(64)));
        assertThat(problems(VALID.replace("channelName: news", "channelName: news\n      manifestName: " + "a".repeat(65))))
                .containsExactly("originEndpoints[0].spec.manifestName: letters, digits, '_' and '-', up to 64 characters");
        ConfigLoader.parse(VALID.replace("channelName: news", "channelName: news\n      manifestName: Live_2-HD"));
    }

    @Test
    void problemsOfAllSectionsAreCollectedAtOnce() {
        List<String> p = problems("""
                server: {playbackPort: 70000}
                storage: {type: redis}
                channels:
                  - metadata: {name: NEWS}
                    spec: {ingestEndpoints: [{id: a, username: u, password: x}]}
                originEndpoints:
                  - metadata: {name: hls}
                    spec: {channelName: news, hlsPackage: {segmentDurationSeconds: 0}}
                """);
        assertThat(p).hasSize(6);
        assertThat(p).anyMatch(s -> s.startsWith("server.playbackPort"))
                .anyMatch(s -> s.startsWith("storage.redis"))
                .anyMatch(s -> s.startsWith("channels[0].metadata.name"))
                .anyMatch(s -> s.startsWith("channels[0].spec.ingestEndpoints[0].password"))
                .anyMatch(s -> s.startsWith("originEndpoints[0].spec.channelName"))
                .anyMatch(s -> s.startsWith("originEndpoints[0].spec.hlsPackage.segmentDurationSeconds"));
    }

    @Test
    void unknownFieldsAreRejectedWithTheirPath() {
        assertThat(problems("server: {playbackPrt: 8080}")).containsExactly("server.playbackPrt: unknown field 'playbackPrt'");
        assertThat(problems("chanels: []")).containsExactly("chanels: unknown field 'chanels'");
        assertThat(problems(VALID.replace("hlsPackage: {}", "hlsPackage: {segmentDuration: 2}")))
                .containsExactly("originEndpoints[0].spec.hlsPackage.segmentDuration: unknown field 'segmentDuration'");
        assertThat(problems(VALID.replace("password: password-1}", "password: password-1, pasword: x}")))
                .containsExactly("channels[0].spec.ingestEndpoints[0].pasword: unknown field 'pasword'");
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine() {
        List<String> p = problems("""
                server:
                  playbackPort: 8080
                channels: [
                  {metadata: {name: a}
                originEndpoints: []
                """);
        assertThat(p).singleElement().asString().startsWith("line 4: ");
        assertThat(problems("server:\n  playbackPort: 8080\n  host: a: b\n")).singleElement().asString().startsWith("line 3: ");
    }

    @Test
    void wrongTypesGiveTheLine() {
        assertThat(problems("server:\n  playbackPort: eighty\n")).singleElement().asString().startsWith("line 2: ");
        assertThat(problems("storage: {type: postgres}\n")).singleElement().asString().startsWith("line 1: ");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThat(problems("server:\n  playbackPort: 1\n  playbackPort: 2\n")).singleElement().asString().startsWith("line ");
    }

    @Test
    void emptySectionsKeepTheirDefaults(@TempDir Path dir) throws Exception {
        // a section whose content is all commented out is YAML null
        PackagerConfig c = ConfigLoader.parse("server:\n  # playbackPort: 1\nstorage:\ncache:\nchannels:\noriginEndpoints:\n");
        assertThat(c.server.playbackPort).isEqualTo(8080);
        assertThat(c.storage.type).isEqualTo(PackagerConfig.Storage.Type.memory);
        assertThat(c.cache.segmentBytes).isEqualTo(256L * 1024 * 1024);
        assertThat(c.channels).isEmpty();
        assertThat(c.originEndpoints).isEmpty();
        Path f = Files.writeString(dir.resolve("c.yaml"), "# nothing yet\n");
        assertThat(ConfigLoader.load(f).channels).isEmpty();
    }
}
