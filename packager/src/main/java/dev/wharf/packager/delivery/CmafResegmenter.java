package dev.wharf.packager.delivery;

import dev.wharf.api.v1.CmafHlsManifestSpec;
import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.CmafDefaults;
import dev.wharf.packager.remux.TsToCmaf;
import dev.wharf.packager.sample.TrackFormat;
import dev.wharf.packager.store.TimelineEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cmafPackage.segmentDurationSeconds} on the CMAF endpoint: the output segments of {@link OutputSegmentation}
 * (the same cuts and numbers as the HLS endpoint), each one CMAF fragment per track made from the samples of the
 * joined input segments (the {@link dev.wharf.packager.mux.ts.TsJoiner} join, demuxed once: sample durations
 * across the former boundaries come from the next sample's DTS, as inside a segment). {@code mfhd} is the output
 * media sequence plus one.
 *
 * <p>Segment URL, in the endpoint's {@code seg/} folder: {@code {prefix}_{rendition}_{v|a}_{firstSequence}_{groupSize}.mp4}.
 * Init segments are the pass-through ones ({@code _init_{d}.mp4}): the track formats do not change within a run.
 */
final class CmafResegmenter {
    private static final Pattern SEGMENT = Pattern.compile("_(\\d{1,4})_([va])_(\\d{1,18})_(\\d{1,2})\\.mp4");

    /** A joined fragment request. */
    record Request(int rendition, PlaybackRequest.CmafTrack track, long firstSequence, int groupSize) {}

    private final HlsTsOutput ts;
    private final SegmentCache packaged;
    private final SingleFlight<String, Map<TrackFormat.Kind, TsToCmaf.Track>> remuxing = new SingleFlight<>();
    /** Fragment facts per joined segment, so manifest renders never remux a segment twice. */
    private final Map<String, Map<TrackFormat.Kind, PlaybackService.FragmentInfo>> infos = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<TrackFormat.Kind, PlaybackService.FragmentInfo>> e) {
                    return size() > 20_000;
                }
            });

    CmafResegmenter(HlsTsOutput ts, SegmentCache packaged) {
        this.ts = ts;
        this.packaged = packaged;
    }

    static Request parse(String segmentPrefix, String file) {
        if (!file.startsWith(segmentPrefix)) {
            return null;
        }
        Matcher m = SEGMENT.matcher(file).region(segmentPrefix.length(), file.length());
        if (!m.matches() || Integer.parseInt(m.group(4)) < 2) {
            return null;
        }
        return new Request(Integer.parseInt(m.group(1)), PlaybackRequest.CmafTrack.of(m.group(2)), Long.parseLong(m.group(3)),
                Integer.parseInt(m.group(4)));
    }

    /**
     * The re-segmented media playlist of a track: null when the group size is 1 (the pass-through playlist
     * applies), {@link HlsTsOutput.Playlist#NONE} before the first output segment is complete.
     */
    HlsTsOutput.Playlist media(Channel channel, int segmentDurationSeconds, CmafHlsManifestSpec m, String segmentPrefix,
                               OutputRendition r, PlaybackRequest.CmafTrack track) {
        HlsTsOutput.Window w = ts.window(channel, r.ingestPath(), CmafDefaults.playlistWindowSeconds(m), segmentDurationSeconds);
        if (w == null || w.groupSize() <= 1) {
            return null;
        }
        if (w.segments().isEmpty()) {
            return HlsTsOutput.Playlist.NONE;
        }
        String base = "../" + CmafManifestWriter.SEGMENT_FOLDER + "/" + segmentPrefix + "_" + r.index() + "_" + track.letter + "_";
        Map<Long, String> uris = new HashMap<>();
        List<TimelineEntry> lines = new ArrayList<>();
        for (OutputSegmentation.OutputSegment s : w.segments()) {
            uris.put(s.mediaSequence(), base + s.firstSequence() + "_" + w.groupSize() + ".mp4");
            lines.add(s.asEntry());
        }
        var layout = new HlsManifestWriter.MediaLayout(CmafManifestWriter.VERSION, true, e -> uris.get(e.sequence()),
                e -> base + "init_" + CmafManifestWriter.runOf(e) + ".mp4");
        long target = HlsManifestWriter.targetDuration(w.groupSize() * w.state().maxDurationMicros());
        String text = HlsManifestWriter.media(layout, CmafDefaults.playlistType(m), CmafDefaults.programDateTimeIntervalSeconds(m),
                CmafDefaults.adMarkers(m), lines, target, w.state().ended());
        TimelineEntry last = lines.getLast();
        return new HlsTsOutput.Playlist(text, last.sequence(), last.ingestedAtMillis(), target);
    }

    /** The fragment a request names, or null (not complete, expired, no such track, group size changed). */
    byte[] fragment(Channel channel, int segmentDurationSeconds, OutputRendition r, Request q) {
        OutputSegmentation.OutputSegment s = ts.find(channel, segmentDurationSeconds, r,
                new HlsTsOutput.JoinedSegment(q.rendition(), q.firstSequence(), q.groupSize()));
        return s == null ? null : fragment(channel, s, q.groupSize(), q.track());
    }

    private static String key(Channel channel, OutputSegmentation.OutputSegment s, int n) {
        return "cmaf-join|" + HlsTsOutput.bytesKey(channel, s, n) + "|" + s.mediaSequence() + "|";
    }

    /**
     * The joined fragment of output segment {@code s} (group size {@code n}) for one track, or null (expired, no
     * such track). The same bytes for the CMAF and DASH endpoints: the key names the segment, not the endpoint.
     */
    byte[] fragment(Channel channel, OutputSegmentation.OutputSegment s, int n, PlaybackRequest.CmafTrack track) {
        byte[] cached = packaged.get(key(channel, s, n) + track.letter);
        if (cached != null) {
            return cached;
        }
        TsToCmaf.Track t = remux(channel, s, n).get(track.kind);
        return t == null ? null : t.fragment();
    }

    /** What an MPD or Smooth manifest needs of the joined fragments of {@code s}: per track, empty when expired. */
    Map<TrackFormat.Kind, PlaybackService.FragmentInfo> info(Channel channel, OutputSegmentation.OutputSegment s, int n) {
        String key = key(channel, s, n);
        Map<TrackFormat.Kind, PlaybackService.FragmentInfo> info = infos.get(key);
        if (info == null) {
            remux(channel, s, n);
            info = infos.getOrDefault(key, Map.of());
        }
        return info;
    }

    private Map<TrackFormat.Kind, TsToCmaf.Track> remux(Channel channel, OutputSegmentation.OutputSegment s, int n) {
        String key = key(channel, s, n);
        return remuxing.get(key, () -> {
            byte[] joined = ts.bytes(channel, s, n);
            if (joined == null) {
                return Map.of();
            }
            // mfhd counts from 1; output media sequences from 0
            Map<TrackFormat.Kind, TsToCmaf.Track> tracks = TsToCmaf.remux(joined, s.mediaSequence() + 1,
                    s.first().mediaTime90k());
            Map<TrackFormat.Kind, PlaybackService.FragmentInfo> info = new EnumMap<>(TrackFormat.Kind.class);
            for (PlaybackRequest.CmafTrack c : PlaybackRequest.CmafTrack.values()) {
                TsToCmaf.Track track = tracks.get(c.kind);
                if (track != null) {
                    packaged.put(key + c.letter, track.fragment());
                    info.put(c.kind, new PlaybackService.FragmentInfo(track.format(), track.baseMediaDecodeTime(),
                            track.durationTicks(), track.fragment().length));
                }
            }
            infos.put(key, info);
            return tracks;
        });
    }
}
