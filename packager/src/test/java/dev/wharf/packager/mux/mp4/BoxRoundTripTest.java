package dev.wharf.packager.mux.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.packager.mux.mp4.box.AudioSampleEntry;
import dev.wharf.packager.mux.mp4.box.Box;
import dev.wharf.packager.mux.mp4.box.CodecConfigurationBox;
import dev.wharf.packager.mux.mp4.box.DataEntryUrlBox;
import dev.wharf.packager.mux.mp4.box.DataReferenceBox;
import dev.wharf.packager.mux.mp4.box.EmptySampleTableBox;
import dev.wharf.packager.mux.mp4.box.EsdBox;
import dev.wharf.packager.mux.mp4.box.FileTypeBox;
import dev.wharf.packager.mux.mp4.box.HandlerBox;
import dev.wharf.packager.mux.mp4.box.MediaDataBox;
import dev.wharf.packager.mux.mp4.box.MediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.MovieFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.MovieHeaderBox;
import dev.wharf.packager.mux.mp4.box.NullMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.SampleDescriptionBox;
import dev.wharf.packager.mux.mp4.box.SegmentTypeBox;
import dev.wharf.packager.mux.mp4.box.SoundMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.SubtitleMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.TfrfBox;
import dev.wharf.packager.mux.mp4.box.TfxdBox;
import dev.wharf.packager.mux.mp4.box.TrackExtendsBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentBaseMediaDecodeTimeBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackRunBox;
import dev.wharf.packager.mux.mp4.box.VideoMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.VisualSampleEntry;
import dev.wharf.packager.mux.mp4.box.WebVttSampleEntry;
import dev.wharf.packager.sample.Sample;
import dev.wharf.testing.GoldenBytes;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every box, Shaka style: Fill → write → parse → decode → equals, then Modify (the other version,
 * the other flags, larger values) → the same again; and the exact bytes of the filled box against a
 * golden hex file ({@code golden/mp4/<box>.hex}, {@code -Dgolden.update=true} rewrites them).
 */
class BoxRoundTripTest {

    static final byte[] AVCC = hex("01640016ffe1001967640016acd940a02ff9610000030001000003003c8f162d9601000668ebe3cb22c0");
    static final byte[] HVCC = hex("0101600000009000000000005df000fcfdf8f800000f03a00001001840010c01ffff016000000300"
            + "90000003000003005d95980900");
    static final byte[] ASC_AAC_LC_48K_STEREO = hex("1190");
    static final byte[] DAC3_48K_STEREO_192K = hex("100e40"); // fscod 0, bsid 8, bsmod 0, acmod 2, lfe 0, bit_rate_code 10
    static final byte[] DEC3_48K_STEREO = hex("0600200f00");

    /** One filled box per kind: the golden file is named by the first argument. */
    static Stream<Arguments> filled() {
        return Stream.of(
                Arguments.of("ftyp", new FileTypeBox("iso6", 0, List.of("iso6", "cmfc", "dash"))),
                Arguments.of("styp", new SegmentTypeBox("msdh", 0, List.of("msdh", "cmfs"))),
                Arguments.of("mvhd", new MovieHeaderBox(1000, 0, 3)),
                Arguments.of("tkhd", new TrackHeaderBox(3, 1, 0, 0, 0, 1920, 1080)),
                Arguments.of("mdhd", new MediaHeaderBox(90000, 0, "eng")),
                Arguments.of("hdlr", new HandlerBox("vide", "VideoHandler")),
                Arguments.of("vmhd", new VideoMediaHeaderBox()),
                Arguments.of("smhd", new SoundMediaHeaderBox()),
                Arguments.of("sthd", new SubtitleMediaHeaderBox()),
                Arguments.of("nmhd", new NullMediaHeaderBox()),
                Arguments.of("url_", new DataEntryUrlBox()),
                Arguments.of("dref", DataReferenceBox.selfContained()),
                Arguments.of("stsd", new SampleDescriptionBox(List.of(avc1()))),
                Arguments.of("avc1", avc1()),
                Arguments.of("avcC", new CodecConfigurationBox("avcC", AVCC)),
                Arguments.of("hvc1", new VisualSampleEntry("hvc1", 1, 640, 360, "",
                        List.of(new CodecConfigurationBox("hvcC", HVCC)))),
                Arguments.of("hvcC", new CodecConfigurationBox("hvcC", HVCC)),
                Arguments.of("mp4a", mp4a()),
                Arguments.of("esds", EsdBox.aac(ASC_AAC_LC_48K_STEREO)),
                Arguments.of("ac-3", new AudioSampleEntry("ac-3", 1, 2, 16, 48000,
                        List.of(new CodecConfigurationBox("dac3", DAC3_48K_STEREO_192K)))),
                Arguments.of("dac3", new CodecConfigurationBox("dac3", DAC3_48K_STEREO_192K)),
                Arguments.of("ec-3", new AudioSampleEntry("ec-3", 1, 2, 16, 48000,
                        List.of(new CodecConfigurationBox("dec3", DEC3_48K_STEREO)))),
                Arguments.of("dec3", new CodecConfigurationBox("dec3", DEC3_48K_STEREO)),
                Arguments.of("wvtt", new WebVttSampleEntry(1, List.of(vttC()))),
                Arguments.of("vttC", vttC()),
                Arguments.of("stts", new EmptySampleTableBox("stts")),
                Arguments.of("stsc", new EmptySampleTableBox("stsc")),
                Arguments.of("stsz", new EmptySampleTableBox("stsz")),
                Arguments.of("stco", new EmptySampleTableBox("stco")),
                Arguments.of("trex", new TrackExtendsBox(1, 1, 0, 0, 0)),
                Arguments.of("mfhd", new MovieFragmentHeaderBox(1)),
                Arguments.of("tfhd", TrackFragmentHeaderBox.defaultBaseIsMoof(1)),
                Arguments.of("tfdt", new TrackFragmentBaseMediaDecodeTimeBox(126_000)),
                Arguments.of("trun", new TrackRunBox(1, FragmentWriter.TRUN_FLAGS, 180, 0, List.of(
                        new TrackRunBox.Entry(3000, 4321, TrackRunBox.SYNC_SAMPLE_FLAGS, 6000),
                        new TrackRunBox.Entry(3000, 99, TrackRunBox.NON_SYNC_SAMPLE_FLAGS, -3000)))),
                Arguments.of("tfxd", new TfxdBox(14_000_000, 20_000_000)),
                Arguments.of("tfrf", new TfrfBox(List.of(new TfrfBox.Entry(34_000_000, 20_000_000),
                        new TfrfBox.Entry(54_000_000, 20_000_000)))));
    }

