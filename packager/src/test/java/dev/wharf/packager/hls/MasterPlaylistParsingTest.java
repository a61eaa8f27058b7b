package dev.wharf.packager.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** Master playlists (RFC 8216 section 4.3.4) as real encoders write them. */
class MasterPlaylistParsingTest {

    @Test
    void ffmpegMasterFromVarStreamMap() throws Exception {
        MasterPlaylist p = Fixtures.master("ffmpeg-master-var-stream-map.m3u8");

        assertThat(p.variants()).extracting(Variant::uri)
                .containsExactly("stream_0.m3u8", "stream_1.m3u8", "stream_2.m3u8");
        assertThat(p.variants()).extracting(Variant::bandwidth).containsExactly(3440800L, 1790800L, 1020800L);
        assertThat(p.variants()).extracting(Variant::width).containsExactly(1280, 960, 640);
        assertThat(p.variants()).extracting(Variant::height).containsExactly(720, 540, 360);
        assertThat(p.variants()).allSatisfy(v -> {
            assertThat(v.codecs()).isEqualTo("avc1.64001f,mp4a.40.2");
            assertThat(v.averageBandwidth()).isEqualTo(-1);
            assertThat(v.frameRate()).isZero();
            assertThat(v.audioGroup()).isNull();
            assertThat(v.closedCaptions()).isNull();
        });
        assertThat(p.variants().get(0).attributes()).containsExactly(
                entry("BANDWIDTH", "3440800"), entry("RESOLUTION", "1280x720"),
                entry("CODECS", "\"avc1.64001f,mp4a.40.2\""));
        assertThat(p.renditions()).isEmpty();
        assertThat(p.iframeVariants()).isEmpty();
        assertThat(p.independentSegments()).isFalse();
        assertThat(p.unknownTags()).containsExactly("#EXT-X-VERSION:3");
    }

    @Test
    void audioGroupsSubtitlesCaptionsAndIframes() throws Exception {
        MasterPlaylist p = Fixtures.master("medialive-master-groups.m3u8");

        assertThat(p.independentSegments()).isTrue();
        assertThat(p.unknownTags()).containsExactly("#EXT-X-VERSION:4",
                "#EXT-X-SESSION-DATA:DATA-ID=\"com.example.title\",VALUE=\"Wharf, live = test\"");

        assertThat(p.renditions()).extracting(Rendition::type)
                .containsExactly("AUDIO", "AUDIO", "SUBTITLES", "SUBTITLES", "CLOSED-CAPTIONS");
        Rendition english = p.renditions().get(0);
        assertThat(english).isEqualTo(new Rendition("AUDIO", "aac", "English", "eng", "channel_audio_eng.m3u8",
                true, true, false, null, null, "2", english.attributes()));
        assertThat(english.attributes().keySet())
                .containsExactly("TYPE", "LANGUAGE", "NAME", "AUTOSELECT", "DEFAULT", "CHANNELS", "GROUP-ID", "URI");
        assertThat(p.renditions().get(1).name()).as("UTF-8").isEqualTo("Español");
        assertThat(p.renditions().get(1).isDefault()).isFalse();
        Rendition forced = p.renditions().get(3);
        assertThat(forced.forced()).isTrue();
        assertThat(forced.name()).isEqualTo("Français (forcé)");
        assertThat(forced.characteristics())
                .isEqualTo("public.accessibility.transcribes-spoken-dialog,public.easy-to-read");
        Rendition cc = p.renditions().get(4);
        assertThat(cc.uri()).isNull();
        assertThat(cc.instreamId()).isEqualTo("CC1");
        assertThat(cc.groupId()).isEqualTo("cc");

        Variant top = p.variants().get(0);
        assertThat(top.uri()).isEqualTo("channel_1080p.m3u8");
        assertThat(top.bandwidth()).isEqualTo(5605600);
        assertThat(top.averageBandwidth()).isEqualTo(5210000);
        assertThat(top.codecs()).isEqualTo("avc1.640028,mp4a.40.2");
        assertThat(top.frameRate()).isEqualTo(29.97);
        assertThat(top.audioGroup()).isEqualTo("aac");
        assertThat(top.subtitlesGroup()).isEqualTo("subs");
        assertThat(top.videoGroup()).isNull();
        assertThat(top.closedCaptions()).isEqualTo("cc");
        assertThat(p.variants().get(2).closedCaptions()).isEqualTo("NONE");
        assertThat(p.variants().get(2).attributes()).containsEntry("CLOSED-CAPTIONS", "NONE");
        assertThat(top.attributes()).containsEntry("CLOSED-CAPTIONS", "\"cc\"");

        assertThat(p.iframeVariants()).singleElement().satisfies(v -> {
            assertThat(v.uri()).isEqualTo("channel_720p_iframes.m3u8");
            assertThat(v.bandwidth()).isEqualTo(186000);
            assertThat(v.codecs()).isEqualTo("avc1.64001f");
            assertThat(v.width()).isEqualTo(1280);
        });
    }

    @Test
    void unknownTagsBetweenStreamInfAndItsUriAreKept() throws Exception {
        MasterPlaylist p = (MasterPlaylist) PlaylistParser.parse(
                "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\n# comment\n#EXT-X-VENDOR:1\n\nlow.m3u8\n");

        assertThat(p.variants()).singleElement().extracting(Variant::uri).isEqualTo("low.m3u8");
        assertThat(p.unknownTags()).containsExactly("#EXT-X-VENDOR:1");
    }

    @Test
    void onlyRenditionsIsStillAMaster() throws Exception {
        Playlist p = PlaylistParser.parse("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"x\",URI=\"a.m3u8\"\n");
        assertThat(p).isInstanceOf(MasterPlaylist.class);
    }
}
