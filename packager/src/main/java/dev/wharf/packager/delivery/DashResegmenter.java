package dev.wharf.packager.delivery;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.store.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dashPackage.segmentDurationSeconds} on the DASH endpoint: the output segments of {@link OutputSegmentation}
 * (the cuts and media sequence numbers of the HLS and CMAF endpoints), each served as the joined CMAF fragment of
 * {@link CmafResegmenter} (the same bytes as the CMAF endpoint's for the same group and track). The MPD's
 * {@code $Number$} is the output media sequence, and its SegmentTimeline {@code t}/{@code d} are each joined
 * fragment's {@code tfdt} and sample-duration sum.
 *
 * <p>Segment URLs, in the {@code seg/} folder next to the pass-through ones (the group size is in the name, so a
 * changed {@code segmentDurationSeconds} never gives an old URL other bytes):
 * {@code {prefix}_{rendition}_{v|a}_g{groupSize}_{mediaSequence}.mp4} and, for {@code $Time$},
 * {@code {prefix}_{rendition}_{v|a}_g{groupSize}_t{decodeTime}.mp4}. Init segments are the pass-through ones.
 *
 * <p>Only MPEG-TS inputs are joined (as on the HLS endpoint); fMP4 sources follow the input segments.
 */
final class DashResegmenter {
    private static final Pattern SEGMENT = Pattern.compile("_(\\d{1,4})_([va])_g(\\d{1,2})_(t?)(\\d{1,18})\\.mp4");

    /** A joined DASH segment request, by media sequence ({@code $Number$}) or by decode time ({@code $Time$}). */
    record Request(int rendition, PlaybackRequest.CmafTrack track, int groupSize, boolean byTime, long value) {}

    /**
     * One joined fragment offered in the MPD.
     *
     * @param entry the output segment as one timeline entry (its media sequence, summed duration)
     */
    record Fragment(OutputSegmentation.OutputSegment segment, TimelineEntry entry, PlaybackService.FragmentInfo info) {}

    private final HlsTsOutput ts;
    private final CmafResegmenter cmaf;

    DashResegmenter(HlsTsOutput ts, CmafResegmenter cmaf) {
        this.ts = ts;
        this.cmaf = cmaf;
    }

    static Request parse(String segmentPrefix, String file) {
        if (!file.startsWith(segmentPrefix)) {
            return null;
        }
        Matcher m = SEGMENT.matcher(file).region(segmentPrefix.length(), file.length());
        if (!m.matches() || Integer.parseInt(m.group(3)) < 2) {
            return null;
        }
        return new Request(Integer.parseInt(m.group(1)), PlaybackRequest.CmafTrack.of(m.group(2)),
                Integer.parseInt(m.group(3)), !m.group(4).isEmpty(), Long.parseLong(m.group(5)));
    }

    /** The media template of a joined track: {@code base} is {@code seg/{prefix}_{rendition}_{v|a}_}. */
    static String media(String base, int groupSize, boolean byTime) {
        return base + "g" + groupSize + "_" + (byTime ? PlaybackRequest.TIME_MARK + "$Time$" : "$Number$") + ".mp4";
    }

    /** The joined output segments of a track in the window, with their group size. */
    record Joined(int groupSize, List<Fragment> fragments) {}

    /**
     * The joined fragments of a track within {@code windowSeconds}: null when the group size is 1 (the
     * pass-through MPD applies: one input segment, one DASH segment).
     */
    Joined window(Channel channel, int segmentDurationSeconds, OutputRendition r, PlaybackRequest.CmafTrack track,
                  int windowSeconds) {
        HlsTsOutput.Window w = ts.window(channel, r.ingestPath(), windowSeconds, segmentDurationSeconds);
        if (w == null || w.groupSize() <= 1) {
            return null;
        }
        List<Fragment> out = new ArrayList<>();
        for (OutputSegmentation.OutputSegment s : w.segments()) {
            PlaybackService.FragmentInfo info = cmaf.info(channel, s, w.groupSize()).get(track.kind);
            if (info != null) { // else expired, or no such track in this segment
                out.add(new Fragment(s, s.asEntry(), info));
            }
        }
        return new Joined(w.groupSize(), out);
    }

    /**
     * The fragment a request names, looked up in the rendition's newest {@code windowSeconds}; null when it is not
     * there, has expired, or the group size is no longer the one in the URL.
     */
    byte[] fragment(Channel channel, int segmentDurationSeconds, OutputRendition r, Request q, int windowSeconds) {
        if (!ts.currentGroupSize(channel, segmentDurationSeconds, r, q.groupSize())) {
            return null;
        }
        HlsTsOutput.Window w = ts.window(channel, r.ingestPath(), windowSeconds, segmentDurationSeconds);
        if (w == null || w.groupSize() != q.groupSize()) {
            return null;
        }
        for (OutputSegmentation.OutputSegment s : w.segments()) {
            boolean match;
            if (q.byTime()) {
                PlaybackService.FragmentInfo info = cmaf.info(channel, s, q.groupSize()).get(q.track().kind);
                match = info != null && info.decodeTime() == q.value();
            } else {
                match = s.mediaSequence() == q.value();
            }
            if (match) {
                return cmaf.fragment(channel, s, q.groupSize(), q.track());
            }
        }
        return null;
    }
}
