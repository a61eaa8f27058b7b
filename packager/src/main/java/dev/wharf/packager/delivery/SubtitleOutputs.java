package dev.wharf.packager.delivery;

import dev.wharf.packager.hls.Rendition;
import dev.wharf.packager.store.TimelineEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The WebVTT subtitles renditions of a channel (ingested {@code EXT-X-MEDIA:TYPE=SUBTITLES} playlists with
 * WebVTT segments) as the CMAF and DASH endpoints offer them. Their timelines are the renditions' own output
 * timelines (same window, numbering and discontinuities as every rendition); the segment bytes are the ingested
 * ones with their times made explicit ({@link WebVtt}).
 */
final class SubtitleOutputs {
    private SubtitleOutputs() {}

    /** Whether an output rendition is a subtitles rendition. */
    static boolean isSubtitles(OutputRendition r) {
        return r != null && r.media() != null && r.media().type().equals("SUBTITLES");
    }

    /** The subtitles renditions of the channel, in output order, as a CMAF master lists them. */
    static List<CmafManifestWriter.Subtitles> cmaf(ChannelSnapshot snap) {
        List<CmafManifestWriter.Subtitles> out = new ArrayList<>();
        for (OutputRendition r : snap.renditions()) {
            if (isSubtitles(r)) {
                Rendition m = r.media();
                out.add(new CmafManifestWriter.Subtitles(r.index(), m.name(), m.language(), m.isDefault(),
                        m.autoselect(), m.forced(), m.characteristics()));
            }
        }
        return out;
    }

    /**
     * The video segment a subtitles segment was cut with, from {@code video} (a video rendition's timeline); null
     * when none (expired, or not cut together). Encoders cut subtitles and video at the same instants (ffmpeg's
     * HLS muxer, MediaLive), so its media time and duration are the subtitles segment's too: exact, and the same
     * on every replica.
     *
     * <p>First choice: the video entry with the same output sequence and discontinuity sequence. One encoder run
     * numbers its subtitles and video segments together and the renditions' timelines start together, so the
     * numbers line up; they don't depend on when each playlist arrived. Program date times do when the source
     * sends none: then an entry's time is its playlist's arrival time, and a subtitles playlist arriving more than
     * half a segment after the video's (a long WebVTT upload, load) would be nearer the next video segment. The
     * same-numbered entry is taken while the two times are less than {@link #SAME_NUMBER_SLACK} segments apart, so
     * timelines numbered differently (a subtitles rendition that joined later) fall back to the second choice:
     * the video entry with the nearest program date time, within half a segment.
     */
    static TimelineEntry videoMatch(List<TimelineEntry> video, TimelineEntry text) {
        TimelineEntry best = null;
        long bestDistance = Long.MAX_VALUE;
        for (TimelineEntry v : video) {
            if (v.mediaTime90k() < 0) {
                continue;
            }
            long d = Math.abs(v.programDateTimeMillis() - text.programDateTimeMillis());
            long segmentMillis = Math.max(v.durationMicros(), text.durationMicros()) / 1000;
            if (v.sequence() == text.sequence() && v.discontinuitySequence() == text.discontinuitySequence()
                    && d < SAME_NUMBER_SLACK * segmentMillis) {
                return v;
            }
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
        }
        return best != null && bestDistance * 2000 <= Math.max(best.durationMicros(), text.durationMicros()) ? best : null;
    }

    /** How far (in segments) the program date times of same-numbered subtitles and video entries may differ. */
    static final int SAME_NUMBER_SLACK = 2;

    /** A segment's duration in 90 kHz ticks. */
    static long ticks90k(TimelineEntry e) {
        return (e.durationMicros() * 9 + 50) / 100;
    }

    /** A subtitles rendition's window as the DASH writer needs it; bandwidth measured from the segment sizes. */
    static DashManifestWriter.TextTrack dash(OutputRendition r, List<TimelineEntry> window, List<TimelineEntry> video) {
        List<DashManifestWriter.TextSegment> segments = new ArrayList<>(window.size());
        long bytes = 0;
        long micros = 0;
        for (TimelineEntry e : window) {
            TimelineEntry v = videoMatch(video, e);
            if (v == null) {
                continue;
            }
            segments.add(new DashManifestWriter.TextSegment(e.sequence(), e.discontinuitySequence(), v.mediaTime90k(),
                    ticks90k(v)));
            bytes += e.sizeBytes();
            micros += e.durationMicros();
        }
        long bandwidth = micros == 0 ? 1000 : Math.max(1000, bytes * 8 * 1_000_000 / micros);
        return new DashManifestWriter.TextTrack(r.index(), r.media().language(), bandwidth, segments);
    }

    /** The first rendition with video: its segments give the subtitles' media times. */
    static OutputRendition videoSource(ChannelSnapshot snap) {
        for (OutputRendition r : snap.renditions()) {
            if (r.media() == null && r.probe() != null && r.probe().hasVideo()) {
                return r;
            }
        }
        return null;
    }
}
