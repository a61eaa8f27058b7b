package dev.wharf.packager.mux.mp4;

import dev.wharf.packager.mux.mp4.box.Box;
import dev.wharf.packager.mux.mp4.box.ContainerBox;
import dev.wharf.packager.mux.mp4.box.MediaDataBox;
import dev.wharf.packager.mux.mp4.box.MovieFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.TfrfBox;
import dev.wharf.packager.mux.mp4.box.TfxdBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackRunBox;
import dev.wharf.packager.sample.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Smooth Streaming live fragment (MS-SSTR 2.2.4): {@code moof} and {@code mdat}, nothing else
 * (no {@code styp}: a Smooth fragment starts with its {@code moof}).
 *
 * <pre>
 * moof
 *   mfhd  sequence_number
 *   traf
 *     tfhd  default-base-is-moof, track_ID
 *     trun  data_offset, and per sample duration, size, flags, composition offset
 *     uuid  tfxd: this fragment's absolute time and duration
 *     uuid  tfrf: the next fragments' times and durations (possibly none yet)
 * mdat
 * </pre>
 *
 * <p>Times are in 10 MHz, the Smooth default {@code TimeScale}: each sample's absolute decode time is
 * converted ({@link #toHns}, rounded down) and durations are the differences, so a fragment ends
 * exactly where the next one (converted the same way) starts, whatever the source timescale (48 kHz
 * audio frames are 213333.3 units long). No {@code tfdt}: MS-SSTR's TrackFragmentBox has none (tfxd
 * carries the time), and dash.js builds one from the chunk time when it is missing.
 *
 * <p>Sizes are known before anything is written; one array, each sample copied once. Pure.
 */
public final class SmoothFragmentWriter {

    /** Smooth Streaming's default TimeScale: 100-ns units. */
    public static final long TIMESCALE = 10_000_000L;

    private SmoothFragmentWriter() {
    }

    /** One fragment's time and duration in 10 MHz, as tfxd, tfrf and the manifest's chunks give them. */
    public record Chunk(long time, long duration) {}

    /** {@code ticks} of a {@code timescale} clock in 100-ns units, rounded down, without overflow. */
    public static long toHns(long ticks, long timescale) {
        long whole = Math.floorDiv(ticks, timescale);
        long rest = Math.floorMod(ticks, timescale);
        return whole * TIMESCALE + rest * TIMESCALE / timescale;
    }

    /** The chunk of a fragment whose samples start at {@code decodeTime} and last {@code durationTicks}. */
    public static Chunk chunk(long decodeTime, long durationTicks, long timescale) {
        long start = toHns(decodeTime, timescale);
        return new Chunk(start, toHns(decodeTime + durationTicks, timescale) - start);
    }

    /**
     * One fragment of one track.
     *
     * @param sequenceNumber {@code mfhd} sequence number (unsigned 32 bits)
     * @param trackId        {@code tfhd} track_ID
     * @param timescale      the samples' timescale
     * @param samples        in decode order, at least one
     * @param next           the following fragments' chunks for tfrf, in order (at most 255)
     */
    public static byte[] write(long sequenceNumber, int trackId, long timescale, List<Sample> samples, List<Chunk> next) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a fragment needs at least one sample");
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        Chunk self = chunk(first.decodeTime(), last.decodeTime() + last.duration() - first.decodeTime(), timescale);
        List<TrackRunBox.Entry> entries = new ArrayList<>(samples.size());
        boolean negative = false;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            long start = toHns(s.decodeTime(), timescale);
            long end = i + 1 < samples.size() ? toHns(samples.get(i + 1).decodeTime(), timescale)
                    : toHns(s.decodeTime() + s.duration(), timescale);
            long cto = toHns(s.decodeTime() + s.compositionOffset(), timescale) - start;
            if (cto < Integer.MIN_VALUE || cto > Integer.MAX_VALUE || end - start > 0xFFFF_FFFFL || end < start) {
                throw new IllegalArgumentException("sample at " + s.decodeTime() + " does not fit a trun in 10 MHz");
            }
            negative |= cto < 0;
            entries.add(new TrackRunBox.Entry(end - start, s.length(),
                    s.sync() ? TrackRunBox.SYNC_SAMPLE_FLAGS : TrackRunBox.NON_SYNC_SAMPLE_FLAGS, (int) cto));
        }
        // version 0 (unsigned offsets) unless a composition time offset is negative
        int version = negative ? 1 : 0;
        TfxdBox tfxd = new TfxdBox(self.time(), self.duration());
        List<TfrfBox.Entry> lookahead = next.stream().map(c -> new TfrfBox.Entry(c.time(), c.duration())).toList();
        TfrfBox tfrf = new TfrfBox(lookahead);
        long moofSize = moof(sequenceNumber, trackId, version, entries, 0, tfxd, tfrf).size();
        long dataOffset = moofSize + BoxWriter.BOX_HEADER_SIZE;
        long mdatSize = BoxWriter.BOX_HEADER_SIZE;
        for (Sample s : samples) {
            mdatSize += s.length();
        }
        if (moofSize + mdatSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fragment of " + (moofSize + mdatSize) + " bytes");
        }
        return Box.serialize(List.of(moof(sequenceNumber, trackId, version, entries, (int) dataOffset, tfxd, tfrf),
                new MediaDataBox(samples)));
    }

    private static ContainerBox moof(long sequenceNumber, int trackId, int version, List<TrackRunBox.Entry> entries,
                                     int dataOffset, TfxdBox tfxd, TfrfBox tfrf) {
        return ContainerBox.of(ContainerBox.MOVIE_FRAGMENT,
                new MovieFragmentHeaderBox(sequenceNumber & 0xFFFF_FFFFL),
                ContainerBox.of(ContainerBox.TRACK_FRAGMENT,
                        TrackFragmentHeaderBox.defaultBaseIsMoof(trackId),
                        new TrackRunBox(version, FragmentWriter.TRUN_FLAGS, dataOffset, 0, entries),
                        tfxd,
                        tfrf));
    }
}
