package dev.wharf.packager.mux.mp4;

import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.List;
import java.util.Objects;

/**
 * The samples of one track that go into one fragment.
 *
 * @param format              the track (its {@link TrackFormat#trackId()} names the {@code traf})
 * @param samples             in decode order, all of this track
 * @param baseMediaDecodeTime {@code tfdt}: decode time of the first sample in the track timescale; normally
 *                            the first sample's {@link Sample#decodeTime()}, given separately so a caller
 *                            can rebase the timeline
 */
public record TrackRun(TrackFormat format, List<Sample> samples, long baseMediaDecodeTime) {

    public TrackRun {
        Objects.requireNonNull(format, "format");
        samples = List.copyOf(samples);
        if (baseMediaDecodeTime < 0) {
            throw new IllegalArgumentException("negative baseMediaDecodeTime " + baseMediaDecodeTime);
        }
        for (Sample s : samples) {
            if (s.trackId() != format.trackId()) {
                throw new IllegalArgumentException("sample of track " + s.trackId() + " in the run of track "
                        + format.trackId());
            }
            if (s.duration() < 0) {
                throw new IllegalArgumentException("negative sample duration " + s.duration());
            }
            Objects.checkFromIndexSize(s.offset(), s.length(), s.data().length);
        }
    }

    /** The run of {@code samples}, its decode time that of the first sample (0 when empty). */
    public static TrackRun of(TrackFormat format, List<Sample> samples) {
        return new TrackRun(format, samples, samples.isEmpty() ? 0 : samples.getFirst().decodeTime());
    }
}
