package dev.wharf.packager.demux.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.packager.demux.ts.DemuxResult;
import dev.wharf.packager.demux.ts.TsDemuxer;
import dev.wharf.packager.remux.Fmp4ToCmaf;
import dev.wharf.packager.remux.TsToCmaf;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fMP4 reader against ffprobe: fixtures in {@code media/fmp4} were pushed by ffmpeg's HLS muxer with
 * {@code -hls_segment_type fmp4}; the expected packets are ffprobe's, read with {@code -use_tfdt 1
 * -ignore_editlist 1} (the times as stored, see media/README.md).
 */
class Fmp4DemuxerTest {

    record Packet(int stream, long pts, long dts, long duration, int size, boolean key) {}

    static byte[] load(String path) {
        try (InputStream in = Fmp4DemuxerTest.class.getResourceAsStream("/media/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Packet> ffprobe(String segment, int stream) {
        List<Packet> out = new ArrayList<>();
        for (String line : new String(load("fmp4/" + segment + ".packets.csv"), StandardCharsets.US_ASCII).split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length < 6 || Integer.parseInt(f[0]) != stream) {
                continue;
            }
            out.add(new Packet(stream, Long.parseLong(f[1]), Long.parseLong(f[2]),
                    f[3].equals("N/A") ? -1 : Long.parseLong(f[3]), Integer.parseInt(f[4]), f[5].startsWith("K")));
        }
        return out;
    }

    @Test
    void initOfH264AndAac() throws Exception {
        Fmp4Init init = Fmp4InitParser.parse(load("fmp4/h264_aac_init.mp4"));
        assertThat(init.tracks()).hasSize(2);
        Fmp4Init.Track v = init.tracks().get(0);
        assertThat(v.format().kind()).isEqualTo(TrackFormat.Kind.VIDEO);
        assertThat(v.format().codec()).isEqualTo("avc1.4d400c"); // main profile, level 1.2 (x264's choice for 256x144)
        assertThat(v.format().width()).isEqualTo(256);
        assertThat(v.format().height()).isEqualTo(144);
        assertThat(v.format().timescale()).isEqualTo(90_000);
        assertThat(v.sourceTimescale()).isEqualTo(15_360);
        assertThat(v.nalLengthSize()).isEqualTo(4);
        assertThat(v.format().parameterSets()).hasSize(2);
        assertThat(v.format().decoderConfig()[0]).isEqualTo((byte) 1);
        Fmp4Init.Track a = init.tracks().get(1);
        assertThat(a.format().codec()).isEqualTo("mp4a.40.2");
        assertThat(a.format().sampleRate()).isEqualTo(48_000);
        assertThat(a.format().channels()).isEqualTo(2);
        assertThat(a.format().timescale()).isEqualTo(48_000);
        // AAC LC, 48 kHz, 2 channels, then ffmpeg's explicit "no SBR" sync extension (0x2b7), kept as stored
        assertThat(a.format().decoderConfig()).containsExactly(0x11, 0x90, 0x56, 0xE5, 0x00);
        assertThat(Fmp4InitParser.isInit(load("fmp4/h264_aac_init.mp4"))).isTrue();
        assertThat(Fmp4InitParser.isInit(load("fmp4/h264_aac_0.m4s"))).isFalse();
    }

    @Test
    void initOfHevc() throws Exception {
        Fmp4Init init = Fmp4InitParser.parse(load("fmp4/hevc_init.mp4"));
        assertThat(init.tracks()).hasSize(1);
        TrackFormat f = init.tracks().get(0).format();
        assertThat(f.codec()).startsWith("hvc1.1.6.L");
        assertThat(f.width()).isEqualTo(256);
        assertThat(f.height()).isEqualTo(144);
        assertThat(f.parameterSets()).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource({"h264_aac_init.mp4,h264_aac_0,2", "h264_aac_init.mp4,h264_aac_1,2", "hevc_init.mp4,hevc_0,1"})
    void samplesAreFfprobesPackets(String initFile, String segment, int streams) throws Exception {
        Fmp4Init init = Fmp4InitParser.parse(load("fmp4/" + initFile));
        byte[] bytes = load("fmp4/" + segment + ".m4s");
        Fmp4Demuxer.SourceSamples read = Fmp4Demuxer.read(init, bytes);
        assertThat(read.corrupt()).isZero();
        for (int stream = 0; stream < streams; stream++) {
            List<Packet> expected = ffprobe(segment, stream);
            List<Sample> got = read.samples(init.tracks().get(stream).format().trackId());
            assertThat(got).hasSize(expected.size());
            for (int i = 0; i < got.size(); i++) {
                Sample s = got.get(i);
                Packet p = expected.get(i);
                assertThat(s.decodeTime()).as("dts of %s #%d", segment, i).isEqualTo(p.dts());
                assertThat(s.presentationTime()).as("pts of %s #%d", segment, i).isEqualTo(p.pts());
                assertThat(s.length()).as("size of %s #%d", segment, i).isEqualTo(p.size());
                assertThat(s.sync()).as("key of %s #%d", segment, i).isEqualTo(p.key());
                // ffprobe makes up the duration of a stream's very last packet; the stored one is in trun
                boolean lastOfStream = segment.equals("h264_aac_1") && i == got.size() - 1;
                if (p.duration() >= 0 && !lastOfStream) {
                    assertThat((long) s.duration()).as("duration of %s #%d", segment, i).isEqualTo(p.duration());
                }
            }
        }
        // video samples are length-prefixed NAL units filling the sample exactly
        for (Sample s : read.samples(1)) {
            int p = s.offset();
            while (p < s.offset() + s.length()) {
                p += 4 + ((s.data()[p] & 0xFF) << 24 | (s.data()[p + 1] & 0xFF) << 16 | (s.data()[p + 2] & 0xFF) << 8
                        | (s.data()[p + 3] & 0xFF));
            }
            assertThat(p).isEqualTo(s.offset() + s.length());
        }
    }

    @Test
    void outputTimesAre90kHzVideoAndContinuousAcrossSegments() throws Exception {
        Fmp4Init init = Fmp4InitParser.parse(load("fmp4/h264_aac_init.mp4"));
        DemuxResult first = Fmp4Demuxer.demux(init, load("fmp4/h264_aac_0.m4s"));
        DemuxResult second = Fmp4Demuxer.demux(init, load("fmp4/h264_aac_1.m4s"));
        List<Sample> v0 = first.samples(1);
        List<Sample> v1 = second.samples(1);
        assertThat(first.tracks()).extracting(TrackFormat::timescale).containsExactly(90_000, 48_000);
        for (List<Sample> run : List.of(v0, v1, first.samples(2), second.samples(2))) {
            for (int i = 1; i < run.size(); i++) {
                assertThat(run.get(i).decodeTime()).isEqualTo(run.get(i - 1).decodeTime() + run.get(i - 1).duration());
            }
        }
        assertThat(v0.getFirst().duration()).isEqualTo(3000); // 512 / 15360 s = 1/30 s
        assertThat(v1.getFirst().decodeTime()).isEqualTo(v0.getLast().decodeTime() + v0.getLast().duration())
                .isEqualTo(30_720L * 90_000 / 15_360);
        assertThat(Fmp4ToCmaf.firstPresentationTime90k(init, load("fmp4/h264_aac_1.m4s")))
                .isEqualTo(v1.stream().mapToLong(Sample::presentationTime).min().orElseThrow());
    }

    @Test
    void rescaleRoundsAbsoluteTimes() {
        assertThat(Fmp4Demuxer.rescale(1001, 30_000, 90_000)).isEqualTo(3003);
        assertThat(Fmp4Demuxer.rescale(1, 3, 90_000)).isEqualTo(30_000);
        assertThat(Fmp4Demuxer.rescale(1, 7, 10)).isEqualTo(1);
        assertThat(Fmp4Demuxer.rescale(Long.MAX_VALUE / 2, 90_000, 90_000)).isEqualTo(Long.MAX_VALUE / 2);
        assertThat(Fmp4Demuxer.rescale(1L << 50, 1000, 90_000)).isEqualTo((1L << 50) * 90);
    }

    /** Our own CMAF writer's output, read back, gives the TS demuxer's samples: reader and writer agree. */
    @Test
    void readsBackWhatTheCmafWriterWrote() throws Exception {
        byte[] ts = load("h264_main_640x360_30_aac_48k_stereo.ts");
        DemuxResult d = TsDemuxer.demux(ts);
        Map<TrackFormat.Kind, TsToCmaf.Track> cmaf = TsToCmaf.remux(d, 7, -1);
        for (TsToCmaf.Track t : cmaf.values()) {
            Fmp4Init init = Fmp4InitParser.parse(TsToCmaf.init(t.format()));
            DemuxResult back = Fmp4Demuxer.demux(init, t.fragment());
            TrackFormat original = d.tracks().stream().filter(f -> f.kind() == t.format().kind()).findFirst().orElseThrow();
            List<Sample> expected = d.samples(original.trackId());
            List<Sample> got = back.samples(TsToCmaf.TRACK_ID);
            assertThat(back.tracks().getFirst().codec()).isEqualTo(original.codec().replace("avc3", "avc1"));
            assertThat(got).hasSize(expected.size());
            for (int i = 0; i < got.size(); i++) {
                Sample e = expected.get(i);
                Sample g = got.get(i);
                assertThat(g.decodeTime()).isEqualTo(e.decodeTime());
                assertThat(g.compositionOffset()).isEqualTo(e.compositionOffset());
                assertThat(g.duration()).isEqualTo(e.duration());
                assertThat(g.sync()).isEqualTo(e.sync());
                assertThat(Arrays.copyOfRange(g.data(), g.offset(), g.offset() + g.length()))
                        .isEqualTo(Arrays.copyOfRange(e.data(), e.offset(), e.offset() + e.length()));
            }
        }
    }

    @Test
    void truncatedSegmentsGiveAPrefixAndACount() throws Exception {
        Fmp4Init init = Fmp4InitParser.parse(load("fmp4/h264_aac_init.mp4"));
        byte[] full = load("fmp4/h264_aac_1.m4s");
        int all = Fmp4Demuxer.read(init, full).samples(1).size();
        for (int cut = 0; cut < full.length; cut += 97) {
            byte[] part = Arrays.copyOf(full, cut);
            Fmp4Demuxer.SourceSamples r = Fmp4Demuxer.read(init, part);
            assertThat(r.samples(1).size()).isLessThanOrEqualTo(all);
            if (cut > 0) {
                assertThat(r.corrupt()).as("cut at %d", cut).isPositive();
            }
            for (Sample s : r.samples(1)) {
                assertThat(s.offset() + s.length()).isLessThanOrEqualTo(cut);
            }
            Fmp4Demuxer.demux(init, part);
        }
    }

    @Test
    void bogusSizesAndRandomDamageNeverThrow() throws Exception {
        Fmp4Init init = Fmp4InitParser.parse(load("fmp4/h264_aac_init.mp4"));
        byte[] full = load("fmp4/h264_aac_0.m4s");
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] b = full.clone();
            int damage = 1 + random.nextInt(8);
            for (int i = 0; i < damage; i++) {
                // mostly hit the boxes' headers and tables (the first 1.2 kB), sometimes anywhere
                int at = random.nextInt(4) == 0 ? random.nextInt(b.length) : random.nextInt(1200);
                b[at] = (byte) random.nextInt(256);
            }
            Fmp4Demuxer.SourceSamples r = Fmp4Demuxer.read(init, b);
            for (List<Sample> samples : r.samples().values()) {
                for (Sample s : samples) {
                    assertThat(s.offset() + (long) s.length()).isLessThanOrEqualTo(b.length);
                }
            }
            Fmp4Demuxer.demux(init, b);
            Fmp4ToCmaf.remux(init, b, 1, -1); // and what the muxer accepts (no negative duration, offsets that fit)
        }
        // tfdt near 2^64 (read as negative), near 2^63, and huge composition offsets: still no exception
        for (long tfdt : new long[] {-16, Long.MAX_VALUE - 100, 1L << 62}) {
            byte[] b = full.clone();
            java.nio.ByteBuffer.wrap(b).putLong(tfdtAt(b), tfdt);
            Fmp4ToCmaf.remux(init, b, 1, -1);
            Fmp4ToCmaf.firstPresentationTime90k(init, b);
            DemuxResult d = Fmp4Demuxer.demux(init, b);
            if (tfdt != 1L << 62) { // 2^62 ticks at 15360 Hz do not fit in 64 bits at 90 kHz
                continue;
            }
            assertThat(d.samples(1)).as("video samples whose 90 kHz time would overflow are dropped").isEmpty();
            assertThat(d.corruptPackets()).isGreaterThanOrEqualTo(60);
        }
        assertThatThrownBy(() -> Fmp4Demuxer.rescale(1L << 62, 15_360, 90_000)).isInstanceOf(ArithmeticException.class);
        byte[] huge = full.clone();
        huge[3] = (byte) 0xFF; // styp claims more than the segment
        huge[2] = (byte) 0xFF;
        assertThat(Fmp4Demuxer.read(init, huge).corrupt()).isPositive();
    }