    /** The same kinds, modified: other versions, flags and edge values. */
    static Stream<Arguments> modified() {
        return Stream.of(
                Arguments.of("ftyp no compatible brands", new FileTypeBox("isom", 512, List.of())),
                Arguments.of("mvhd version 1", new MovieHeaderBox(90000, 1L << 33, 0xFFFF_FFFFL)),
                Arguments.of("tkhd audio version 1", new TrackHeaderBox(TrackHeaderBox.ENABLED, 0xFFFF_FFFFL,
                        5_000_000_000L, 1, 0x0100, 0, 0)),
                Arguments.of("tkhd 65535 wide", new TrackHeaderBox(7, 2, 0, 0, 0, 65535, 1)),
                Arguments.of("mdhd version 1", new MediaHeaderBox(48000, 1L << 40, "und")),
                Arguments.of("mdhd zzz", new MediaHeaderBox(1, 0, "zzz")),
                Arguments.of("hdlr utf-8 name", new HandlerBox("soun", "Sønd 音")),
                Arguments.of("hdlr empty name", new HandlerBox("text", "")),
                Arguments.of("stsd two entries", new SampleDescriptionBox(List.of(avc1(), avc1()))),
                Arguments.of("avc1 named", new VisualSampleEntry("avc1", 2, 7680, 4320,
                        "0123456789012345678901234567890", List.of(new CodecConfigurationBox("avcC", AVCC)))),
                Arguments.of("mp4a 96 kHz written as 0", new AudioSampleEntry("mp4a", 1, 6, 24, 0,
                        List.of(EsdBox.aac(hex("1388"))))),
                Arguments.of("esds long DecoderSpecificInfo", new EsdBox(3, 0x40, 5, 6144, 256_000, 128_000,
                        new byte[300])),
                Arguments.of("esds 16384-byte DecoderSpecificInfo", EsdBox.aac(new byte[16384])),
                Arguments.of("trex defaults", new TrackExtendsBox(2, 1, 3000, 100, 0x0101_0000)),
                Arguments.of("mfhd max", new MovieFragmentHeaderBox(0xFFFF_FFFFL)),
                Arguments.of("tfhd every field", new TrackFragmentHeaderBox(0x02003B, 9, 1L << 40, 1, 1024, 371,
                        0x0101_0000)),
                Arguments.of("tfdt past 2^32", new TrackFragmentBaseMediaDecodeTimeBox((1L << 33) + 5)),
                Arguments.of("trun version 0, first sample flags, no durations", new TrackRunBox(0,
                        TrackRunBox.DATA_OFFSET_PRESENT | TrackRunBox.FIRST_SAMPLE_FLAGS_PRESENT
                                | TrackRunBox.SAMPLE_SIZE_PRESENT,
                        -8, TrackRunBox.SYNC_SAMPLE_FLAGS, List.of(
                                new TrackRunBox.Entry(0, 1, 0, 0), new TrackRunBox.Entry(0, 0xFFFF_FFFFL, 0, 0)))),
                Arguments.of("tfxd past 2^63 unsigned", new TfxdBox(-1L, 0xFFFF_FFFFL + 1)),
                Arguments.of("tfrf no entries yet", new TfrfBox(List.of())),
                Arguments.of("tfrf 255 entries", new TfrfBox(java.util.Collections.nCopies(255, new TfrfBox.Entry(1L << 40, 1)))),
                Arguments.of("trun empty", new TrackRunBox(1, FragmentWriter.TRUN_FLAGS, 0, 0, List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filled")
    void filledBoxRoundTripsAndMatchesGolden(String name, Box box) {
        byte[] bytes = roundTrip(box);
        GoldenBytes.assertMatches("mp4/" + name, bytes, BoxReader::dump);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modified")
    void modifiedBoxRoundTrips(String name, Box box) {
        roundTrip(box);
    }

    @Test
    void mdatCopiesEachSampleSliceInOrder() {
        byte[] shared = "..abc....defg.".getBytes(StandardCharsets.US_ASCII);
        var mdat = new MediaDataBox(List.of(
                new Sample(1, 0, 0, 1, true, shared, 2, 3),
                new Sample(2, 0, 0, 1, true, "XY".getBytes(StandardCharsets.US_ASCII), 0, 2),
                new Sample(1, 1, 0, 1, false, shared, 9, 4),
                new Sample(1, 2, 0, 1, false, shared, 0, 0)));

        byte[] bytes = Box.serialize(List.of(mdat));

        BoxReader.Parsed parsed = BoxReader.parseOne(bytes);
        assertThat(parsed.type()).isEqualTo("mdat");
        assertThat(new String(parsed.payload(), StandardCharsets.US_ASCII)).isEqualTo("abcXYdefg");
        assertThat(mdat.size()).isEqualTo(bytes.length).isEqualTo(8 + 9);
        GoldenBytes.assertMatches("mp4/mdat", bytes, BoxReader::dump);
    }

    @Test
    void mediaHeaderPacksLanguageAsThreeFiveBitLetters() {
        assertThat(MediaHeaderBox.packLanguage("und")).isEqualTo(0x55C4);
        assertThat(MediaHeaderBox.packLanguage("eng")).isEqualTo(0x15C7);
        assertThatThrownBy(() -> MediaHeaderBox.packLanguage("EN")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaHeaderBox.packLanguage("En1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void esdsUsesTheShortestDescriptorLengths() {
        byte[] bytes = Box.serialize(List.of(EsdBox.aac(ASC_AAC_LC_48K_STEREO)));

        // 12 full box header + ES_Descriptor(2 + 3 + DecoderConfig(2 + 13 + DSI(2 + 2)) + SL(2 + 1))
        assertThat(bytes).hasSize(12 + 2 + 3 + 2 + 13 + 4 + 3);
        assertThat(HexFormat.of().formatHex(bytes, 12, bytes.length))
                .isEqualTo("0319" + "000000" + "0411" + "4015000000" + "0000000000000000" + "05021190" + "060102");
    }

    @Test
    void writerRejectsWhatItCannotEncode() {
        assertThatThrownBy(() -> Box.serialize(List.of(new FileTypeBox("iso", 0, List.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("four-character");
        assertThatThrownBy(() -> new VisualSampleEntry("avc1", 1, 1, 1, "x".repeat(32), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmptySampleTableBox("ctts")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrackRunBox(2, 0, 0, 0, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TfrfBox(java.util.Collections.nCopies(256, new TfrfBox.Entry(0, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one byte");
    }

    /** write → parse → decode, asserting size, type and every decoded field; returns the bytes. */
    static byte[] roundTrip(Box box) {
        byte[] bytes = Box.serialize(List.of(box));
        assertThat(bytes).hasSize((int) box.size());

        BoxReader.Parsed parsed = BoxReader.parseOne(bytes);
        assertThat(parsed.type()).isEqualTo(box.fourcc());
        assertThat(parsed.size()).isEqualTo(bytes.length);
        Box decoded = BoxReader.decode(parsed);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(box);
        // and the decoded value writes the same bytes again
        assertThat(Box.serialize(List.of(decoded))).isEqualTo(bytes);
        return bytes;
    }

    static VisualSampleEntry avc1() {
        return new VisualSampleEntry("avc1", 1, 640, 360, "", List.of(new CodecConfigurationBox("avcC", AVCC)));
    }

    static AudioSampleEntry mp4a() {
        return new AudioSampleEntry("mp4a", 1, 2, 16, 48000, List.of(EsdBox.aac(ASC_AAC_LC_48K_STEREO)));
    }

    static CodecConfigurationBox vttC() {
        return new CodecConfigurationBox("vttC", "WEBVTT".getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
