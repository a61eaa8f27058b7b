package dev.wharf.packager.e2e;

import static dev.wharf.packager.e2e.CmafLiveIT.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.MediaPlaylistView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A caption feed that starts after the stream did: the first segment of a rendition has no caption SEI (the
 * captioned fixture {@code h264_cea608_708.ts} with its SEI NAL units removed by ffmpeg's {@code filter_units}),
 * the next one has them (the fixture itself, shifted 2 s on). The outputs announce nothing at first, then CC1,
 * CC3 and 708 service 1 once the captioned segment is in: the rendition keeps being probed until captions appear.
 */
class LateCaptionsIT {
    @Test
    void captionsThatStartLaterAreAnnouncedOnceTheyAppear() throws Exception {
        Path fixture = Files.createTempFile("cc", ".ts");
        Path plain = Files.createTempFile("no-cc", ".ts");
        Path captioned = Files.createTempFile("cc-later", ".ts");
        try (var in = LateCaptionsIT.class.getResourceAsStream("/media/h264_cea608_708.ts")) {
            Files.write(fixture, in.readAllBytes());
        }
        String ffmpeg = ExternalTools.ffmpeg().toString();
        CmafLiveIT.Run noSei = CmafLiveIT.run(ffmpeg, "-v", "error", "-y", "-i", fixture.toString(), "-map", "0:v",
                "-c", "copy", "-bsf:v", "filter_units=remove_types=6", "-f", "mpegts", plain.toString());
        assertThat(noSei.exit()).as(noSei.output()).isZero();
        CmafLiveIT.Run later = CmafLiveIT.run(ffmpeg, "-v", "error", "-y", "-i", fixture.toString(), "-map", "0:v",
                "-c", "copy", "-output_ts_offset", "2", "-f", "mpegts", captioned.toString());
        assertThat(later.exit()).as(later.output()).isZero();

        try (Packager packager = Packager.start(TestPackagers.config(null, SubtitlesLiveIT.ENDPOINTS))) {
            String out = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/";
            Fmp4InitChangeIT.put(packager, "s0.ts", Files.readAllBytes(plain));
            Fmp4InitChangeIT.put(packager, "v.m3u8", Fmp4InitChangeIT.playlist("#EXTINF:2.0,\ns0.ts\n", 0));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(get(out + "hls/index.m3u8").statusCode()).isEqualTo(200));
            assertThat(get(out + "hls/index.m3u8").body()).as("no captions yet").doesNotContain("CLOSED-CAPTIONS");
            assertThat(get(out + "dash/index.mpd").body()).doesNotContain("urn:scte:dash:cc:");

            Fmp4InitChangeIT.put(packager, "s1.ts", Files.readAllBytes(captioned));
            Fmp4InitChangeIT.put(packager, "v.m3u8", Fmp4InitChangeIT.playlist("#EXTINF:2.0,\ns0.ts\n#EXTINF:2.0,\ns1.ts\n", 0));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String hls = get(out + "hls/index.m3u8").body();
                assertThat(hls).contains("INSTREAM-ID=\"CC1\"").contains("INSTREAM-ID=\"CC3\"")
                        .contains("INSTREAM-ID=\"SERVICE1\"").contains(",CLOSED-CAPTIONS=\"cc\"");
                assertThat(get(out + "cmaf/main/index.m3u8").body()).contains("CLOSED-CAPTIONS=\"cc\"");
                assertThat(get(out + "dash/index.mpd").body())
                        .contains("<Accessibility schemeIdUri=\"urn:scte:dash:cc:cea-608:2015\" value=\"CC1=und;CC3=und\"/>");
            });

            // a third segment without captions changes nothing: what was announced stays
            Fmp4InitChangeIT.put(packager, "s2.ts", Files.readAllBytes(plain));
            Fmp4InitChangeIT.put(packager, "v.m3u8", Fmp4InitChangeIT.playlist(
                    "#EXTINF:2.0,\ns0.ts\n#EXTINF:2.0,\ns1.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.0,\ns2.ts\n", 0));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(MediaPlaylistView.parse(get(out + "hls/index_1.m3u8").body()).uris()).hasSize(3));
            assertThat(get(out + "hls/index.m3u8").body()).contains("INSTREAM-ID=\"CC1\"");
        }
    }
}
