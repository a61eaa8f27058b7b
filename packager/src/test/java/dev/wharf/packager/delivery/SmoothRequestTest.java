package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmoothRequestTest {

    static SmoothRequest parse(String path) {
        return SmoothRequest.parse("index", path.split("/", -1));
    }

    @Test
    void manifestAndFragments() {
        assertThat(parse("index.ism/Manifest")).isEqualTo(new SmoothRequest.Manifest());
        assertThat(parse("index.ism/QualityLevels(818000)/Fragments(video=14000000)"))
                .isEqualTo(new SmoothRequest.Fragment(818_000, "video", 14_000_000, false));
        assertThat(parse("index.ism/QualityLevels(67000)/FragmentInfo(audio=0)"))
                .isEqualTo(new SmoothRequest.Fragment(67_000, "audio", 0, true));
        assertThat(parse("index.ism/QualityLevels%28818000%29/Fragments%28video%3D14000000%29"))
                .isEqualTo(new SmoothRequest.Fragment(818_000, "video", 14_000_000, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"index.ism", "index.ism/manifest", "other.ism/Manifest", "index/Manifest",
            "index.ism/Manifest/x", "index.ism/QualityLevels(1)", "index.ism/QualityLevels(x)/Fragments(video=1)",
            "index.ism/QualityLevels(1)/Fragments(video=-1)", "index.ism/QualityLevels(1)/Fragments(video)",
            "index.ism/QualityLevels(1)/Fragments(video=99999999999999999999)",
            "index.ism/QualityLevels(1)/Fragments(video=9999999999999999999)",
            "index.ism/QualityLevels(1)/Fragments(vi/deo=1)", "index.ism/QualityLevels(1)/Fragment(video=1)"})
    void malformedPathsAreNotOurs(String path) {
        assertThat(parse(path)).isNull();
    }
}
