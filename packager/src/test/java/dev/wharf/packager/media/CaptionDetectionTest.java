package dev.wharf.packager.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link TsProbe} finds the CEA-608/708 captions of the video SEI (fixture made by {@code CaptionFixtureIT}). */
class CaptionDetectionTest {

    @Test
    void theCaptionedFixtureHasCc1Cc3AndService1() {
        TsProbeResult r = TsProbe.probe(TsFixtures.load("h264_cea608_708.ts"));
        assertThat(r.valid()).isTrue();
        assertThat(r.captions()).isEqualTo(new ClosedCaptions(List.of(1, 3), List.of(1)));
        assertThat(r.captions().present()).isTrue();
    }

    @Test
    void aSegmentCutAfterTheFirstPicturesStillShowsThem() {
        byte[] ts = TsFixtures.load("h264_cea608_708.ts");
        // the first 40 packets: PAT, PMT and the first pictures
        TsProbeResult r = TsProbe.probe(ts, 0, 188 * 40);
        assertThat(r.captions().cea608Channels()).contains(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h264_main_640x360_30_aac_48k_stereo.ts", "h264_high_1920x1080i25.ts", "hevc_main_640x360_30.ts",
            "aac_only_44k_stereo.ts"})
    void streamsWithoutCaptionsHaveNone(String fixture) {
        assertThat(TsProbe.probe(TsFixtures.load(fixture)).captions()).isEqualTo(ClosedCaptions.NONE);
    }
}
