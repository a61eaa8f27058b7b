package dev.wharf.packager.remux;

import dev.wharf.packager.demux.mp4.Fmp4Demuxer;
import dev.wharf.packager.demux.mp4.Fmp4Init;
import dev.wharf.packager.demux.ts.DemuxResult;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.List;
import java.util.Map;

/**
 * One fMP4 media segment (with its init segment) → single-track CMAF fragments, exactly as {@link TsToCmaf}
 * does for MPEG-TS: the samples go through the same model ({@link Fmp4Demuxer}: video at 90 kHz, audio at its
 * sample rate) and the same fragment writer, so CMAF, DASH and every other fMP4 output work unchanged.
 *
 * <p>Pure: the same bytes, sequence number and media time give the same output.
 */
public final class Fmp4ToCmaf {

    private Fmp4ToCmaf() {
    }

    /** @see TsToCmaf#remux(byte[], long, long) */
    public static Map<TrackFormat.Kind, TsToCmaf.Track> remux(Fmp4Init init, byte[] segment, long sequenceNumber,
                                                              long mediaTime90k) {
        return TsToCmaf.remux(Fmp4Demuxer.demux(init, segment), sequenceNumber, mediaTime90k);
    }

    /** @see TsToCmaf#tracks(byte[], long) */
    public static Map<TrackFormat.Kind, TsToCmaf.Samples> tracks(Fmp4Init init, byte[] segment, long mediaTime90k) {
        return TsToCmaf.tracks(Fmp4Demuxer.demux(init, segment), mediaTime90k);
    }

    /**
     * The segment's first presentation time at 90 kHz (of its first video track, else its first track), the value an
     * MPEG-TS segment's first PTS gives: not wrapped at 2^33, fMP4 decode times are 64-bit. -1 without samples.
     */
    public static long firstPresentationTime90k(Fmp4Init init, byte[] segment) {
        DemuxResult d = Fmp4Demuxer.demux(init, segment);
        TrackFormat chosen = null;
        for (TrackFormat f : d.tracks()) {
            if (chosen == null || (chosen.kind() != TrackFormat.Kind.VIDEO && f.kind() == TrackFormat.Kind.VIDEO)) {
                chosen = f;
            }
        }
        if (chosen == null) {
            return -1;
        }
        long min = Long.MAX_VALUE;
        List<Sample> samples = d.samples(chosen.trackId());
        for (Sample s : samples) {
            min = Math.min(min, s.presentationTime());
        }
        return Fmp4Demuxer.rescale(min, chosen.timescale(), 90_000); // rescaled samples: no overflow
    }
}
