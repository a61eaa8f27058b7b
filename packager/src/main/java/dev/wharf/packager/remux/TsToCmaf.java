package dev.wharf.packager.remux;

import dev.wharf.packager.demux.ts.DemuxResult;
import dev.wharf.packager.demux.ts.TsDemuxer;
import dev.wharf.packager.mux.mp4.FragmentWriter;
import dev.wharf.packager.mux.mp4.InitSegmentWriter;
import dev.wharf.packager.mux.mp4.TrackRun;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One MPEG-TS segment → single-track CMAF fragments: the first video track and the first audio track
 * of the segment, each as its own CMAF track (CMAF has no muxed audio+video), with {@code track_ID} 1.
 *
 * <p>Times: the demuxer unwraps PTS/DTS within one segment only, so a segment after a 33-bit wrap would
 * start again near 0. The caller passes the segment's media time from the output timeline, which is
 * unwrapped across segments ({@code TimelineEntry#mediaTime90k}); every sample is moved by the whole
 * number of 2^33 periods that brings the segment next to it. Without a wrap that number is 0 and
 * {@code tfdt} is the first sample's DTS, exactly what the encoder wrote. Audio samples are in the sample
 * rate: a move of k·2^33 (90 kHz) is rounded to the nearest audio tick.
 *
 * <p>Pure: the same bytes, sequence number and media time give the same output.
 */
public final class TsToCmaf {

    static final long WRAP_90K = 1L << 33;
    /** Every single-track CMAF output has this {@code track_ID}. */
    public static final int TRACK_ID = 1;

    private TsToCmaf() {
    }

    /** One track of a segment: its format (as in the init segment) and its fragment. */
    public record Track(TrackFormat format, byte[] fragment, long baseMediaDecodeTime, long durationTicks) {}

    /**
     * Remuxes a TS segment.
     *
     * @param sequenceNumber the fragment's {@code mfhd} sequence number (the output media sequence)
     * @param mediaTime90k   the segment's start on the unwrapped 90 kHz line, or -1 when unknown (no wrap handling)
     * @return the video and/or audio track found, by kind (tracks without samples are left out)
     */
    public static Map<TrackFormat.Kind, Track> remux(byte[] ts, long sequenceNumber, long mediaTime90k) {
        return remux(TsDemuxer.demux(ts), sequenceNumber, mediaTime90k);
    }

    /**
     * Remuxes demuxed samples (from MPEG-TS or from an fMP4 source, {@link Fmp4ToCmaf}) the same way.
     *
     * @see #remux(byte[], long, long)
     */
    public static Map<TrackFormat.Kind, Track> remux(DemuxResult d, long sequenceNumber, long mediaTime90k) {
        Map<TrackFormat.Kind, Track> out = new EnumMap<>(TrackFormat.Kind.class);
        tracks(d, mediaTime90k).forEach((kind, t) -> {
            byte[] fragment = FragmentWriter.write(sequenceNumber & 0xFFFF_FFFFL, List.of(TrackRun.of(t.format(), t.samples())));
            out.put(kind, new Track(t.format(), fragment, t.baseMediaDecodeTime(), t.durationTicks()));
        });
        return out;
    }

    /**
     * The samples of one single-track output, on the unwrapped media time line, in the track's timescale:
     * what every packaged format (CMAF, DASH, Smooth) writes from.
     */
    public record Samples(TrackFormat format, List<Sample> samples, long baseMediaDecodeTime, long durationTicks) {}

    /**
     * Demuxes a TS segment into its first video and first audio track, samples moved onto the unwrapped
     * time line and renumbered to {@link #TRACK_ID} (see the class comment).
     *
     * @param mediaTime90k the segment's start on the unwrapped 90 kHz line, or -1 when unknown (no wrap handling)
     */
    public static Map<TrackFormat.Kind, Samples> tracks(byte[] ts, long mediaTime90k) {
        return tracks(TsDemuxer.demux(ts), mediaTime90k);
    }

    /** {@link #tracks(byte[], long)} of demuxed samples (from MPEG-TS or from an fMP4 source, {@link Fmp4ToCmaf}). */
    public static Map<TrackFormat.Kind, Samples> tracks(DemuxResult d, long mediaTime90k) {
        Map<TrackFormat.Kind, Samples> out = new EnumMap<>(TrackFormat.Kind.class);
        for (TrackFormat f : d.tracks()) {
            if (f.kind() == TrackFormat.Kind.SUBTITLES || out.containsKey(f.kind())) {
                continue;
            }
            List<Sample> samples = d.samples(f.trackId());
            if (samples.isEmpty()) {
                continue;
            }
            long first90k = Math.floorDiv(samples.getFirst().decodeTime() * 90_000, f.timescale());
            long wraps = mediaTime90k < 0 ? 0 : Math.round((double) (mediaTime90k - first90k) / WRAP_90K);
            long shift = wraps == 0 ? 0 : Math.floorDiv(wraps * WRAP_90K * f.timescale() + 45_000, 90_000);
            TrackFormat single = single(f);
            List<Sample> moved = new ArrayList<>(samples.size());
            long duration = 0;
            for (Sample s : samples) {
                moved.add(new Sample(TRACK_ID, s.decodeTime() + shift, s.compositionOffset(), s.duration(), s.sync(),
                        s.data(), s.offset(), s.length()));
                duration += s.duration();
            }
            long base = moved.getFirst().decodeTime();
            if (base < 0) {
                continue; // cannot happen with TS input (33-bit times plus whole wraps); never write a negative tfdt
            }
            out.put(f.kind(), new Samples(single, moved, base, duration));
        }
        return out;
    }

    /** The CMAF header (init segment) of one track. */
    public static byte[] init(TrackFormat format) {
        return InitSegmentWriter.write(List.of(single(format)));
    }

    private static TrackFormat single(TrackFormat f) {
        if (f.trackId() == TRACK_ID) {
            return f;
        }
        return new TrackFormat(TRACK_ID, f.kind(), f.codec(), f.timescale(), f.width(), f.height(), f.sampleRate(),
                f.channels(), f.language(), f.decoderConfig(), f.parameterSets());
    }
}
