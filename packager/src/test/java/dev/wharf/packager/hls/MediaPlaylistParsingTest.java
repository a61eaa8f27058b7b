package dev.wharf.packager.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Media playlists (RFC 8216 sections 4.3.2, 4.3.3) as real encoders write them. */
class MediaPlaylistParsingTest {

    private static long epochMillis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void ffmpegLivePlaylistWithProgramDateTimeAfterExtinf() throws Exception {
        MediaPlaylist p = Fixtures.media("ffmpeg-live-media.m3u8");

        assertThat(p.version()).isEqualTo(3);
        assertThat(p.targetDurationSeconds()).isEqualTo(2);
        assertThat(p.mediaSequence()).isEqualTo(12);
        assertThat(p.discontinuitySequence()).isZero();
        assertThat(p.playlistType()).isNull();
        assertThat(p.endList()).isFalse();
        assertThat(p.map()).isNull();
        assertThat(p.unknownTags()).isEmpty();
        assertThat(p.segments()).extracting(MediaSegment::uri).containsExactly(
                "stream_0_00012.ts", "stream_0_00013.ts", "stream_0_00014.ts",
                "stream_0_00015.ts", "stream_0_00016.ts", "stream_0_00017.ts");
        assertThat(p.segments()).extracting(MediaSegment::sequence).containsExactly(12L, 13L, 14L, 15L, 16L, 17L);
        assertThat(p.segments()).allSatisfy(s -> {
            assertThat(s.durationMicros()).isEqualTo(2_002_000L);
            assertThat(s.title()).isNull();
            assertThat(s.discontinuity()).isFalse();
            assertThat(s.tags()).isEmpty();
            assertThat(s.key()).isNull();
            assertThat(s.byteRange()).isNull();
        });
        // ffmpeg writes EXT-X-PROGRAM-DATE-TIME after EXTINF, with a +0000 zone
        assertThat(p.segments().get(0).programDateTimeMillis()).isEqualTo(epochMillis("2026-11-25T12:21:00.899Z"));
        assertThat(p.segments().get(5).programDateTimeMillis()).isEqualTo(epochMillis("2026-11-25T12:21:10.909Z"));
        assertThat(p.durationMicros()).isEqualTo(12_012_000L);
    }

    @Test
    void crlfAndByteOrderMarkParseLikeTheLfOriginal() throws Exception {
        byte[] crlf = Fixtures.bytes("crlf-bom-media.m3u8");
        assertThat(crlf).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(crlf, StandardCharsets.UTF_8)).contains("\r\n");

        MediaPlaylist original = Fixtures.media("ffmpeg-live-media.m3u8");
        assertThat(Fixtures.media("crlf-bom-media.m3u8")).isEqualTo(original);

