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
    void plainHlsEndpointIsServedWithEverythingInEffect() {
        var e = Fixtures.endpoint("endpoint-hls.yaml");
        assertThat(e.getSpec().hlsPackage.streamSelection.streamOrder.name()).isEqualTo("VIDEO_BITRATE_DESCENDING");
        assertThat(e.getSpec().whitelist).containsExactly("203.0.113.0/24", "198.51.100.7");
        EndpointModel m = EndpointModel.of(e);
        assertThat(m.format()).isEqualTo("HLS");
        assertThat(m.served()).isTrue();
        // segmentDurationSeconds re-segments the output (OutputSegmentation): in effect
        assertThat(m.notYetInEffect()).isEmpty();
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
                .anyMatch(s -> s.startsWith("hlsPackage.useAudioRenditionGroup"))
                .anyMatch(s -> s.startsWith("timeDelaySeconds"))
                .anyMatch(s -> s.startsWith("startoverWindowSeconds"))
                .noneMatch(s -> s.startsWith("authorization")) // CDN authorization: in effect
                .noneMatch(s -> s.startsWith("hlsPackage.includeIframeOnlyStream"))
                .noneMatch(s -> s.startsWith("hlsPackage.segmentDurationSeconds"));
    }

    @Test
    void cdnAuthorizationNeedsItsSecretAndNeverTheValueItself() {
        var e = Fixtures.endpoint("endpoint-hls-future-fields.yaml");
        assertThat(EndpointModel.of(e).problems()).isEmpty();
        e.getSpec().authorization.cdnIdentifier = "0123456789";
        assertThat(EndpointModel.of(e).problems()).singleElement().asString()
                .contains("do not set cdnIdentifier or cdnIdentifierFile").doesNotContain("0123456789");
        e.getSpec().authorization.cdnIdentifier = null;
        e.getSpec().authorization.cdnIdentifierSecret.key = " ";
        assertThat(EndpointModel.of(e).problems()).singleElement().asString().contains("cdnIdentifierSecret");
        assertThat(EndpointModel.of(e).served()).isFalse();
    }

    @Test
    void cmafAndDashAreServedAndListOnlyWhatThePackagerDoesNotApply() {
        EndpointModel cmaf = EndpointModel.of(Fixtures.endpoint("endpoint-cmaf.yaml"));
        assertThat(cmaf.valid()).isTrue();
        assertThat(cmaf.served()).isTrue();
        assertThat(cmaf.format()).isEqualTo("CMAF");
        // The fixture sets segmentDurationSeconds: 4, which the packager applies (joined fragments).
        assertThat(cmaf.notYetInEffect()).isEmpty();
        var iframes = Fixtures.endpoint("endpoint-cmaf.yaml");
        iframes.getSpec().cmafPackage.hlsManifests.getFirst().includeIframeOnlyStream = true; // CmafIframes: in effect
        assertThat(EndpointModel.of(iframes).notYetInEffect()).isEmpty();
        var passthrough = Fixtures.endpoint("endpoint-cmaf.yaml");
        passthrough.getSpec().cmafPackage.hlsManifests.getFirst().adMarkers = HlsPackageSpec.AdMarkers.PASSTHROUGH;
        assertThat(EndpointModel.of(passthrough).notYetInEffect()).as("adMarkers PASSTHROUGH: in effect").isEmpty();
        passthrough.getSpec().cmafPackage.hlsManifests.getFirst().adMarkers = HlsPackageSpec.AdMarkers.SCTE35_ENHANCED;
        assertThat(EndpointModel.of(passthrough).notYetInEffect())
                .containsExactly("spec.cmafPackage.hlsManifests[0].adMarkers=SCTE35_ENHANCED (NONE and PASSTHROUGH are in effect)");
        var hls = Fixtures.endpoint("endpoint-hls.yaml");
        hls.getSpec().hlsPackage.adMarkers = HlsPackageSpec.AdMarkers.PASSTHROUGH;
        assertThat(EndpointModel.of(hls).notYetInEffect()).isEmpty();

        var dash = Fixtures.endpoint("endpoint-dash.yaml");
        assertThat(dash.getSpec().dashPackage.utcTiming).isEqualTo(DashPackageSpec.UtcTiming.HTTP_ISO);
        EndpointModel d = EndpointModel.of(dash);
        assertThat(d.format()).isEqualTo("DASH");
        assertThat(d.served()).isTrue();
        // manifestWindowSeconds, segmentTemplateFormat and utcTiming(Uri) are applied; ADS Periods are not.
        assertThat(d.notYetInEffect()).singleElement().asString().startsWith("spec.dashPackage.periodTriggers");

        var plain = Fixtures.endpoint("endpoint-dash.yaml");
        plain.getSpec().dashPackage.periodTriggers.clear();
        plain.getSpec().dashPackage.segmentDurationSeconds = 6; // joined DASH segments (DashResegmenter): in effect
        assertThat(EndpointModel.of(plain).notYetInEffect()).isEmpty();
        plain.getSpec().dashPackage.encryption = new EncryptionSpec();
        plain.getSpec().dashPackage.profile = DashPackageSpec.Profile.HBBTV_1_5;
        assertThat(EndpointModel.of(plain).notYetInEffect()).anyMatch(s -> s.startsWith("spec.dashPackage.encryption"))
                .anyMatch(s -> s.startsWith("spec.dashPackage.profile=HBBTV_1_5"));
        plain.getSpec().dashPackage.profile = DashPackageSpec.Profile.DVB_DASH_2014;
        assertThat(EndpointModel.of(plain).notYetInEffect()).noneMatch(s -> s.contains("profile"));
    }

    @Test
    void dashDelayBelowTheUpdatePeriodIsValidButAdvisedAgainst() {
        var dash = Fixtures.endpoint("endpoint-dash.yaml");
        assertThat(EndpointModel.of(dash).advice()).as("MediaPackage's defaults: 25 s delay, 15 s updates").isEmpty();
        dash.getSpec().dashPackage.suggestedPresentationDelaySeconds = 6;
        EndpointModel m = EndpointModel.of(dash);
        assertThat(m.valid()).isTrue();
        assertThat(m.advice()).singleElement().asString()
                .startsWith("spec.dashPackage.suggestedPresentationDelaySeconds (6) is below minUpdatePeriodSeconds (15)");
        dash.getSpec().dashPackage.minUpdatePeriodSeconds = 2; // the player matrix's DASH endpoint: no stall
        assertThat(EndpointModel.of(dash).advice()).isEmpty();
        dash.getSpec().dashPackage.suggestedPresentationDelaySeconds = null;
        dash.getSpec().dashPackage.minUpdatePeriodSeconds = 30; // above the default delay
        assertThat(EndpointModel.of(dash).advice()).singleElement().asString().contains("(25) is below minUpdatePeriodSeconds (30)");
    }

    @Test
    void mssIsValidatedAndServedOnceThePackagerDoes() {
        EndpointModel mss = EndpointModel.of(Fixtures.endpoint("endpoint-mss.yaml"));
        assertThat(mss.valid()).isTrue();
        assertThat(mss.format()).isEqualTo("MSS");
        boolean served = EndpointModel.SERVED_FORMATS.contains("MSS");
        assertThat(mss.served()).isEqualTo(served);
        if (served) {
            // segmentDurationSeconds is applied (joined Smooth fragments): nothing to report
            assertThat(mss.notYetInEffect()).isEmpty();
        } else {
            assertThat(mss.notYetInEffect()).containsExactly("mssPackage");
        }
    }

    @Test
    void cmafEndpointsTheWholePackagerConfigurationWouldFailOnAreInvalid() {
        var e = Fixtures.endpoint("endpoint-cmaf.yaml");
        var seg = new dev.wharf.api.v1.CmafHlsManifestSpec();
        seg.id = "seg";
        var dup = new dev.wharf.api.v1.CmafHlsManifestSpec();
        dup.id = "main";
        e.getSpec().cmafPackage.hlsManifests.add(seg);
        e.getSpec().cmafPackage.hlsManifests.add(dup);
        EndpointModel m = EndpointModel.of(e);
        assertThat(m.served()).isFalse();
        assertThat(m.problems()).anyMatch(p -> p.contains("hlsManifests[1].id: 'seg' is reserved"))
                .anyMatch(p -> p.contains("hlsManifests[2].id: duplicate HLS manifest id main"));
        var d = Fixtures.endpoint("endpoint-dash.yaml");
        d.getSpec().dashPackage.utcTimingUri = "ftp://time";
        d.getSpec().dashPackage.minUpdatePeriodSeconds = 0;
        assertThat(EndpointModel.of(d).problems()).anyMatch(p -> p.contains("utcTimingUri"))
                .anyMatch(p -> p.contains("minUpdatePeriodSeconds: must be between 1 and 3600"));
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
        assertThat(Names.playbackUrls(c, Fixtures.endpoint("endpoint-mss.yaml")))
                .containsExactly("https://play.example/out/v1/live/news/mss/index.ism/Manifest");
        var cmaf = Fixtures.endpoint("endpoint-cmaf.yaml");
        var second = new dev.wharf.api.v1.CmafHlsManifestSpec();
        second.id = "tv";
        cmaf.getSpec().cmafPackage.hlsManifests.add(second);
        cmaf.getSpec().manifestName = "live";
        assertThat(Names.playbackUrls(c, cmaf)).as("one per HLS manifest; the endpoint's manifestName by default").containsExactly(
                "https://play.example/out/v1/live/news/cmaf/main/master.m3u8", "https://play.example/out/v1/live/news/cmaf/tv/live.m3u8");
        assertThat(Names.ingestUrl(c, "live", "news", "primary")).isEqualTo("https://in.example/in/v2/live/news/primary/channel");
    }
}
