package dev.wharf.packager.delivery;

import dev.wharf.packager.hls.Rendition;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.packager.text.WebVtt;
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

    /** A subtitles rendition's window as the DASH writer needs it; bandwidth measured from the segment sizes. */
    static DashManifestWriter.TextTrack dash(OutputRendition r, List<TimelineEntry> window) {
        List<DashManifestWriter.TextSegment> segments = new ArrayList<>(window.size());
        long bytes = 0;
        long micros = 0;
        for (TimelineEntry e : window) {
            segments.add(new DashManifestWriter.TextSegment(e.sequence(), e.discontinuitySequence(),
                    e.programDateTimeMillis(), (e.durationMicros() + 500) / 1000));
            bytes += e.sizeBytes();
            micros += e.durationMicros();
        }
        long bandwidth = micros == 0 ? 1000 : Math.max(1000, bytes * 8 * 1_000_000 / micros);
        String lang = r.media().language();
        return new DashManifestWriter.TextTrack(r.index(), lang, bandwidth, segments);
    }

    /**
     * The media time (90 kHz) at the start of discontinuity sequence {@code run}'s Period, from the DASH anchor
     * stored in the output timeline's metadata ({@code startMillis,mediaTime90k,...}), or null when none yet.
     */
    static Long periodOrigin(String storedAnchor) {
        if (storedAnchor == null) {
            return null;
        }
        String[] f = storedAnchor.split(",");
        try {
            return f.length >= 2 ? Long.parseLong(f[1]) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
