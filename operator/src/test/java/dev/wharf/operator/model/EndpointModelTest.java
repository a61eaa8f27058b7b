package dev.wharf.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.api.v1.EncryptionSpec;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.operator.Fixtures;
import org.junit.jupiter.api.Test;

/** Fixture deserialization (Keycloak CRSerializationTest) and the operator's reading of each endpoint. */
class EndpointModelTest {
    @Test
    void plainHlsEndpointIsServedWithOnlySegmentDurationNotInEffect() {
        var e = Fixtures.endpoint("endpoint-hls.yaml");
        assertThat(e.getSpec().hlsPackage.streamSelection.streamOrder.name()).isEqualTo("VIDEO_BITRATE_DESCENDING");
        assertThat(e.getSpec().whitelist).containsExactly("203.0.113.0/24", "198.51.100.7");
        EndpointModel m = EndpointModel.of(e);
        assertThat(m.format()).isEqualTo("HLS");
        assertThat(m.served()).isTrue();
        assertThat(m.notYetInEffect()).singleElement().asString().startsWith("hlsPackage.segmentDurationSeconds");
    }

    @Test
    void futureFieldsAreAcceptedAndListed() {
        var e = Fixtures.endpoint("endpoint-hls-future-fields.yaml");
        assertThat(e.getSpec().hlsPackage.encryption.encryptionMethod).isEqualTo(EncryptionSpec.EncryptionMethod.SAMPLE_AES);
        assertThat(e.getSpec().hlsPackage.adMarkers).isEqualTo(HlsPackageSpec.AdMarkers.DATERANGE);
        assertThat(e.getSpec().authorization.cdnIdentifierSecret.key).isEqualTo("id");
        EndpointModel m = EndpointModel.of(e);
        assertThat(m.served()).isTrue();
        assertThat(m.notYetInEffect()).anyMatch(s -> s.startsWith("hlsPackage.encryption"))
                .anyMatch(s -> s.startsWith("hlsPackage.adMarkers=DATERANGE"))
                .anyMatch(s -> s.startsWith("hlsPackage.includeIframeOnlyStream"))
                .anyMatch(s -> s.startsWith("hlsPackage.useAudioRenditionGroup"))
                .anyMatch(s -> s.startsWith("timeDelaySeconds"))
                .anyMatch(s -> s.startsWith("startoverWindowSeconds"))
                .anyMatch(s -> s.startsWith("authorization"));
    }

    @Test
    void cmafAndDashAreValidatedButNotServedYet() {
        EndpointModel cmaf = EndpointModel.of(Fixtures.endpoint("endpoint-cmaf.yaml"));
        assertThat(cmaf.valid()).isTrue();
        assertThat(cmaf.served()).isFalse();
        assertThat(cmaf.notYetInEffect()).contains("cmafPackage");
        var dash = Fixtures.endpoint("endpoint-dash.yaml");
        assertThat(dash.getSpec().dashPackage.utcTiming).isEqualTo(DashPackageSpec.UtcTiming.HTTP_ISO);
        assertThat(EndpointModel.of(dash).format()).isEqualTo("DASH");
    }

    @Test
    void invalidEndpointListsEveryProblem() {
        EndpointModel m = EndpointModel.of(Fixtures.endpoint("endpoint-invalid.yaml"));
        assertThat(m.served()).isFalse();
        assertThat(m.problems()).anyMatch(p -> p.contains("exactly one of")).anyMatch(p -> p.contains("not-a-cidr"));
    }

    @Test
    void urlsFollowTheDesignedShapes() {
        OperatorConfig c = OperatorConfig.from(java.util.Map.of("WHARF_PLAYBACK_HOST", "play.example", "WHARF_INGEST_HOST", "in.example",
                "WHARF_TLS_SECRET", "tls")::get);
        assertThat(Names.playbackUrl(c, Fixtures.endpoint("endpoint-hls.yaml"))).isEqualTo("https://play.example/out/v1/live/news/hls/index.m3u8");
        assertThat(Names.playbackUrl(c, Fixtures.endpoint("endpoint-dash.yaml"))).isEqualTo("https://play.example/out/v1/live/news/dash/index.mpd");
        assertThat(Names.ingestUrl(c, "live", "news", "primary")).isEqualTo("https://in.example/in/v2/live/news/primary/channel");
    }
}
