package dev.wharf.packager.media;

import static dev.wharf.packager.media.CaptionFixtures.cc608;
import static dev.wharf.packager.media.CaptionFixtures.dtvcc;
import static dev.wharf.packager.media.CaptionFixtures.h264SeiNal;
import static dev.wharf.packager.media.CaptionFixtures.padding608;
import static dev.wharf.packager.media.CaptionFixtures.seiRbsp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.packager.ingest.RenditionProbe;
import dev.wharf.packager.remux.TsToCmaf;
import dev.wharf.packager.sample.TrackFormat;
import dev.wharf.testing.ByteSearch;
import dev.wharf.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Captions in a real encoder's stream: x264 output (via ffmpeg) gets ATSC A/53 caption SEI messages inserted
 * before every picture (CEA-608 CC1 and CC3, CEA-708 service 1), ffmpeg muxes it into MPEG-TS, and then
 * <ul>
 *   <li>ffprobe reports "Closed Captions" on the video stream (the fixture is valid for a real decoder),</li>
 *   <li>{@link TsProbe} finds CC1, CC3 and SERVICE1, and the rendition probe keeps them through its JSON,</li>
 *   <li>the CMAF fragment of the segment still carries every caption SEI (the bytes stay in the samples).</li>
 * </ul>
 * With {@code -Dcaptions.fixture=path} the generated TS is also written there (how
 * {@code src/test/resources/media/h264_cea608_708.ts} was made).
 */
class CaptionFixtureIT {

    /** The caption SEI NAL units, one per picture, repeating every 4 pictures. */
    static List<byte[]> captionSeis() {
        byte[] hi = {'H', 'i'};
        List<byte[]> out = new ArrayList<>();
        out.add(h264SeiNal(seiRbsp(cc608(0, 0x14, 0x20), cc608(1, 0x15, 0x20), dtvcc(0, 1, hi))));
        out.add(h264SeiNal(seiRbsp(cc608(0, 'H', 'i'), cc608(1, 'H', 'o'), dtvcc(1, 1, hi))));
        out.add(h264SeiNal(seiRbsp(cc608(0, 0x14, 0x2F), cc608(1, 0x15, 0x2F), dtvcc(2, 1, hi))));
        out.add(h264SeiNal(seiRbsp(padding608(), padding608(), dtvcc(3, 1, hi))));
        return out;
    }

    @Test
    void captionsInsertedIntoX264OutputAreFoundAndKept() throws Exception {
        Path dir = Files.createTempDirectory("captions");
        Path raw = dir.resolve("in.h264");
        run(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "2",
                "-c:v", "libx264", "-preset", "ultrafast", "-crf", "40", "-g", "25", "-bf", "0", "-f", "h264", raw.toString());
        Path withCaptions = dir.resolve("cc.h264");
        Files.write(withCaptions, CaptionFixtures.insertBeforeSlices(Files.readAllBytes(raw), captionSeis()));
        Path ts = dir.resolve("cc.ts");
        run(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                "-fflags", "+genpts", "-r", "25", "-f", "h264", "-i", withCaptions.toString(),
                "-c", "copy", "-f", "mpegts", ts.toString());

        String ffprobe = run(ExternalTools.ffprobe().toString(), "-hide_banner", ts.toString());
        assertThat(ffprobe).as("ffprobe's stream line").contains("Closed Captions");

        byte[] bytes = Files.readAllBytes(ts);
        TsProbeResult probe = TsProbe.probe(bytes);
        assertThat(probe.valid()).isTrue();
        assertThat(probe.captions()).isEqualTo(new ClosedCaptions(List.of(1, 3), List.of(1)));
        RenditionProbe rendition = RenditionProbe.of(probe);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readValue(json.writeValueAsString(rendition), RenditionProbe.class)).isEqualTo(rendition);

        byte[] fragment = TsToCmaf.remux(bytes, 0, -1).get(TrackFormat.Kind.VIDEO).fragment();
        assertThat(ByteSearch.count(fragment, "GA94".getBytes(StandardCharsets.US_ASCII))).as("caption SEIs in the CMAF fragment")
                .isEqualTo(50);

        String target = System.getProperty("captions.fixture");
        if (target != null) {
            Files.copy(ts, Path.of(target), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
