package dev.wharf.packager.mux.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.packager.mux.mp4.box.MovieFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.SegmentTypeBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentBaseMediaDecodeTimeBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackRunBox;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import dev.wharf.testing.GoldenBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FragmentWriterTest {

    static final TrackFormat VIDEO = InitSegmentWriterTest.AVC;
    static final TrackFormat AUDIO = InitSegmentWriterTest.AAC;

    /** Three frames I P B (decode order) at 30 fps in 90 kHz, with B's composition offset below P's. */
    static List<Sample> video() {
        byte[] pool = new byte[64];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = (byte) (0xA0 + i);
        }
        return List.of(
                new Sample(1, 900_000, 3000, 3000, true, pool, 0, 10),
                new Sample(1, 903_000, 6000, 3000, false, pool, 10, 7),
                new Sample(1, 906_000, 0, 3000, false, pool, 40, 5));
    }

    static List<Sample> audio() {
        return List.of(
                new Sample(2, 899_000, 0, 1920, true, new byte[] {0x21, 0x10, 0x05}, 0, 3),
                new Sample(2, 900_920, 0, 1920, true, new byte[] {0x21, 0x11}, 0, 2));
    }

    @Test
    void segmentLayoutAndFields() {
        byte[] segment = FragmentWriter.write(7, List.of(TrackRun.of(VIDEO, video()), TrackRun.of(AUDIO, audio())));

        List<BoxReader.Parsed> top = BoxReader.parse(segment);
        assertThat(top).extracting(BoxReader.Parsed::type).containsExactly("styp", "moof", "mdat");
        assertThat(BoxReader.decode(top.get(0))).isEqualTo(new SegmentTypeBox("msdh", 0, List.of("msdh", "cmfs")));
        BoxReader.Parsed moof = top.get(1);
        assertThat(moof.children()).extracting(BoxReader.Parsed::type).containsExactly("mfhd", "traf", "traf");
        assertThat(BoxReader.decode(moof.child("mfhd"))).isEqualTo(new MovieFragmentHeaderBox(7));

        BoxReader.Parsed v = moof.all("traf").get(0);
        assertThat(v.children()).extracting(BoxReader.Parsed::type).containsExactly("tfhd", "tfdt", "trun");
        assertThat(BoxReader.decode(v.child("tfhd"))).isEqualTo(TrackFragmentHeaderBox.defaultBaseIsMoof(1));
        assertThat(v.child("tfhd").payload()).startsWith(0, 0x02, 0, 0);
        assertThat(BoxReader.decode(v.child("tfdt"))).isEqualTo(new TrackFragmentBaseMediaDecodeTimeBox(900_000));
        assertThat(v.child("tfdt").payload()[0]).as("tfdt version").isEqualTo((byte) 1);
        int mdatPayload = top.get(2).payloadOffset() - moof.offset();
        assertThat(BoxReader.decode(v.child("trun"))).usingRecursiveComparison().isEqualTo(
                new TrackRunBox(1, 0x000F01, mdatPayload, 0, List.of(
                        new TrackRunBox.Entry(3000, 10, 0x0200_0000, 3000),
                        new TrackRunBox.Entry(3000, 7, 0x0101_0000, 6000),
                        new TrackRunBox.Entry(3000, 5, 0x0101_0000, 0))));

        BoxReader.Parsed a = moof.all("traf").get(1);
        assertThat(BoxReader.decode(a.child("tfhd"))).isEqualTo(TrackFragmentHeaderBox.defaultBaseIsMoof(2));
        assertThat(BoxReader.decode(a.child("tfdt"))).isEqualTo(new TrackFragmentBaseMediaDecodeTimeBox(899_000));
        assertThat(BoxReader.decode(a.child("trun"))).usingRecursiveComparison().isEqualTo(
                new TrackRunBox(1, 0x000F01, mdatPayload + 22, 0, List.of(
                        new TrackRunBox.Entry(1920, 3, 0x0200_0000, 0),
                        new TrackRunBox.Entry(1920, 2, 0x0200_0000, 0))));

        byte[] expectedMdat = new byte[22 + 5];
        byte[] pool = video().getFirst().data();
        System.arraycopy(pool, 0, expectedMdat, 0, 10);
        System.arraycopy(pool, 10, expectedMdat, 10, 7);
        System.arraycopy(pool, 40, expectedMdat, 17, 5);
        System.arraycopy(new byte[] {0x21, 0x10, 0x05, 0x21, 0x11}, 0, expectedMdat, 22, 5);
        assertThat(top.get(2).payload()).isEqualTo(expectedMdat);
        assertThat(FragmentWriter.size(List.of(TrackRun.of(VIDEO, video()), TrackRun.of(AUDIO, audio()))))
                .isEqualTo(segment.length);
    }

    @Test
    void negativeCompositionOffsetsStaySigned() {
        var s = new Sample(1, 0, -3000, 3000, true, new byte[] {1}, 0, 1);
        byte[] segment = FragmentWriter.write(1, List.of(TrackRun.of(VIDEO, List.of(s))));

        var trun = (TrackRunBox) BoxReader.decode(BoxReader.parse(segment).get(1).child("traf/trun"));
        assertThat(trun.version()).isEqualTo(1);
        assertThat(trun.entries().getFirst().compositionTimeOffset()).isEqualTo(-3000);
    }

    @Test
    void baseMediaDecodeTimeCanBeRebasedAndExceed32Bits() {
        long t = (1L << 33) + 12345;
        byte[] segment = FragmentWriter.write(1, List.of(new TrackRun(VIDEO, video(), t)));

        assertThat(BoxReader.decode(BoxReader.parse(segment).get(1).child("traf/tfdt")))
                .isEqualTo(new TrackFragmentBaseMediaDecodeTimeBox(t));
    }

    @Test
    void segmentMatchesGoldenBytes() {
        GoldenBytes.assertMatches("mp4/fragment-avc-aac",
                FragmentWriter.write(7, List.of(TrackRun.of(VIDEO, video()), TrackRun.of(AUDIO, audio()))),
                BoxReader::dump);
    }

    @Test
    void sameInputSameBytes() {
        var runs = List.of(TrackRun.of(VIDEO, video()), TrackRun.of(AUDIO, audio()));
        assertThat(FragmentWriter.write(3, runs)).isEqualTo(FragmentWriter.write(3, runs));
    }

    /**
     * Property: for random track counts, sample counts and sizes (fixed seed, so reproducible), the
     * computed size is the written size, and each trun's data offset, counted from the moof, finds
     * every sample's exact bytes in mdat.
     */
    @Test
    void computedSizeIsWrittenSizeAndOffsetsFindEverySample() {
        Random random = new Random(20240917L);
        for (int iteration = 0; iteration < 300; iteration++) {
            int tracks = 1 + random.nextInt(4);
            List<TrackRun> runs = new ArrayList<>();
            for (int t = 1; t <= tracks; t++) {
                TrackFormat format = new TrackFormat(t, TrackFormat.Kind.AUDIO, "mp4a.40.2", 48000, 0, 0, 48000, 2,
                        "und", new byte[] {0x11, (byte) 0x90}, List.of());
                int count = random.nextInt(iteration % 10 == 0 ? 2000 : 40);
                List<Sample> samples = new ArrayList<>();
                long dts = random.nextLong(1L << 40);
                long base = dts;
                for (int i = 0; i < count; i++) {
                    int length = random.nextInt(random.nextBoolean() ? 16 : 5000);
                    int offset = random.nextInt(8);
                    byte[] data = new byte[offset + length + random.nextInt(8)];
                    random.nextBytes(data);
                    int duration = random.nextInt(4000);
                    samples.add(new Sample(t, dts, random.nextInt(-9000, 9000), duration, random.nextBoolean(),
                            data, offset, length));
                    dts += duration;
                }
                runs.add(new TrackRun(format, samples, base));
            }
            long sequence = random.nextLong(1L << 32);

            long size = FragmentWriter.size(runs);
            byte[] segment = FragmentWriter.write(sequence, runs);

            assertThat(segment).as("iteration %d", iteration).hasSize((int) size);
            assertSamplesAtTheirOffsets(segment, runs, sequence);
        }
    }

    static void assertSamplesAtTheirOffsets(byte[] segment, List<TrackRun> runs, long sequence) {
        List<BoxReader.Parsed> top = BoxReader.parse(segment);
        BoxReader.Parsed moof = top.get(1);
        BoxReader.Parsed mdat = top.get(2);
        assertThat(BoxReader.decode(moof.child("mfhd"))).isEqualTo(new MovieFragmentHeaderBox(sequence));
        List<BoxReader.Parsed> trafs = moof.all("traf");
        assertThat(trafs).hasSameSizeAs(runs);
        long mdatBytes = 0;
        for (int r = 0; r < runs.size(); r++) {
            TrackRun run = runs.get(r);
            var tfhd = (TrackFragmentHeaderBox) BoxReader.decode(trafs.get(r).child("tfhd"));
            var tfdt = (TrackFragmentBaseMediaDecodeTimeBox) BoxReader.decode(trafs.get(r).child("tfdt"));
            var trun = (TrackRunBox) BoxReader.decode(trafs.get(r).child("trun"));
            assertThat(tfhd.trackId()).isEqualTo(run.format().trackId());
            assertThat(tfdt.baseMediaDecodeTime()).isEqualTo(run.baseMediaDecodeTime());
            assertThat(trun.entries()).hasSameSizeAs(run.samples());
            int position = moof.offset() + trun.dataOffset();
            for (int i = 0; i < run.samples().size(); i++) {
                Sample s = run.samples().get(i);
                TrackRunBox.Entry e = trun.entries().get(i);
                assertThat(e).isEqualTo(new TrackRunBox.Entry(s.duration(), s.length(),
                        s.sync() ? 0x0200_0000 : 0x0101_0000, s.compositionOffset()));
                assertThat(Arrays.equals(segment, position, position + s.length(),
                        s.data(), s.offset(), s.offset() + s.length())).as("bytes of sample %d of run %d", i, r).isTrue();
                assertThat(position).isBetween(mdat.payloadOffset(), mdat.end());
                position += s.length();
                mdatBytes += s.length();
            }
        }
        assertThat(mdat.payloadSize()).isEqualTo(mdatBytes);
    }

    @Test
    void rejectsInconsistentRuns() {
        assertThatThrownBy(() -> FragmentWriter.write(1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FragmentWriter.write(-1, List.of(TrackRun.of(VIDEO, video()))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FragmentWriter.write(1L << 32, List.of(TrackRun.of(VIDEO, video()))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrackRun.of(AUDIO, video()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("track 1");
        assertThatThrownBy(() -> FragmentWriter.write(1, List.of(TrackRun.of(VIDEO, video()), TrackRun.of(VIDEO, video()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two runs");
        assertThatThrownBy(() -> TrackRun.of(VIDEO, List.of(new Sample(1, 0, 0, 1, true, new byte[4], 2, 3))))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
