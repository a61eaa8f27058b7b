package dev.wharf.packager.mux.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.packager.mux.mp4.SmoothFragmentWriter.Chunk;
import dev.wharf.packager.mux.mp4.box.Box;
import dev.wharf.packager.mux.mp4.box.TfrfBox;
import dev.wharf.packager.mux.mp4.box.TfxdBox;
import dev.wharf.packager.mux.mp4.box.TrackRunBox;
import dev.wharf.packager.sample.Sample;
import dev.wharf.testing.GoldenBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Smooth live fragments: box layout, 10 MHz times that chain exactly, tfxd/tfrf contents, golden bytes. */
class SmoothFragmentWriterTest {

    static final byte[] DATA = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.US_ASCII);

    /** {@code count} samples of {@code duration} ticks from {@code dts}, 4 bytes each, the first a sync sample. */
    static List<Sample> samples(long dts, int count, int duration, int cto) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Sample(1, dts + i * duration, cto, duration, i == 0, DATA, 4 * i, 4));
        }
        return out;
    }

    @Test
    void layoutIsMoofWithTfxdAndTfrfThenMdat() {
        List<Sample> video = samples(126_000, 3, 3600, 3600);
        byte[] bytes = SmoothFragmentWriter.write(7, 1, 90_000, video,
                List.of(new Chunk(15_200_000, 1_200_000), new Chunk(16_400_000, 1_200_000)));

        List<BoxReader.Parsed> top = BoxReader.parse(bytes);
        assertThat(top).extracting(BoxReader.Parsed::type).containsExactly("moof", "mdat");
        BoxReader.Parsed traf = top.getFirst().child("traf");
        assertThat(traf.children()).extracting(BoxReader.Parsed::type).containsExactly("tfhd", "trun", "uuid", "uuid");
        assertThat(BoxReader.decode(traf.children().get(2))).isEqualTo(new TfxdBox(14_000_000, 1_200_000));
        assertThat(BoxReader.decode(traf.children().get(3))).isEqualTo(new TfrfBox(List.of(
                new TfrfBox.Entry(15_200_000, 1_200_000), new TfrfBox.Entry(16_400_000, 1_200_000))));
        TrackRunBox trun = (TrackRunBox) BoxReader.decode(traf.child("trun"));
        assertThat(trun.version()).isZero();
        assertThat(trun.entries()).extracting(TrackRunBox.Entry::duration).containsExactly(400_000L, 400_000L, 400_000L);
        assertThat(trun.entries()).extracting(TrackRunBox.Entry::compositionTimeOffset).containsOnly(400_000);
        // data_offset (from the moof) points at the first sample in mdat
        assertThat(trun.dataOffset()).isEqualTo(top.get(1).payloadOffset());
        assertThat(new String(top.get(1).payload(), StandardCharsets.US_ASCII)).isEqualTo("0123456789ab");
        GoldenBytes.assertMatches("mss/fragment-video", bytes, BoxReader::dump);
    }

    @Test
    void audioAt48kHzChainsExactlyIn10MHz() {
        // 1024-sample AAC frames are 213333.33 units of 100 ns: times are converted, durations are differences
        List<Sample> all = samples(1_234_567, 12, 1024, 0);
        long end = 0;
        Chunk previous = null;
        for (int from = 0; from < 12; from += 4) {
            byte[] bytes = SmoothFragmentWriter.write(1, 1, 48_000, all.subList(from, from + 4), List.of());
            BoxReader.Parsed traf = BoxReader.parse(bytes).getFirst().child("traf");
            TfxdBox tfxd = (TfxdBox) BoxReader.decode(traf.children().get(2));
            TrackRunBox trun = (TrackRunBox) BoxReader.decode(traf.child("trun"));
            long sum = trun.entries().stream().mapToLong(TrackRunBox.Entry::duration).sum();
            assertThat(sum).isEqualTo(tfxd.fragmentDuration());
            if (previous != null) {
                assertThat(tfxd.fragmentAbsoluteTime()).isEqualTo(previous.time() + previous.duration());
            }
            assertThat(new Chunk(tfxd.fragmentAbsoluteTime(), tfxd.fragmentDuration()))
                    .isEqualTo(SmoothFragmentWriter.chunk(all.get(from).decodeTime(), 4 * 1024, 48_000));
            previous = new Chunk(tfxd.fragmentAbsoluteTime(), tfxd.fragmentDuration());
            end = tfxd.fragmentAbsoluteTime() + tfxd.fragmentDuration();
        }
        assertThat(end).isEqualTo(SmoothFragmentWriter.toHns(1_234_567 + 12 * 1024, 48_000));
    }

    @Test
    void toHnsIsExactAndDoesNotOverflow() {
        assertThat(SmoothFragmentWriter.toHns(90_000, 90_000)).isEqualTo(10_000_000);
        assertThat(SmoothFragmentWriter.toHns(1, 48_000)).isEqualTo(208); // 208.33 rounded down
        // 30 days of a 90 kHz clock past several 33-bit wraps: ticks * 10^7 overflows a long, the result does not
        long ticks = 30L * 86_400 * 90_000 * 1000;
        assertThat(SmoothFragmentWriter.toHns(ticks, 90_000)).isEqualTo(30L * 86_400 * 1000 * 10_000_000);
    }

    @Test
    void negativeCompositionOffsetsUseTrunVersion1() {
        List<Sample> s = List.of(new Sample(1, 0, 0, 3000, true, DATA, 0, 4), new Sample(1, 3000, -3000, 3000, false, DATA, 4, 4));
        byte[] bytes = SmoothFragmentWriter.write(1, 1, 90_000, s, List.of());
        TrackRunBox trun = (TrackRunBox) BoxReader.decode(BoxReader.parse(bytes).getFirst().child("traf").child("trun"));
        assertThat(trun.version()).isEqualTo(1);
        assertThat(trun.entries().get(1).compositionTimeOffset()).isEqualTo(-333_333);
    }

    @Test
    void tfxdBytesAreTheSpecLayout() {
        // size 44, 'uuid', user type, version 1, flags 0, 64-bit time and duration
        assertThat(HexFormat.of().formatHex(Box.serialize(List.of(new TfxdBox(0x0102030405060708L, 20_000_000)))))
                .isEqualTo("0000002c" + "75756964" + "6d1d9b0542d544e680e2141daff757b2" + "01000000"
                        + "0102030405060708" + "0000000001312d00");
    }

    @Test
    void rejectsAnEmptyFragment() {
        assertThatThrownBy(() -> SmoothFragmentWriter.write(1, 1, 90_000, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
