package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.testing.ByteSearch;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.MediaPlaylistView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Embedded captions live: ffmpeg pushes (stream copy, looped) the captioned fixture {@code h264_cea608_708.ts}
 * (CEA-608 CC1 and CC3, CEA-708 service 1 in the H.264 SEI); the packager finds them when it probes the
 * rendition and every format announces them: HLS and CMAF masters ({@code EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS},
 * {@code CLOSED-CAPTIONS} on the variant), the DASH video AdaptationSet ({@code Accessibility}); the caption
 * bytes are still in the CMAF fragments, and ffprobe reports "Closed Captions" on the CMAF output.
 */
class CaptionsLiveIT {
    static final int SECONDS = 10;

    @Test
    void captionsInTheVideoAreSignalledByEveryFormat() throws Exception {
        Path fixture = Files.createTempFile("cc", ".ts");
        try (var in = CaptionsLiveIT.class.getResourceAsStream("/media/h264_cea608_708.ts")) {
            Files.write(fixture, in.readAllBytes());
        }
        try (Packager packager = Packager.start(TestPackagers.config(null, SubtitlesLiveIT.ENDPOINTS))) {
            String out = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/";
            String base = "http://" + TestPackagers.USER1 + ":" + TestPackagers.PASS1 + "@127.0.0.1:"
                    + packager.ingestPort() + "/in/v2/live/news/in1";
            Path log = Files.createTempFile("ffmpeg-push", ".log");
            Process encoder = new ProcessBuilder(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning",
                    "-nostdin", "-re", "-stream_loop", "-1", "-i", fixture.toString(), "-t", Integer.toString(SECONDS),
                    "-map", "0:v", "-c", "copy", "-f", "hls", "-hls_time", "2", "-hls_list_size", "5",
                    "-hls_flags", "program_date_time+independent_segments", "-method", "PUT",
                    "-master_pl_name", "channel.m3u8", "-hls_segment_filename", base + "/channel_%05d.ts",
                    base + "/channel.m3u8").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertThat(encoder.waitFor(SECONDS + 30, TimeUnit.SECONDS)).isTrue();
            assertThat(encoder.exitValue()).as(Files.readString(log)).isZero();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(MediaPlaylistView.parse(CmafLiveIT.get(out + "hls/index_1.m3u8").body()).endList()).isTrue());

            String hls = CmafLiveIT.get(out + "hls/index.m3u8").body();
            assertThat(hls).contains("#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"CC1\",AUTOSELECT=YES,"
                    + "DEFAULT=NO,INSTREAM-ID=\"CC1\"\n").contains("INSTREAM-ID=\"CC3\"").contains("INSTREAM-ID=\"SERVICE1\"");
            assertThat(hls.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF")).toList())
                    .allSatisfy(l -> assertThat(l).endsWith(",CLOSED-CAPTIONS=\"cc\""));

            String cmaf = CmafLiveIT.get(out + "cmaf/main/index.m3u8").body();
            assertThat(cmaf).contains("INSTREAM-ID=\"CC1\"").contains("CLOSED-CAPTIONS=\"cc\"\nindex_1_v.m3u8");

            String mpd = CmafLiveIT.get(out + "dash/index.mpd").body();
            assertThat(mpd).contains("<Accessibility schemeIdUri=\"urn:scte:dash:cc:cea-608:2015\" value=\"CC1=und;CC3=und\"/>")
                    .contains("<Accessibility schemeIdUri=\"urn:scte:dash:cc:cea-708:2015\" value=\"1=lang:und\"/>");

            // the caption SEI stays in the samples: one per picture in every CMAF fragment
            List<String> fragments = MediaPlaylistView.parse(CmafLiveIT.get(out + "cmaf/main/index_1_v.m3u8").body()).uris();
            byte[] fragment = CmafLiveIT.getBytes(CmafLiveIT.resolve(out + "cmaf/main/", fragments.get(1))).body();
            assertThat(ByteSearch.count(fragment, "GA94".getBytes(StandardCharsets.US_ASCII))).as("caption SEIs in a 2 s fragment")
                    .isEqualTo(50);
            CmafLiveIT.Run probe = CmafLiveIT.run(ExternalTools.ffprobe().toString(), "-hide_banner",
                    out + "cmaf/main/index_1_v.m3u8");
            assertThat(probe.exit()).as(probe.output()).isZero();
            assertThat(probe.output()).contains("Closed Captions");
        }
    }
}