    /** Offset of the first tfdt's 64-bit baseMediaDecodeTime (version 1, as ffmpeg writes it). */
    static int tfdtAt(byte[] b) {
        for (int i = 0; i + 8 < b.length; i++) {
            if (b[i] == 't' && b[i + 1] == 'f' && b[i + 2] == 'd' && b[i + 3] == 't') {
                return i + 8;
            }
        }
        throw new IllegalStateException("no tfdt");
    }

    @Test
    void badInitsAreRejectedWithAReason() {
        byte[] init = load("fmp4/h264_aac_init.mp4");
        for (int cut = 0; cut < init.length; cut += 7) {
            byte[] part = Arrays.copyOf(init, cut);
            try {
                Fmp4InitParser.parse(part);
            } catch (Mp4FormatException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThatThrownBy(() -> Fmp4InitParser.parse(Arrays.copyOf(init, 100)))
                .isInstanceOf(Mp4FormatException.class).hasMessageContaining("declares 1339 bytes but");
        assertThatThrownBy(() -> Fmp4InitParser.parse(load("fmp4/h264_aac_0.m4s")))
                .isInstanceOf(Mp4FormatException.class).hasMessageContaining("no moov");
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] b = init.clone();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            try {
                Fmp4InitParser.parse(b);
            } catch (Mp4FormatException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }
}
