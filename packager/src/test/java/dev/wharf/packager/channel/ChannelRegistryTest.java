package dev.wharf.packager.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.packager.config.ConfigException;
import dev.wharf.packager.config.ConfigLoader;
import dev.wharf.packager.store.ChannelKey;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelRegistryTest {

    private static final String CHANNEL = """
            channels:
              - metadata: {namespace: live, name: news}
                spec:
                  ingestEndpoints:
                    - {id: primary, username: enc, password: password-1}
            %s
            originEndpoints:
            %s
            """;

    private static ChannelRegistry registry(String channelExtra, String endpoints) {
        return ChannelRegistry.of(ConfigLoader.parse(CHANNEL.formatted(channelExtra, endpoints)));
    }

    private static Duration retention(String channelExtra, String endpoints) {
        return registry(channelExtra, endpoints).channel("live", "news").orElseThrow().retention();
    }

    private static String hls(String name, int windowSeconds, String extra) {
        return """
                  - metadata: {namespace: live, name: %s}
                    spec:
                      channelName: news
                      hlsPackage: {playlistWindowSeconds: %d}
                      %s
                """.formatted(name, windowSeconds, extra);
    }

    @Test
    void retentionIsAtLeastAMinute() {
        assertThat(retention("", "  []")).isEqualTo(Duration.ofSeconds(60));
        assertThat(retention("", hls("hls", 10, ""))).isEqualTo(Duration.ofSeconds(60)); // 4 x 10 s < 60 s
    }

    @Test
    void retentionCoversFourPlaylistWindows() {
        assertThat(retention("", hls("hls", 60, ""))).isEqualTo(Duration.ofSeconds(240));
        assertThat(retention("", hls("a", 20, "") + hls("b", 90, ""))).isEqualTo(Duration.ofSeconds(360));
    }

    @Test
    void retentionAddsTheTimeDelayToFourPlaylistWindows() {
        assertThat(retention("", hls("hls", 30, "timeDelaySeconds: 60"))).isEqualTo(Duration.ofSeconds(4 * 30 + 60));
        assertThat(retention("", hls("hls", 60, "timeDelaySeconds: 86400"))).isEqualTo(Duration.ofSeconds(4 * 60 + 86_400));
    }

    @Test
    void retentionCoversTheLargestStartoverWindow() {
        assertThat(retention("", hls("a", 60, "startoverWindowSeconds: 3600") + hls("b", 60, "startoverWindowSeconds: 7200")))
                .isEqualTo(Duration.ofSeconds(7200));
        assertThat(retention("", hls("a", 60, "startoverWindowSeconds: 0"))).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void explicitRetentionWins() {
        assertThat(retention("      retentionSeconds: 90", hls("a", 60, "startoverWindowSeconds: 7200")))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(retention("      retentionSeconds: 86400", hls("a", 6, ""))).isEqualTo(Duration.ofSeconds(86_400));
    }

    @Test
    void endpointsOfOtherChannelsAndNamespacesDoNotCount() {
        String config = """
                channels:
                  - metadata: {namespace: live, name: news}
                    spec: {ingestEndpoints: [{id: primary, username: enc, password: password-1}]}
                  - metadata: {namespace: live, name: sports}
                    spec: {ingestEndpoints: [{id: primary, username: enc, password: password-1}]}
                  - metadata: {namespace: test, name: news}
                    spec: {ingestEndpoints: [{id: primary, username: enc, password: password-1}]}
                originEndpoints:
                  - metadata: {namespace: live, name: hls}
                    spec: {channelName: sports, hlsPackage: {playlistWindowSeconds: 600}}
                  - metadata: {namespace: test, name: hls}
                    spec: {channelName: news, hlsPackage: {playlistWindowSeconds: 300}, whitelist: ['10.0.0.0/8']}
                """;
        ChannelRegistry r = ChannelRegistry.of(ConfigLoader.parse(config));
        assertThat(r.channels()).hasSize(3);
        Channel liveNews = r.channel("live", "news").orElseThrow();
        assertThat(liveNews.retention()).isEqualTo(Duration.ofSeconds(60));
        assertThat(liveNews.endpoints()).isEmpty();
        assertThat(r.channel("live", "sports").orElseThrow().retention()).isEqualTo(Duration.ofSeconds(2400));
        Channel testNews = r.channel(new ChannelKey("test", "news")).orElseThrow();
        assertThat(testNews.retention()).isEqualTo(Duration.ofSeconds(1200));
        Endpoint ep = testNews.endpoint("hls").orElseThrow();
        assertThat(ep.channel()).isEqualTo(new ChannelKey("test", "news"));
        assertThat(ep.allows(InetAddress.getLoopbackAddress())).isFalse();
        assertThat(r.channel("live", "nope")).isEmpty();
    }

    @Test
    void inputsCarryTheirCredentials() {
        Channel ch = registry("", "  []").channel("live", "news").orElseThrow();
        Input in = ch.input("primary").orElseThrow();
        assertThat(in.username()).isEqualTo("enc");
        assertThat(in.password()).containsExactly("password-1".toCharArray());
        assertThat(in.toString()).doesNotContain("password-1");
        assertThat(ch.input("secondary")).isEmpty();
    }

    @Test
    void passwordFileIsReadAndStripped(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "  s3cret-password\r\n\n");
        ChannelRegistry r = ChannelRegistry.of(ConfigLoader.parse("""
                channels:
                  - metadata: {name: news}
                    spec: {ingestEndpoints: [{id: primary, username: enc, passwordFile: '%s'}]}
                """.formatted(file)));
        assertThat(r.channel("default", "news").orElseThrow().input("primary").orElseThrow().password())
                .containsExactly("s3cret-password".toCharArray());
    }

    @Test
    void passwordFileProblems(@TempDir Path dir) throws Exception {
        Path shortFile = Files.writeString(dir.resolve("short"), "1234567\n");
        Path missing = dir.resolve("missing");
        var config = ConfigLoader.parse("""
                channels:
                  - metadata: {name: news}
                    spec:
                      ingestEndpoints:
                        - {id: a, username: enc, passwordFile: '%s'}
                        - {id: b, username: enc, passwordFile: '%s'}
                """.formatted(shortFile, missing));
        assertThatThrownBy(() -> ChannelRegistry.of(config))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.problems().get(0))
                            .isEqualTo("ingest endpoint a: password in " + shortFile + " has fewer than 8 characters");
                    assertThat(e.problems().get(1))
                            .startsWith("ingest endpoint b: cannot read passwordFile " + missing + ": ");
                });
    }

    @Test
    void aFailedUpdateKeepsThePreviousSnapshot(@TempDir Path dir) {
        ChannelRegistry r = registry("", "  []");
        var bad = ConfigLoader.parse("""
                channels:
                  - metadata: {name: other}
                    spec: {ingestEndpoints: [{id: a, username: enc, passwordFile: '%s'}]}
                """.formatted(dir.resolve("missing")));
        assertThatThrownBy(() -> r.update(bad)).isInstanceOf(ConfigException.class);
        assertThat(r.channel("live", "news")).isPresent();
        assertThat(r.channel("default", "other")).isEmpty();
    }
}
