package dev.wharf.packager.mux.mp4;

import dev.wharf.packager.mux.mp4.box.Box;
import dev.wharf.packager.mux.mp4.box.ContainerBox;
import dev.wharf.packager.mux.mp4.box.MediaDataBox;
import dev.wharf.packager.mux.mp4.box.MovieFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.SegmentTypeBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentBaseMediaDecodeTimeBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackRunBox;
import dev.wharf.packager.sample.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a CMAF media segment of one fragment: {@code styp}, {@code moof}, {@code mdat}.
 *
 * <pre>
 * styp  major msdh, compatible msdh cmfs
 * moof
 *   mfhd  sequence_number
 *   traf  (one per run, in the order given)
 *     tfhd  default-base-is-moof, track_ID
 *     tfdt  version 1, baseMediaDecodeTime
 *     trun  version 1; data_offset, and per sample duration, size, flags, composition offset
 * mdat  the samples of the first run, then of the second...
 * </pre>
 *
 * <p>Brands ({@code styp}, ISO/IEC 14496-12 8.16.2):
 * <ul>
 *   <li>{@code msdh}, major and compatible: a DASH media segment (ISO/IEC 23009-1 6.3.4.2), which is
 *       also what HLS fMP4 segments are; DASH-IF IOP asks for {@code styp} with {@code msdh}.</li>
 *   <li>{@code cmfs}: a CMAF segment (ISO/IEC 23000-19 7.2, the CMAF brands).</li>
 *   <li>Not {@code msix}: that brand promises a {@code sidx} (23009-1 6.3.4.3), which live fragments
 *       don't carry.</li>
 * </ul>
 *
 * <p>Every per-sample field is written (no {@code tfhd} defaults): samples from a TS demuxer have
 * varying durations and sizes, and one layout for every track keeps readers and tests simple. Sample
 * flags (8.8.3.1): sync {@code 0x02000000} (depends on no other sample), non-sync {@code 0x01010000}
 * (depends on others, is_non_sync_sample).
 *
 * <p>Sizes are known before anything is written ({@link #size}); the output is one array of exactly
 * that size, each sample copied into it once. Same input, same bytes.
 */
public final class FragmentWriter {

    public static final String MAJOR_BRAND = "msdh";
    public static final List<String> COMPATIBLE_BRANDS = List.of("msdh", "cmfs");

    static final int TRUN_FLAGS = TrackRunBox.DATA_OFFSET_PRESENT | TrackRunBox.SAMPLE_DURATION_PRESENT
            | TrackRunBox.SAMPLE_SIZE_PRESENT | TrackRunBox.SAMPLE_FLAGS_PRESENT
            | TrackRunBox.SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT;

    private FragmentWriter() {
    }

    /**
     * One media segment.
     *
     * @param sequenceNumber {@code mfhd} sequence number, 1 for the first fragment and increasing (unsigned 32 bits)
     * @param runs           one per track, in the order of the {@code traf}s and of their data in {@code mdat}
     */
    public static byte[] write(long sequenceNumber, List<TrackRun> runs) {
        return Box.serialize(boxes(sequenceNumber, runs));
    }

    /** Exactly {@code write(sequenceNumber, runs).length}, computed without writing. */
    public static long size(List<TrackRun> runs) {
        return Box.sizeOf(boxes(0, runs));
    }

    /** The segment's top-level boxes, data offsets resolved. */
    public static List<Box> boxes(long sequenceNumber, List<TrackRun> runs) {
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sequence number " + sequenceNumber + " is not an unsigned 32-bit value");
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a fragment needs at least one track run");
        }
        Set<Integer> trackIds = new HashSet<>();
        for (TrackRun run : runs) {
            if (!trackIds.add(run.format().trackId())) {
                throw new IllegalArgumentException("two runs of track " + run.format().trackId());
            }
        }
        // The trun sizes don't depend on the data offsets: size the moof with zeros, then fill them in.
        long moofSize = moof(sequenceNumber, runs, new long[runs.size()]).size();
        long[] dataOffsets = new long[runs.size()];
        long offset = moofSize + BoxWriter.BOX_HEADER_SIZE;
        List<Sample> mdatSamples = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            dataOffsets[i] = offset;
            for (Sample s : runs.get(i).samples()) {
                offset += s.length();
                mdatSamples.add(s);
            }
        }
        if (offset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fragment of " + offset + " bytes: data offsets need more than 31 bits");
        }
        return List.of(
                new SegmentTypeBox(MAJOR_BRAND, 0, COMPATIBLE_BRANDS),
                moof(sequenceNumber, runs, dataOffsets),
                new MediaDataBox(mdatSamples));
    }

    private static ContainerBox moof(long sequenceNumber, List<TrackRun> runs, long[] dataOffsets) {
        List<Box> children = new ArrayList<>(runs.size() + 1);
        children.add(new MovieFragmentHeaderBox(sequenceNumber));
        for (int i = 0; i < runs.size(); i++) {
            TrackRun run = runs.get(i);
            children.add(ContainerBox.of(ContainerBox.TRACK_FRAGMENT,
                    TrackFragmentHeaderBox.defaultBaseIsMoof(run.format().trackId()),
                    new TrackFragmentBaseMediaDecodeTimeBox(run.baseMediaDecodeTime()),
                    trun(run.samples(), (int) dataOffsets[i])));
        }
        return new ContainerBox(ContainerBox.MOVIE_FRAGMENT, children);
    }

    private static TrackRunBox trun(List<Sample> samples, int dataOffset) {
        List<TrackRunBox.Entry> entries = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            entries.add(new TrackRunBox.Entry(s.duration(), s.length(),
                    s.sync() ? TrackRunBox.SYNC_SAMPLE_FLAGS : TrackRunBox.NON_SYNC_SAMPLE_FLAGS,
                    s.compositionOffset()));
        }
        return new TrackRunBox(1, TRUN_FLAGS, dataOffset, 0, entries);
    }
}
