package dev.wharf.packager.demux.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.demux.ts.Fixtures.Packet;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Demuxes the ffmpeg-made fixtures and checks against ffprobe 5.1's packets ({@code media/ffprobe/*.csv}, made
 * with the command in media/README.md) and against the boxes ffmpeg writes when remuxing to MP4 ({@code media/mp4}).
 */
class TsDemuxerFixturesTest {

    private static final long WRAP = 1L << 33;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "h264_main_640x360_30_aac_48k_stereo, false, 0",
            "h264_high_854x480_25_aac_44k_mono,   false, 0",
            "h264_high_1920x1080_2997,            false, 0",
            "h264_high_1920x1080i25,              false, 0",
            "h264_baseline_320x240_15,            false, 0",
            "hevc_main_640x360_30,                true,  0",
            // ffprobe shows the wrap fixture's times unwrapped below zero; ours stay above 2^33 - 80000
            "h264_pts_wrap,                       false, 8589934592",
    })
    void videoSamplesMatchFfprobePackets(String fixture, boolean hevc, long offset) {
        DemuxResult r = TsDemuxer.demux(Fixtures.load(fixture + ".ts"));
        List<Packet> expected = Fixtures.ffprobe(fixture, "v");

        assertThat(r.continuityErrors()).isZero();
        assertThat(r.corruptPackets()).isZero();
        TrackFormat video = r.tracks().getFirst();
        assertThat(video.kind()).isEqualTo(TrackFormat.Kind.VIDEO);
        assertThat(video.timescale()).isEqualTo(90_000);
        List<Sample> samples = r.samples(video.trackId());
        List<Packet> actual = samples.stream()
                .map(s -> new Packet(s.presentationTime() - offset, s.decodeTime() - offset, s.sync())).toList();
        assertThat(actual).containsExactlyElementsOf(expected);
        for (int i = 0; i + 1 < samples.size(); i++) {
            assertThat(samples.get(i).duration())
                    .isEqualTo(samples.get(i + 1).decodeTime() - samples.get(i).decodeTime());
        }
        assertThat(samples.getLast().duration()).isEqualTo(samples.get(samples.size() - 2).duration());
        for (Sample s : samples) {
            List<Integer> types = Fixtures.assertLengthPrefixedNals(s, hevc);
            boolean idr = hevc ? types.stream().anyMatch(t -> t >= 16 && t <= 23) : types.contains(5);
            assertThat(s.sync()).isEqualTo(idr);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "h264_main_640x360_30_aac_48k_stereo, 48000, 2, 0",
            "h264_high_854x480_25_aac_44k_mono,   44100, 1, 0",
            "aac_only_44k_stereo,                 44100, 2, 0",
            "h264_pts_wrap,                       48000, 1, 8589934592",
    })
    void aacFramesMatchFfprobePackets(String fixture, int rate, int channels, long offset) {
        DemuxResult r = TsDemuxer.demux(Fixtures.load(fixture + ".ts"));
        List<Packet> expected = Fixtures.ffprobe(fixture, "a");

        TrackFormat audio = r.tracks().stream().filter(t -> t.kind() == TrackFormat.Kind.AUDIO).findFirst().orElseThrow();
        assertThat(audio.codec()).isEqualTo("mp4a.40.2");
        assertThat(audio.timescale()).isEqualTo(rate);
        assertThat(audio.sampleRate()).isEqualTo(rate);
        assertThat(audio.channels()).isEqualTo(channels);
        List<Sample> samples = r.samples(audio.trackId());
        assertThat(samples).hasSameSizeAs(expected);
        long first = Math.round((expected.getFirst().dts() + offset) * (double) rate / 90_000);
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            assertThat(s.decodeTime()).isEqualTo(first + 1024L * i);
            assertThat(s.compositionOffset()).isZero();
            assertThat(s.duration()).isEqualTo(1024);
            assertThat(s.sync()).isTrue();
            // ffprobe interpolates 90 kHz times from whole-tick frame durations (2089 at 44.1 kHz): near ours
            double ours90k = s.decodeTime() * 90_000.0 / rate - offset;
            assertThat(Math.abs(ours90k - expected.get(i).dts())).isLessThan(1.5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ac3_48k_5ch1,              ac-3, 6",
            "ac3_48k_stereo_system_b,   ac-3, 2",
            "eac3_48k_stereo_system_b,  ec-3, 2",
    })
    void ac3FramesMatchFfprobePackets(String fixture, String codec, int channels) {
        DemuxResult r = TsDemuxer.demux(Fixtures.load(fixture + ".ts"));
        List<Packet> expected = Fixtures.ffprobe(fixture, "a");

        TrackFormat audio = r.tracks().getFirst();
        assertThat(audio.codec()).isEqualTo(codec);
        assertThat(audio.timescale()).isEqualTo(48_000);
        assertThat(audio.channels()).isEqualTo(channels);
        List<Sample> samples = r.samples(audio.trackId());
        assertThat(samples).hasSameSizeAs(expected);
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            assertThat(s.decodeTime() * 90_000 / 48_000).isEqualTo(expected.get(i).dts()); // 1536 samples = 2880 ticks
            assertThat(s.duration()).isEqualTo(1536);
            assertThat(s.data()[s.offset()]).isEqualTo((byte) 0x0B);
            assertThat(s.data()[s.offset() + 1]).isEqualTo((byte) 0x77);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "h264_main_640x360_30_aac_48k_stereo, h264_main_640x360_30,     avcC",
            "h264_high_854x480_25_aac_44k_mono,   h264_high_854x480_25,     avcC",
            "h264_baseline_320x240_15,            h264_baseline_320x240_15, avcC",
            "hevc_main_640x360_30,                hevc_main_640x360_30,     hvcC",
            "aac_only_44k_stereo,                 aac_44k_stereo,           esds",
            "h264_high_854x480_25_aac_44k_mono,   aac_44k_mono,             esds",
            "ac3_48k_5ch1,                        ac3_48k_5ch1,             dac3",
            "eac3_48k_stereo_system_b,            eac3_48k_stereo,          dec3",
    })
    void decoderConfigAndFirstSampleEqualWhatFfmpegWritesToMp4(String fixture, String mp4, String box) {
        DemuxResult r = TsDemuxer.demux(Fixtures.load(fixture + ".ts"));
        byte[] file = Fixtures.load("mp4/" + mp4 + ".mp4");
        boolean video = box.equals("avcC") || box.equals("hvcC");
        TrackFormat track = r.tracks().stream()
                .filter(t -> t.kind() == (video ? TrackFormat.Kind.VIDEO : TrackFormat.Kind.AUDIO))
                .findFirst().orElseThrow();

        byte[] golden = Mp4Boxes.find(file, box);
        if (box.equals("esds")) {
            golden = Mp4Boxes.decoderSpecificInfo(golden);
        }
        assertThat(HexFormat.of().formatHex(track.decoderConfig())).isEqualTo(HexFormat.of().formatHex(golden));

        // ffmpeg's first MP4 sample keeps AUD and parameter sets in band; without them it must equal ours.
        byte[] mdat = Mp4Boxes.find(file, "mdat");
        byte[] expectedSample = video ? withoutParameterSets(mdat, box.equals("hvcC")) : mdat;
        Sample first = r.samples(track.trackId()).getFirst();
        Fixtures.assertSameBytes(Fixtures.bytes(first), expectedSample);
    }

    @Test
    void h264FormatCarriesParameterSetsAndPictureSize() {
        DemuxResult r = TsDemuxer.demux(Fixtures.load("h264_main_640x360_30_aac_48k_stereo.ts"));

        TrackFormat v = r.tracks().get(0);
        assertThat(v.trackId()).isEqualTo(1);
        assertThat(v.codec()).isEqualTo("avc1.4d401f");
        assertThat(v.width()).isEqualTo(640);
        assertThat(v.height()).isEqualTo(360);
        assertThat(v.language()).isEqualTo("und");
        assertThat(v.parameterSets()).hasSize(2);
        assertThat(HexFormat.of().formatHex(v.parameterSets().get(0)))
                .isEqualTo("674d401feca05017fcb80880000003008000001e078c18cb");
        assertThat(v.parameterSets().get(1)[0] & 0x1F).isEqualTo(8);
        TrackFormat a = r.tracks().get(1);
        assertThat(a.trackId()).isEqualTo(2);
        assertThat(a.language()).isEqualTo("eng");
    }

    @Test
    void hevcFormatHasVpsSpsPpsAndCodecString() {
        DemuxResult r = TsDemuxer.demux(Fixtures.load("hevc_main_640x360_30.ts"));

        TrackFormat v = r.tracks().getFirst();
        assertThat(v.codec()).isEqualTo("hvc1.1.6.L63.90");
        assertThat(v.width()).isEqualTo(640);
        assertThat(v.parameterSets()).extracting(p -> (p[0] >> 1) & 0x3F).containsExactly(32, 33, 34);
    }

    /**
     * Length-prefixed NAL units of an MP4 sample, without parameter sets, AUD and filler, and without trailing zero
     * bytes: ffmpeg keeps the trailing_zero_8bits (ISO/IEC 14496-10 B.2, not part of the NAL unit) that end a PES
     * in the last NAL unit of the sample; the demuxer strips them.
     */
    private static byte[] withoutParameterSets(byte[] sample, boolean hevc) {
        List<Byte> out = new ArrayList<>();
        int p = 0;
        while (p + 4 <= sample.length) {
            int n = ((sample[p] & 0xFF) << 24) | ((sample[p + 1] & 0xFF) << 16) | ((sample[p + 2] & 0xFF) << 8)
                    | (sample[p + 3] & 0xFF);
            int type = hevc ? (sample[p + 4] >> 1) & 0x3F : sample[p + 4] & 0x1F;
            boolean drop = hevc ? type == 32 || type == 33 || type == 34 || type == 35 || type == 38
                    : type == 7 || type == 8 || type == 9 || type == 12;
            if (!drop) {
                int m = n;
                while (m > 0 && sample[p + 4 + m - 1] == 0) {
                    m--;
                }
                out.add((byte) (m >>> 24));
                out.add((byte) (m >>> 16));
                out.add((byte) (m >>> 8));
                out.add((byte) m);
                for (int i = p + 4; i < p + 4 + m; i++) {
                    out.add(sample[i]);
                }
            }
            p += 4 + n;
        }
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.get(i);
        }
        return b;
    }
}
