package dev.wharf.packager.demux.ts;

import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link TsDemuxer#demux(byte[])} found in one segment.
 *
 * @param tracks           formats in track id order (tracks whose format was never learnt are absent)
 * @param samples          samples per track id, in decode order
 * @param id3              timed metadata (stream_type 0x15) in stream order
 * @param continuityErrors continuity_counter errors (ISO/IEC 13818-1 2.4.3.3), see {@link TsDemuxer#continuityErrors()}
 * @param corruptPackets   packets skipped as corrupt, see {@link TsDemuxer#corruptPackets()}
 */
public record DemuxResult(List<TrackFormat> tracks, Map<Integer, List<Sample>> samples, List<Id3Frame> id3,
                          int continuityErrors, int corruptPackets) {

    /** The samples of one track, empty for an unknown id. */
    public List<Sample> samples(int trackId) {
        return samples.getOrDefault(trackId, List.of());
    }
}
