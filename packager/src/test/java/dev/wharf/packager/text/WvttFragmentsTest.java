package dev.wharf.packager.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.testing.GoldenFiles;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class WvttFragmentsTest {
    static final String VTT = """
            WEBVTT
            X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000

            a
            00:00:00.500 --> 00:00:01.500 line:0
            first

            00:00:01.000 --> 00:00:01.250
            second

            00:00:01.900 --> 00:00:03.000
            crosses the end
            """;

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cueBoundariesCutTheFragmentIntoSamplesWithoutGaps() {
        // fragment [10 s, 12 s) on the 90 kHz line: MPEGTS 900000 is 10 s
        byte[] fragment = WvttFragments.fragment(b(VTT), 7, 900_000, 1_080_000, "eng");
        List<WvttReader.Sample> s = WvttReader.read(fragment);
        assertThat(s).extracting(WvttReader.Sample::start).containsExactly(900_000L, 945_000L, 990_000L, 1_012_500L,
                1_035_000L, 1_071_000L);
        assertThat(s.getLast().start() + s.getLast().duration()).isEqualTo(1_080_000L);
        assertThat(s.get(0).empty()).isTrue();
        assertThat(s.get(1).cues()).containsExactly(new WvttReader.Cue("first", "line:0", "a"));
        assertThat(s.get(2).cues()).containsExactly(new WvttReader.Cue("first", "line:0", "a"),
                new WvttReader.Cue("second", null, null));
        assertThat(s.get(3).cues()).extracting(WvttReader.Cue::payload).containsExactly("first");
        assertThat(s.get(4).empty()).isTrue();
        // clipped at the fragment's end: the next fragment carries the rest
        assertThat(s.get(5).cues()).extracting(WvttReader.Cue::payload).containsExactly("crosses the end");
        assertThat(s.get(5).duration()).isEqualTo(9_000);
        GoldenFiles.assertMatches("mp4/fragment-wvtt.hex", HexFormat.of().formatHex(fragment) + "\n");
    }

    @Test
    void aSegmentWithoutCuesIsOneEmptySample() {
        List<WvttReader.Sample> s = WvttReader.read(WvttFragments.fragment(b("WEBVTT\n\n"), 1, 126_000, 306_000, null));
        assertThat(s).containsExactly(new WvttReader.Sample(126_000, 180_000, List.of(), true));
    }

    @Test
    void withoutATimestampMapFfmpegsOffsetApplies() {
        // ffmpeg: local 0 is MPEGTS 126000; cue 2 of its output at 00:02.022 lands at 126000 + 181980
        byte[] vtt = b("WEBVTT\n\n00:02.022 --> 00:02.822\ncue 2\n");
        List<WvttReader.Sample> s = WvttReader.read(WvttFragments.fragment(vtt, 1, 307_920, 487_920, null));
        assertThat(s.get(1).start()).isEqualTo(307_980);
        assertThat(s.get(1).cues()).extracting(WvttReader.Cue::payload).containsExactly("cue 2");
    }

    @Test
    void theInitSegmentHasTheWvttSampleEntry() {
        byte[] init = WvttFragments.init("eng");
        String hex = HexFormat.of().formatHex(init);
        assertThat(hex).contains(HexFormat.of().formatHex(b("wvtt"))).contains(HexFormat.of().formatHex(b("vttC")))
                .contains(HexFormat.of().formatHex(b("WEBVTT")));
        assertThat(WvttFragments.format("eng").timescale()).isEqualTo(90_000);
    }
}