        String lf = new String(Fixtures.bytes("ffmpeg-live-media.m3u8"), StandardCharsets.UTF_8);
        assertThat(PlaylistParser.parse(lf.replace('\n', '\r'))).as("lone CR line ends").isEqualTo(original);
        assertThat(PlaylistParser.parse("\n \n" + lf.replace("\n", "  \n\n\t")))
                .as("blank lines and whitespace around lines").isEqualTo(original);
    }

    @Test
    void fmp4SingleFileWithMapByteRangesAndEndList() throws Exception {
        MediaPlaylist p = Fixtures.media("ffmpeg-fmp4-single-file-vod.m3u8");

        assertThat(p.version()).isEqualTo(7);
        assertThat(p.playlistType()).isEqualTo("VOD");
        assertThat(p.endList()).isTrue();
        assertThat(p.unknownTags()).containsExactly("#EXT-X-INDEPENDENT-SEGMENTS");
        InitSection init = new InitSection("video.m4s", new ByteRange(809, 0));
        assertThat(p.map()).isEqualTo(init);
        assertThat(p.segments()).extracting(MediaSegment::byteRange).containsExactly(
                new ByteRange(435340, 809), new ByteRange(468898, 436149),
                new ByteRange(459325, 905047), new ByteRange(472425, 1364372));
        assertThat(p.segments()).allSatisfy(s -> {
            assertThat(s.uri()).isEqualTo("video.m4s");
            assertThat(s.map()).isEqualTo(init);
            assertThat(s.durationMicros()).isEqualTo(2_000_000);
        });
        assertThat(p.segments()).extracting(MediaSegment::sequence).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void discontinuitiesFromFfmpegAppendList() throws Exception {
        MediaPlaylist p = Fixtures.media("ffmpeg-append-list-discontinuity.m3u8");

        assertThat(p.segments()).extracting(MediaSegment::uri)
                .containsExactly("index0.ts", "index1.ts", "index2.ts", "index3.ts");
        assertThat(p.segments()).extracting(MediaSegment::discontinuity).containsExactly(true, false, true, false);
        assertThat(p.segments()).extracting(MediaSegment::programDateTimeMillis).containsOnly(-1L);
    }

    @Test
    void mediaLiveCueTagsAttachToTheSegmentTheyPrecede() throws Exception {
        MediaPlaylist p = Fixtures.media("medialive-media-cues.m3u8");

        assertThat(p.mediaSequence()).isEqualTo(40317);
        assertThat(p.discontinuitySequence()).isEqualTo(2);
        assertThat(p.targetDurationSeconds()).isEqualTo(6);
        List<MediaSegment> s = p.segments();
        assertThat(s).hasSize(9);
        assertThat(s).extracting(MediaSegment::durationMicros).containsOnly(6_006_000L);
        // PDT before EXTINF (MediaLive), 'Z' zone
        assertThat(s.get(0).programDateTimeMillis()).isEqualTo(epochMillis("2024-05-14T09:21:00.000Z"));
        assertThat(s.get(8).programDateTimeMillis()).isEqualTo(epochMillis("2024-05-14T09:21:48.048Z"));
        assertThat(s.get(8).sequence()).isEqualTo(40325);

        assertThat(s.get(0).tags()).isEmpty();
        assertThat(s.get(1).tags()).isEmpty();
        assertThat(s.get(2).uri()).isEqualTo("channel_1_40319.ts");
        assertThat(s.get(2).tags()).containsExactly(
                "#EXT-X-DATERANGE:ID=\"splice-6FFFFFF0\",START-DATE=\"2024-05-14T09:21:12.012Z\",PLANNED-DURATION=30.03,"
                        + "X-COM-EXAMPLE-NOTE=\"break 1, slot=a\",SCTE35-OUT=0xFC302500000000000000FFF01405000000017FEF"
                        + "FE0029328E7E002932E87E00010100006B8F9B4A",
                "#EXT-X-CUE-OUT:30.030");
        assertThat(s.get(3).tags()).containsExactly("#EXT-X-CUE-OUT-CONT:ElapsedTime=6.006,Duration=30.030,"
                + "SCTE35=/DAlAAAAAAAAAP/wFAUAAAABf+/+ACkyjn4AKTLofgABAQAAa4+bSg==");
        assertThat(s.get(6).tags()).singleElement().asString().startsWith("#EXT-X-CUE-OUT-CONT:ElapsedTime=24.024,");
        assertThat(s.get(7).tags()).containsExactly("#EXT-X-CUE-IN",
                "#EXT-X-DATERANGE:ID=\"splice-6FFFFFF0\",START-DATE=\"2024-05-14T09:21:12.012Z\","
                        + "END-DATE=\"2024-05-14T09:21:42.042Z\",DURATION=30.03");
        assertThat(s.get(8).tags()).isEmpty();
    }

    @Test
    void unknownTagsInTheHeaderArePlaylistLevelAndBetweenSegmentsGoWithTheNext() throws Exception {
        MediaPlaylist p = Fixtures.media(
                "#EXTM3U",
                "#EXT-X-VERSION:6",
                "#EXT-X-VENDOR-HEADER:1",
                "#EXT-X-TARGETDURATION:4",
                "#EXT-X-INDEPENDENT-SEGMENTS",
                "## a comment, ignored",
                "#EXTINF:4.0,",
                "#EXT-X-BITRATE:800",
                "a.ts",
                "#EXT-X-VENDOR-MARK:x=1",
                "# another comment",
                "#EXT-OATCLS-SCTE35:/DAlAAAAAAAAAP/wFAUAAAABf+/+ACkyjn4AKTLofgABAQAAa4+bSg==",
                "#EXTINF:4.0,",
                "b.ts",
                "#EXT-X-START:TIME-OFFSET=-12",
                "#EXTINF:4.0,",
                "c.ts",
                "#EXT-X-VENDOR-TRAILER",
                "#EXT-X-CUE-OUT:30",
                "#EXT-X-RENDITION-REPORT:URI=\"../1M/waitForMSN.php\",LAST-MSN=273,LAST-PART=2");

        assertThat(p.unknownTags()).containsExactly(
                "#EXT-X-VENDOR-HEADER:1",
                "#EXT-X-INDEPENDENT-SEGMENTS",
                "#EXT-X-START:TIME-OFFSET=-12",
                "#EXT-X-RENDITION-REPORT:URI=\"../1M/waitForMSN.php\",LAST-MSN=273,LAST-PART=2",
                "#EXT-X-VENDOR-TRAILER");
        assertThat(p.segments().get(0).tags()).containsExactly("#EXT-X-BITRATE:800");
        assertThat(p.segments().get(1).tags()).containsExactly(
                "#EXT-X-VENDOR-MARK:x=1", "#EXT-OATCLS-SCTE35:/DAlAAAAAAAAAP/wFAUAAAABf+/+ACkyjn4AKTLofgABAQAAa4+bSg==");
        assertThat(p.segments().get(2).tags()).isEmpty();
    }

    @Test
    void incompleteLastSegmentIsLeftOut() throws Exception {
        MediaPlaylist p = Fixtures.media(
                "#EXTM3U", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:7",
                "#EXTINF:2.000,", "s7.ts",
                "#EXT-X-DISCONTINUITY",
                "#EXTINF:2.000,", "#EXT-X-PROGRAM-DATE-TIME:2024-05-14T09:21:00Z");

        assertThat(p.segments()).extracting(MediaSegment::uri).containsExactly("s7.ts");
        assertThat(p.unknownTags()).isEmpty();
    }

    @Test
    void headerOnlyIsAnEmptyMediaPlaylist() throws Exception {
        Playlist p = PlaylistParser.parse("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n");

        assertThat(p).isEqualTo(new MediaPlaylist(3, 6, 0, 0, null, false, false, null, List.of(), List.of()));
        assertThat(PlaylistParser.parse("#EXTM3U")).isInstanceOf(MediaPlaylist.class);
    }

    @Test
    void integerDurationsTitlesAndMissingTargetDuration() throws Exception {
        MediaPlaylist p = Fixtures.media(
                "#EXTM3U",
                "#EXTINF:10,Opening titles",
                "http://media.example.com/first.ts",
                "#EXTINF:9",
                "second.ts",
                "#EXTINF:10.4999,",
                "third.ts");

        assertThat(p.version()).isEqualTo(1);
        assertThat(p.segments()).extracting(MediaSegment::durationMicros).containsExactly(10_000_000L, 9_000_000L, 10_499_900L);
        assertThat(p.segments()).extracting(MediaSegment::title).containsExactly("Opening titles", null, null);
        assertThat(p.segments().get(0).uri()).isEqualTo("http://media.example.com/first.ts");
        assertThat(p.targetDurationSeconds()).as("longest EXTINF rounded to the nearest second").isEqualTo(10);
        assertThat(Fixtures.media("#EXTM3U", "#EXTINF:10.5,", "a.ts").targetDurationSeconds()).isEqualTo(11);
    }

    @Test
    void programDateTimeAppliesToTheNextUriWhereverItSits() throws Exception {
        MediaPlaylist p = Fixtures.media(
                "#EXTM3U", "#EXT-X-TARGETDURATION:2",
                "#EXT-X-PROGRAM-DATE-TIME:2024-05-14T09:21:00.000+00:00",
                "#EXTINF:2,", "a.ts",
                "#EXTINF:2,", "b.ts",
                "#EXTINF:2,", "#EXT-X-PROGRAM-DATE-TIME:2024-05-14T11:21:04.1234567+02:00", "c.ts",
                "#EXTINF:2,", "#EXT-X-PROGRAM-DATE-TIME:2024-05-14T09:21:06Z", "d.ts");

        assertThat(p.segments()).extracting(MediaSegment::programDateTimeMillis).containsExactly(
                epochMillis("2024-05-14T09:21:00Z"), -1L, epochMillis("2024-05-14T09:21:04.123Z"),
                epochMillis("2024-05-14T09:21:06Z"));
    }

    @Test
    void keysMapsAndGapsStayInEffectUntilReplaced() throws Exception {
        MediaPlaylist p = Fixtures.media(
                "#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-TARGETDURATION:4",
                "#EXT-X-MAP:URI=\"init-1.mp4\"",
                "#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example.com/k?id=1&x=y\",IV=0x0123456789abcdef0123456789ABCDEF",
                "#EXTINF:4.000,", "s1.m4s",
                "#EXT-X-GAP",
                "#EXTINF:4.000,", "s2.m4s",
                "#EXT-X-MAP:URI=\"init-2.mp4\",BYTERANGE=\"720@0\"",
                "#EXT-X-KEY:METHOD=NONE",
                "#EXTINF:4.000,", "s3.m4s",
                "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://key\",KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"",
                "#EXTINF:4.000,", "s4.m4s");

        Key aes = new Key("AES-128", "https://keys.example.com/k?id=1&x=y", "0x0123456789abcdef0123456789ABCDEF", null);
        List<MediaSegment> s = p.segments();
        assertThat(s).extracting(MediaSegment::key).containsExactly(aes, aes, null,
                new Key("SAMPLE-AES", "skd://key", null, "com.apple.streamingkeydelivery"));
        assertThat(s).extracting(MediaSegment::map).containsExactly(
                new InitSection("init-1.mp4", null), new InitSection("init-1.mp4", null),
                new InitSection("init-2.mp4", new ByteRange(720, 0)), new InitSection("init-2.mp4", new ByteRange(720, 0)));
        assertThat(s).extracting(MediaSegment::gap).containsExactly(false, true, false, false);
        assertThat(p.map()).isEqualTo(new InitSection("init-1.mp4", null));
    }

    @Test
    void byteRangeWithoutOffsetContinuesTheSameResource() throws Exception {
        MediaPlaylist p = Fixtures.media(
                "#EXTM3U", "#EXT-X-VERSION:4", "#EXT-X-TARGETDURATION:2", "#EXT-X-I-FRAMES-ONLY",
                "#EXTINF:2,", "#EXT-X-BYTERANGE:1000@376", "all.ts",
                "#EXTINF:2,", "#EXT-X-BYTERANGE:2000", "all.ts");

        assertThat(p.iframesOnly()).isTrue();
        assertThat(p.segments()).extracting(MediaSegment::byteRange)
                .containsExactly(new ByteRange(1000, 376), new ByteRange(2000, -1));
        assertThat(p.segments().get(1).byteRange().hasOffset()).isFalse();
    }

    @Test
    void eventPlaylistAndSequencesGivenAfterTheFirstSegment() throws Exception {
        MediaPlaylist p = Fixtures.media(
                "#EXTM3U", "#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-TARGETDURATION:2",
                "#EXTINF:2,", "a.ts",
                "#EXT-X-MEDIA-SEQUENCE:100",
                "#EXTINF:2,", "b.ts");

        assertThat(p.playlistType()).isEqualTo("EVENT");
        assertThat(p.mediaSequence()).isEqualTo(100);
        assertThat(p.segments()).extracting(MediaSegment::sequence).containsExactly(100L, 101L);
    }

    @Test
    void bytesAndTextGiveTheSameResult() throws Exception {
        byte[] bytes = Fixtures.bytes("medialive-media-cues.m3u8");
        assertThat(PlaylistParser.parse(bytes)).isEqualTo(PlaylistParser.parse(new String(bytes, StandardCharsets.UTF_8)));
    }
}
