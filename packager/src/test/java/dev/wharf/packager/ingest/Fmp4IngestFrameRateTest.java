package dev.wharf.packager.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.demux.mp4.Fmp4Demuxer;
import dev.wharf.packager.demux.mp4.Fmp4Init;
import dev.wharf.packager.demux.mp4.Fmp4InitParser;
import dev.wharf.packager.sample.TrackFormat;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame rate an fMP4 rendition's master line gets: from the SPS VUI, else from the typical sample duration. */
class Fmp4IngestFrameRateTest {

    static byte[] load(String path) throws Exception {
        try (InputStream in = Fmp4IngestFrameRateTest.class.getResourceAsStream("/media/fmp4/" + path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void fromTheSpsOfH264AndHevcAndFromSamplesWithout() throws Exception {
        for (String[] c : new String[][] {{"h264_aac_init.mp4", "h264_aac_0.m4s", "30.0"}, {"hevc_init.mp4", "hevc_0.m4s", "25.0"}}) {
            Fmp4Init init = Fmp4InitParser.parse(load(c[0]));
            TrackFormat video = init.formats().getFirst();
            var samples = Fmp4Demuxer.demux(init, load(c[1])).samples(video.trackId());
            assertThat(Fmp4Ingest.frameRate(video, samples)).as(c[0]).isEqualTo(Double.parseDouble(c[2]));
            TrackFormat noSps = new TrackFormat(video.trackId(), video.kind(), video.codec(), video.timescale(), video.width(),
                    video.height(), 0, 0, "und", video.decoderConfig(), List.of());
            assertThat(Fmp4Ingest.frameRate(noSps, samples)).as(c[0] + " from samples").isEqualTo(Double.parseDouble(c[2]));
        }
        RenditionProbe probe = RenditionProbe.of(Fmp4InitParser.parse(load("h264_aac_init.mp4")).formats(), 30);
        assertThat(probe.codecs()).containsExactly("avc1.4d400c", "mp4a.40.2");
        assertThat(probe.width()).isEqualTo(256);
        assertThat(probe.hasVideo()).isTrue();
        assertThat(probe.hasAudio()).isTrue();
    }
}
