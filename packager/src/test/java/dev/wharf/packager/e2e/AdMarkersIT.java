package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code adMarkers: PASSTHROUGH}: an encoder's SCTE-35 ad markers (as AWS Elemental Live writes them: {@code
 * EXT-OATCLS-SCTE35}, {@code EXT-X-CUE-OUT}, {@code EXT-X-CUE-OUT-CONT}, {@code EXT-X-CUE-IN}) reach the HLS and CMAF
 * media playlists before the segment they marked; the default NONE strips them; an unknown tag never passes.
 */
class AdMarkersIT {
    static final String ENDPOINTS = """
              - metadata: {namespace: live, name: hls-ads}
                spec:
                  channelName: news
                  hlsPackage: {segmentDurationSeconds: 1, adMarkers: PASSTHROUGH}
              - metadata: {namespace: live, name: hls-ads2}
                spec:
                  channelName: news
                  hlsPackage: {segmentDurationSeconds: 2, adMarkers: PASSTHROUGH}
              - metadata: {namespace: live, name: cmaf-ads}
                spec:
                  channelName: news
                  cmafPackage:
                    segmentDurationSeconds: 1
                    hlsManifests:
                      - {id: main, manifestName: index, adMarkers: PASSTHROUGH}
            """;
    static final String SCTE35 = "#EXT-OATCLS-SCTE35:/DAlAAAAAAAAAP/wFAUAAAABf+/+AAAAAH4AKTLgAAEAAAAAwBrLPw==";

    @Test
    void passthroughCopiesTheEncodersMarkersAndNoneStripsThem() throws Exception {
        List<byte[]> segments = ReplayPusher.makeSegments(Files.createTempDirectory("wharf-ads"), 8, 0);
        try (Packager packager = Packager.start(TestPackagers.config(null, ENDPOINTS));
             ReplayPusher encoder = new ReplayPusher(packager.ingestPort(), "in1", TestPackagers.USER1, TestPackagers.PASS1,
                     segments, 1_000_000)) {
            encoder.tags(3, SCTE35, "#EXT-X-CUE-OUT:3.000", "#EXT-X-VENDOR-THING:1");
            encoder.tags(4, "#EXT-X-CUE-OUT-CONT:ElapsedTime=1.000,Duration=3.000");
            encoder.tags(5, "#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=3.000");
            encoder.tags(6, "#EXT-X-CUE-IN");
            for (int i = 0; i < 8; i++) {
                encoder.push(i);
            }
            encoder.end();
            String out = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/";
            await().atMost(Duration.ofSeconds(10)).until(() -> CmafLiveIT.get(out + "hls-ads2/index_1.m3u8").body()
                    .contains("#EXT-X-ENDLIST"));

            String plain = CmafLiveIT.get(out + "hls/index_1.m3u8").body();
            assertThat(plain).as("adMarkers NONE (the default)").contains("index_1_3.ts").doesNotContain("CUE", "SCTE35");

            String hls = CmafLiveIT.get(out + "hls-ads/index_1.m3u8").body();
            assertThat(tagsBefore(hls, "index_1_3.ts")).containsExactly(SCTE35, "#EXT-X-CUE-OUT:3.000");
            assertThat(tagsBefore(hls, "index_1_4.ts")).containsExactly("#EXT-X-CUE-OUT-CONT:ElapsedTime=1.000,Duration=3.000");
            assertThat(tagsBefore(hls, "index_1_5.ts")).containsExactly("#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=3.000");
            assertThat(tagsBefore(hls, "index_1_6.ts")).containsExactly("#EXT-X-CUE-IN");
            assertThat(tagsBefore(hls, "index_1_2.ts")).isEmpty();
            assertThat(tagsBefore(hls, "index_1_7.ts")).isEmpty();
            assertThat(hls).doesNotContain("VENDOR");

            // Re-segmented to 2 s: the markers of an input segment sit before the output segment that holds it.
            String joined = CmafLiveIT.get(out + "hls-ads2/index_1.m3u8").body();
            assertThat(tagsBefore(joined, "index_1_2_2.ts")).containsExactly(SCTE35, "#EXT-X-CUE-OUT:3.000");
            // one EXT-X-CUE-OUT-CONT per output segment: the first of the input segments it joins
            assertThat(tagsBefore(joined, "index_1_4_2.ts")).containsExactly("#EXT-X-CUE-OUT-CONT:ElapsedTime=1.000,Duration=3.000");
            assertThat(tagsBefore(joined, "index_1_6_2.ts")).containsExactly("#EXT-X-CUE-IN");

            // CMAF: every media playlist of the manifest (video and audio) carries them.
            String master = CmafLiveIT.get(out + "cmaf-ads/main/index.m3u8").body();
            List<String> playlists = new ArrayList<>();
            for (String line : master.split("\n")) {
                if (line.endsWith(".m3u8") && !line.startsWith("#")) {
                    playlists.add(line);
                } else if (line.startsWith("#EXT-X-MEDIA:") && line.contains("URI=\"")) {
                    playlists.add(line.replaceAll(".*URI=\"([^\"]+)\".*", "$1"));
                }
            }
            assertThat(playlists).hasSizeGreaterThanOrEqualTo(2);
            for (String p : playlists) {
                String media = CmafLiveIT.get(out + "cmaf-ads/main/" + p).body();
                String third = media.lines().filter(l -> l.endsWith("_3.mp4")).findFirst().orElseThrow();
                assertThat(tagsBefore(media, third)).as(p).containsExactly(SCTE35, "#EXT-X-CUE-OUT:3.000");
                String sixth = media.lines().filter(l -> l.endsWith("_6.mp4")).findFirst().orElseThrow();
                assertThat(tagsBefore(media, sixth)).as(p).containsExactly("#EXT-X-CUE-IN");
            }

            // A player reads the marked playlists as it reads any other: ffmpeg, every segment, no message.
            for (String url : List.of(out + "hls-ads/index.m3u8", out + "hls-ads2/index.m3u8", out + "cmaf-ads/main/index.m3u8")) {
                CmafLiveIT.Run read = CmafLiveIT.run(ExternalTools.ffmpeg().toString(), "-v", "error", "-i", url, "-map", "0",
                        "-f", "null", "-");
                assertThat(read.exit()).as(url + "\n" + read.output()).isZero();
                assertThat(read.output()).as(url).isBlank();
            }
        }
    }

    /** The playlist-level tags, and the segment tags the packager writes itself. */
    private static final List<String> OWN_TAGS = List.of("#EXTM3U", "#EXT-X-VERSION", "#EXT-X-TARGETDURATION",
            "#EXT-X-MEDIA-SEQUENCE", "#EXT-X-DISCONTINUITY", "#EXT-X-PLAYLIST-TYPE", "#EXT-X-INDEPENDENT-SEGMENTS",
            "#EXT-X-ENDLIST", "#EXTINF", "#EXT-X-PROGRAM-DATE-TIME", "#EXT-X-MAP");

    /** The other tag lines between the segment URI before {@code uri} (or the header) and {@code uri}. */
    static List<String> tagsBefore(String playlist, String uri) {
        List<String> tags = new ArrayList<>();
        for (String line : playlist.split("\n")) {
            if (line.equals(uri)) {
                return tags;
            }
            if (!line.startsWith("#")) {
                tags.clear();
            } else if (OWN_TAGS.stream().noneMatch(line::startsWith)) {
                tags.add(line);
            }
        }
        throw new AssertionError("no " + uri + " in\n" + playlist);
    }
}
