package dev.wharf.packager.delivery;

import dev.wharf.packager.demux.mp4.Fmp4Init;
import dev.wharf.packager.demux.mp4.Fmp4InitParser;
import dev.wharf.packager.demux.mp4.Mp4FormatException;
import dev.wharf.packager.remux.Fmp4ToCmaf;
import dev.wharf.packager.remux.TsToCmaf;
import dev.wharf.packager.sample.TrackFormat;
import dev.wharf.packager.store.TimelineEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery of an fMP4 source (HLS ingest with {@code EXT-X-MAP}): the HLS endpoint's playlist layout, which passes
 * the ingested {@code .m4s} segments through and names their init segment, and the remux of a segment with its
 * init for every CMAF-based output.
 *
 * <p>An HLS endpoint serves an fMP4 source as fMP4 HLS, not as MPEG-TS: the segments are passed through
 * unchanged, like TS segments from a TS source (an HLS TS output from an fMP4 source would need a TS muxer).
 * One init per discontinuity sequence: the timeline starts a discontinuity wherever the init changes
 * (see {@link dev.wharf.packager.timeline.TimelineWriter}), so {@code {manifestName}_{rendition}_init_{discSeq}.mp4}
 * names exactly one init and stays the same across playlist refreshes and replicas.
 */
final class Fmp4Source {
    /** {@code EXT-X-VERSION} of a playlist with {@code EXT-X-MAP} (RFC 8216 7: 6 for EXT-X-MAP without I-frames). */
    static final int HLS_VERSION = 7;
    private static final int MAX_PARSED = 512;
    private static final Map<String, Fmp4Init> PARSED = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Fmp4Init> eldest) {
                    return size() > MAX_PARSED;
                }
            });

    private Fmp4Source() {}

    /** True when the window has an entry that needs an init segment. */
    static boolean any(List<TimelineEntry> window) {
        for (TimelineEntry e : window) {
            if (!e.initFile().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The HLS endpoint's layout for an fMP4 source: segments passed through, {@code EXT-X-MAP} per discontinuity sequence. */
    static HlsManifestWriter.MediaLayout layout(String manifestName, int rendition) {
        HlsManifestWriter.MediaLayout ts = HlsManifestWriter.MediaLayout.ts(manifestName, rendition);
        // a TS run in the same window (the encoder switched formats) has no init: no EXT-X-MAP for it
        return new HlsManifestWriter.MediaLayout(HLS_VERSION, false, ts.segmentUri(),
                e -> e.initFile().isEmpty() ? null : initUri(manifestName, rendition, e.discontinuitySequence()));
    }

    static String initUri(String manifestName, int rendition, long discontinuitySequence) {
        return manifestName + "_" + rendition + "_init_" + discontinuitySequence + ".mp4";
    }

    /**
     * The CMAF tracks of an fMP4 segment (see {@link TsToCmaf#remux(byte[], long, long)}); empty when its init is
     * unusable.
     *
     * @param initKey a key naming the init's bytes (its snapshot name is a content hash)
     */
    static Map<TrackFormat.Kind, TsToCmaf.Track> remux(String initKey, byte[] init, byte[] segment, long sequenceNumber,
                                                       long mediaTime90k) {
        Fmp4Init parsed = parsed(initKey, init);
        return parsed == null ? Map.of() : Fmp4ToCmaf.remux(parsed, segment, sequenceNumber, mediaTime90k);
    }

    /** The single-track samples of an fMP4 segment (see {@link TsToCmaf#tracks(byte[], long)}); empty when its init is unusable. */
    static Map<TrackFormat.Kind, TsToCmaf.Samples> tracks(String initKey, byte[] init, byte[] segment, long mediaTime90k) {
        Fmp4Init parsed = parsed(initKey, init);
        return parsed == null ? Map.of() : Fmp4ToCmaf.tracks(parsed, segment, mediaTime90k);
    }

    private static Fmp4Init parsed(String initKey, byte[] init) {
        Fmp4Init parsed = PARSED.get(initKey);
        if (parsed == null) {
            try {
                parsed = Fmp4InitParser.parse(init);
            } catch (Mp4FormatException e) {
                return null;
            }
            PARSED.put(initKey, parsed);
        }
        return parsed;
    }
}
