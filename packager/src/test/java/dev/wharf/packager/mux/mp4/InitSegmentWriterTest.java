package dev.wharf.packager.mux.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.packager.mux.mp4.box.AudioSampleEntry;
import dev.wharf.packager.mux.mp4.box.Box;
import dev.wharf.packager.mux.mp4.box.CodecConfigurationBox;
import dev.wharf.packager.mux.mp4.box.EsdBox;
import dev.wharf.packager.mux.mp4.box.FileTypeBox;
import dev.wharf.packager.mux.mp4.box.HandlerBox;
import dev.wharf.packager.mux.mp4.box.MediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.MovieHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackExtendsBox;
import dev.wharf.packager.mux.mp4.box.TrackHeaderBox;
import dev.wharf.packager.mux.mp4.box.VisualSampleEntry;
import dev.wharf.packager.mux.mp4.box.WebVttSampleEntry;
import dev.wharf.packager.sample.TrackFormat;
import dev.wharf.packager.sample.TrackFormat.Kind;
import dev.wharf.testing.GoldenBytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitSegmentWriterTest {

    static final TrackFormat AVC = new TrackFormat(1, Kind.VIDEO, "avc1.640016", 90000, 640, 360, 0, 0, "und",
            BoxRoundTripTest.AVCC, List.of());
    static final TrackFormat AAC = new TrackFormat(2, Kind.AUDIO, "mp4a.40.2", 90000, 0, 0, 48000, 2, "eng",
            BoxRoundTripTest.ASC_AAC_LC_48K_STEREO, List.of());
    static final TrackFormat HEVC = new TrackFormat(1, Kind.VIDEO, "hev1.1.6.L93.B0", 90000, 640, 360, 0, 0, "und",
            BoxRoundTripTest.HVCC, List.of());
    static final TrackFormat AC3 = new TrackFormat(3, Kind.AUDIO, "ac-3", 48000, 0, 0, 48000, 6, "deu",
            BoxRoundTripTest.DAC3_48K_STEREO_192K, List.of());
    static final TrackFormat EC3 = new TrackFormat(4, Kind.AUDIO, "ec-3", 48000, 0, 0, 48000, 2, null,
            BoxRoundTripTest.DEC3_48K_STEREO, List.of());
    static final TrackFormat WVTT = new TrackFormat(7, Kind.SUBTITLES, "wvtt", 1000, 0, 0, 0, 0, "fra", null, List.of());

    @Test
    void avcAndAacInitSegmentHasTheCmafHeaderLayout() {
        byte[] init = InitSegmentWriter.write(List.of(AVC, AAC));

        List<BoxReader.Parsed> top = BoxReader.parse(init);
        assertThat(top).extracting(BoxReader.Parsed::type).containsExactly("ftyp", "moov");
        BoxReader.Parsed moov = top.get(1);
        assertThat(moov.children()).extracting(BoxReader.Parsed::type).containsExactly("mvhd", "trak", "trak", "mvex");
        for (BoxReader.Parsed trak : moov.all("trak")) {
            assertThat(trak.children()).extracting(BoxReader.Parsed::type).containsExactly("tkhd", "mdia");
            assertThat(trak.child("mdia").children()).extracting(BoxReader.Parsed::type)
                    .containsExactly("mdhd", "hdlr", "minf");
            assertThat(trak.child("mdia/minf/stbl").children()).extracting(BoxReader.Parsed::type)
                    .containsExactly("stsd", "stts", "stsc", "stsz", "stco");
            assertThat(trak.child("mdia/minf/dinf/dref").children()).extracting(BoxReader.Parsed::type)
                    .containsExactly("url ");
        }
        assertThat(moov.child("mvex").children()).extracting(BoxReader.Parsed::type).containsExactly("trex", "trex");
    }

    @Test
    void fieldsComeFromTheTrackFormats() {
        byte[] init = InitSegmentWriter.write(List.of(AVC, AAC));
        List<BoxReader.Parsed> top = BoxReader.parse(init);
        BoxReader.Parsed moov = top.get(1);
        BoxReader.Parsed video = moov.all("trak").get(0);
        BoxReader.Parsed audio = moov.all("trak").get(1);

        assertThat(BoxReader.decode(top.getFirst()))
                .isEqualTo(new FileTypeBox("iso6", 0, List.of("iso6", "cmfc", "dash")));
        assertThat(BoxReader.decode(moov.child("mvhd"))).isEqualTo(new MovieHeaderBox(1000, 0, 3));

        assertThat(BoxReader.decode(video.child("tkhd"))).isEqualTo(new TrackHeaderBox(3, 1, 0, 0, 0, 640, 360));
        assertThat(BoxReader.decode(video.child("mdia/mdhd"))).isEqualTo(new MediaHeaderBox(90000, 0, "und"));
        assertThat(BoxReader.decode(video.child("mdia/hdlr"))).isEqualTo(new HandlerBox("vide", "VideoHandler"));
        assertThat(video.child("mdia/minf").children().getFirst().type()).isEqualTo("vmhd");
        assertThat(BoxReader.decode(video.child("mdia/minf/stbl/stsd/avc1"))).usingRecursiveComparison()
                .isEqualTo(new VisualSampleEntry("avc1", 1, 640, 360, "",
                        List.of(new CodecConfigurationBox("avcC", BoxRoundTripTest.AVCC))));

        assertThat(BoxReader.decode(audio.child("tkhd"))).isEqualTo(new TrackHeaderBox(3, 2, 0, 0, 0x0100, 0, 0));
        assertThat(BoxReader.decode(audio.child("mdia/mdhd"))).isEqualTo(new MediaHeaderBox(90000, 0, "eng"));
        assertThat(BoxReader.decode(audio.child("mdia/hdlr"))).isEqualTo(new HandlerBox("soun", "SoundHandler"));
        assertThat(audio.child("mdia/minf").children().getFirst().type()).isEqualTo("smhd");
        assertThat(BoxReader.decode(audio.child("mdia/minf/stbl/stsd/mp4a"))).usingRecursiveComparison()
                .isEqualTo(new AudioSampleEntry("mp4a", 1, 2, 16, 48000,
                        List.of(new EsdBox(0, 0x40, 5, 0, 0, 0, BoxRoundTripTest.ASC_AAC_LC_48K_STEREO))));

        assertThat(moov.child("mvex").all("trex")).extracting(BoxReader::decode).containsExactly(
                new TrackExtendsBox(1, 1, 0, 0, 0), new TrackExtendsBox(2, 1, 0, 0, 0));
    }

    @Test
    void everyCodecRoundTripsThroughTheReader() {
        List<TrackFormat> tracks = List.of(HEVC, AC3, EC3, WVTT);
        List<Box> boxes = InitSegmentWriter.boxes(tracks);
        byte[] init = InitSegmentWriter.write(tracks);

        assertThat(BoxReader.decodeAll(BoxReader.parse(init))).usingRecursiveComparison().isEqualTo(boxes);
        assertThat(InitSegmentWriter.size(tracks)).isEqualTo(init.length);

        BoxReader.Parsed moov = BoxReader.parse(init).get(1);
        assertThat(BoxReader.decode(moov.child("mvhd"))).isEqualTo(new MovieHeaderBox(1000, 0, 8));
        List<BoxReader.Parsed> traks = moov.all("trak");
        assertThat(traks.get(0).child("mdia/minf/stbl/stsd").children().getFirst().type())
                .as("hev1 input is written as hvc1: parameter sets live only in hvcC").isEqualTo("hvc1");
        assertThat(BoxReader.decode(traks.get(1).child("mdia/minf/stbl/stsd/ac-3"))).usingRecursiveComparison()
                .isEqualTo(new AudioSampleEntry("ac-3", 1, 2, 16, 48000,
                        List.of(new CodecConfigurationBox("dac3", BoxRoundTripTest.DAC3_48K_STEREO_192K))));
        assertThat(BoxReader.decode(traks.get(1).child("mdia/mdhd"))).isEqualTo(new MediaHeaderBox(48000, 0, "deu"));
        assertThat(traks.get(2).child("mdia/minf/stbl/stsd/ec-3/dec3").payload())
                .isEqualTo(BoxRoundTripTest.DEC3_48K_STEREO);
        assertThat(BoxReader.decode(traks.get(2).child("mdia/mdhd"))).isEqualTo(new MediaHeaderBox(48000, 0, "und"));

        BoxReader.Parsed text = traks.get(3);
        assertThat(BoxReader.decode(text.child("tkhd"))).isEqualTo(new TrackHeaderBox(3, 7, 0, 0, 0, 0, 0));
        assertThat(BoxReader.decode(text.child("mdia/hdlr"))).isEqualTo(new HandlerBox("text", "TextHandler"));
        assertThat(text.child("mdia/minf").children().getFirst().type())
                .as("WebVTT is timed text: nmhd (14496-12 12.5.2), not the subtitle sthd").isEqualTo("nmhd");
        assertThat(BoxReader.decode(text.child("mdia/minf/stbl/stsd/wvtt"))).usingRecursiveComparison()
                .isEqualTo(new WebVttSampleEntry(1, List.of(new CodecConfigurationBox("vttC",
                        "WEBVTT".getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void initSegmentsMatchGoldenBytes() {
        GoldenBytes.assertMatches("mp4/init-avc-aac", InitSegmentWriter.write(List.of(AVC, AAC)), BoxReader::dump);
        GoldenBytes.assertMatches("mp4/init-hevc-ac3-ec3-wvtt", InitSegmentWriter.write(List.of(HEVC, AC3, EC3, WVTT)),
                BoxReader::dump);
    }

    @Test
    void sameInputSameBytes() {
        assertThat(InitSegmentWriter.write(List.of(AVC, AAC))).isEqualTo(InitSegmentWriter.write(List.of(AVC, AAC)));
    }

    @Test
    void languageFallsBackToUnd() {
        assertThat(InitSegmentWriter.language(null)).isEqualTo("und");
        assertThat(InitSegmentWriter.language("ENG")).isEqualTo("eng");
        assertThat(InitSegmentWriter.language("en")).isEqualTo("und");
        assertThat(InitSegmentWriter.language("e1g")).isEqualTo("und");
    }

    @Test
    void rejectsTracksItCannotDescribe() {
        assertThatThrownBy(() -> InitSegmentWriter.write(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InitSegmentWriter.write(List.of(AVC, AVC)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> InitSegmentWriter.write(List.of(withCodec(AAC, "mp3"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mp3'");
        assertThatThrownBy(() -> InitSegmentWriter.write(List.of(withCodec(AAC, "avc1.640016"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUDIO");
        var noConfig = new TrackFormat(1, Kind.VIDEO, "avc1.640016", 90000, 640, 360, 0, 0, "und", null, List.of());
        assertThatThrownBy(() -> InitSegmentWriter.write(List.of(noConfig)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decoder configuration");
        var noSize = new TrackFormat(1, Kind.VIDEO, "avc1.640016", 90000, 0, 0, 0, 0, "und", new byte[] {1}, List.of());
        assertThatThrownBy(() -> InitSegmentWriter.write(List.of(noSize))).isInstanceOf(IllegalArgumentException.class);
    }

    private static TrackFormat withCodec(TrackFormat t, String codec) {
        return new TrackFormat(t.trackId(), t.kind(), codec, t.timescale(), t.width(), t.height(), t.sampleRate(),
                t.channels(), t.language(), t.decoderConfig(), t.parameterSets());
    }
}
