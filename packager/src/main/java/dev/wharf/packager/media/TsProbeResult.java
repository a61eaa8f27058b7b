package dev.wharf.packager.media;

import java.util.List;

/**
 * Outcome of {@link TsProbe#probe(byte[])}.
 *
 * @param valid              the input is a transport stream with a PAT and a PMT for its first program
 * @param error              null when valid, otherwise a human-readable reason
 * @param tracks             the first program's elementary streams in PMT order (empty when invalid)
 * @param firstPtsTicks90k   PTS of the first PES of the primary track (first video track, else first audio
 *                           track), 90 kHz, or -1 if none
 * @param lastPtsTicks90k    PTS of the last PES start of the primary track, unwrapped across the 33-bit
 *                           wrap relative to {@code firstPtsTicks90k} (so it may exceed 2^33), or -1 if none
 * @param startsWithKeyframe video: the first PES of the primary track holds an IDR picture (H.264) or an IRAP
 *                           picture (HEVC) and no payload of that PID precedes it; audio-only: the first payload
 *                           of the primary track starts a PES
 * @param keyframeCount      video: PESs of the primary track whose first picture is IDR/IRAP; audio-only: PES count
 * @param continuityErrors   continuity_counter discontinuities over all PIDs except the null PID, not counting
 *                           signalled discontinuities and single duplicate packets
 * @param captions           closed captions found in the SEI of the primary video track ({@link ClosedCaptions#NONE}
 *                           when none or not video)
 */
public record TsProbeResult(boolean valid, String error, List<TrackInfo> tracks, long firstPtsTicks90k,
                            long lastPtsTicks90k, boolean startsWithKeyframe, int keyframeCount,
                            int continuityErrors, ClosedCaptions captions) {

    public TsProbeResult {
        tracks = tracks == null ? List.of() : List.copyOf(tracks);
        captions = captions == null ? ClosedCaptions.NONE : captions;
    }

    static TsProbeResult invalid(String error) {
        return new TsProbeResult(false, error, List.of(), -1, -1, false, 0, 0, ClosedCaptions.NONE);
    }

    /** The first track of a kind, or null. */
    public TrackInfo firstTrack(TrackInfo.Kind kind) {
        for (TrackInfo t : tracks) {
            if (t.kind() == kind) {
                return t;
            }
        }
        return null;
    }

    /** {@code lastPtsTicks90k - firstPtsTicks90k}, or 0 when unknown. */
    public long ptsSpanTicks90k() {
        return firstPtsTicks90k < 0 || lastPtsTicks90k < 0 ? 0 : lastPtsTicks90k - firstPtsTicks90k;
    }
}
