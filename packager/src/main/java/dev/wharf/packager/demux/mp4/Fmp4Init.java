package dev.wharf.packager.demux.mp4;

import dev.wharf.packager.sample.TrackFormat;
import java.util.List;

/**
 * What the media segments of a fragmented MP4 need from its init segment ({@code ftyp} + {@code moov} with
 * {@code mvex}): the tracks with a supported codec, in {@code moov} order.
 *
 * @param tracks the usable tracks
 * @param skippedTracks tracks left out (unsupported codec or handler, encrypted sample entry): their samples are ignored
 */
public record Fmp4Init(List<Track> tracks, int skippedTracks) {

    public Fmp4Init {
        tracks = List.copyOf(tracks);
    }

    /**
     * One track of the init segment.
     *
     * @param format          as the packager models it, with the <em>output</em> timescale: 90 kHz for video (as from
     *                        MPEG-TS), the sample rate for audio; {@link TrackFormat#trackId()} is the source
     *                        {@code track_ID}
     * @param sourceTimescale {@code mdhd} timescale of the source samples
     * @param nalLengthSize   NAL unit length field size of the samples (1, 2 or 4; 0 for audio)
     * @param defaultDuration {@code trex} default_sample_duration
     * @param defaultSize     {@code trex} default_sample_size
     * @param defaultFlags    {@code trex} default_sample_flags
     */
    public record Track(TrackFormat format, int sourceTimescale, int nalLengthSize, long defaultDuration,
                        long defaultSize, int defaultFlags) {}

    /** The track with {@code track_ID} {@code id}, or null. */
    public Track track(int id) {
        for (Track t : tracks) {
            if (t.format().trackId() == id) {
                return t;
            }
        }
        return null;
    }

    /** The track formats, in order. */
    public List<TrackFormat> formats() {
        return tracks.stream().map(Track::format).toList();
    }
}
