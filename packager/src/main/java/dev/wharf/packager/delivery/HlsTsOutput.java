package dev.wharf.packager.delivery;

import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.Endpoint;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.mux.ts.TsJoiner;
import dev.wharf.packager.mux.ts.TsKeyframeIndex;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.TimelineEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HLS (MPEG-TS) endpoint features that do not follow the input one to one: re-segmentation
 * ({@code segmentDurationSeconds}, see {@link OutputSegmentation}; joined output segments are made by
 * {@link TsJoiner}) and I-frame-only playlists ({@code includeIframeOnlyStream}, byte ranges from
 * {@link TsKeyframeIndex} over the bytes actually served).
 *
 * <p>URLs, next to the pass-through ones, relative to the endpoint's folder:
 * <ul>
 *   <li>{@code {manifestName}_{rendition}_{firstSequence}_{groupSize}.ts}: an output segment joining the input
 *       segments from output timeline sequence {@code firstSequence} (the group size is in the name so that a
 *       changed {@code segmentDurationSeconds} never gives an old URL other bytes);</li>
 *   <li>{@code {manifestName}_{rendition}_iframes.m3u8}: the I-frame-only playlist of a video rendition.</li>
 * </ul>
 * Everything is a function of the stored timeline and segment bytes: replicas and restarts agree.
 */
final class HlsTsOutput {
    static final String IFRAMES = "iframes";
    private static final Pattern JOINED = Pattern.compile("_(\\d{1,4})_(\\d{1,18})_(\\d{1,2})\\.ts");
    private static final Pattern IFRAME_PLAYLIST = Pattern.compile("_(\\d{1,4})_" + IFRAMES + "\\.m3u8");

    /** A request this class serves. */
    sealed interface Request {}

    /** An output segment of {@code groupSize} input segments from {@code firstSequence}. */
    record JoinedSegment(int rendition, long firstSequence, int groupSize) implements Request {}

    /** The I-frame-only playlist of a rendition. */
    record IframePlaylist(int rendition) implements Request {}

    /** A rendered playlist and what the response headers need. */
    record Playlist(String text, long lastSequence, long lastUpdatedMillis, long targetDurationSeconds) {
        /** Re-segmented, but no output segment is complete yet. */
        static final Playlist NONE = new Playlist("", -1, 0, 1);
    }

    /** The keyframes of one served segment, and the segment's size. */
    record Keyframes(List<TsKeyframeIndex.Keyframe> keyframes, int segmentBytes) {}

    private final SegmentStore store;
    private final SegmentCache packaged;
    private final BiFunction<Channel, TimelineEntry, byte[]> ingested;
    private final GroupSizePins pins;
    private final SingleFlight<String, byte[]> joining = new SingleFlight<>();
    private final SingleFlight<String, Keyframes> indexing = new SingleFlight<>();
    /** Keyframe offsets per served segment (by its bytes key): computed once, never per playlist request. */
    private final Map<String, Keyframes> keyframes = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Keyframes> eldest) {
            return size() > 20_000;
        }
    });

    /**
     * @param packaged the packaged-output cache (joined segments go there)
     * @param ingested an entry's ingested bytes (process cache, else the store), or null when expired
     */
    HlsTsOutput(SegmentStore store, SegmentCache packaged, BiFunction<Channel, TimelineEntry, byte[]> ingested,
                Clock clock) {
        this.store = store;
        this.pins = new GroupSizePins(store, clock);
        this.packaged = packaged;
        this.ingested = ingested;
    }

    /** Parses a file name of an HLS endpoint; null when it is not one of this class's. */
    static Request parse(String manifestName, String file) {
        if (!file.startsWith(manifestName)) {
            return null;
        }
        Matcher j = JOINED.matcher(file).region(manifestName.length(), file.length());
        if (j.matches()) {
            int n = Integer.parseInt(j.group(3));
            return n < 2 ? null : new JoinedSegment(Integer.parseInt(j.group(1)), Long.parseLong(j.group(2)), n);
        }
        Matcher i = IFRAME_PLAYLIST.matcher(file).region(manifestName.length(), file.length());
        return i.matches() ? new IframePlaylist(Integer.parseInt(i.group(1))) : null;
    }

    /**
     * Input segments per output segment for a rendition in this state, as computed now; what is served is the
     * value {@link GroupSizePins} pinned for each discontinuity run.
     */
    static int groupSize(int segmentDurationSeconds, RenditionState state) {
        long inputTarget = state.maxDurationMicros() <= 0 ? 0 : HlsManifestWriter.targetDuration(state.maxDurationMicros());
        return OutputSegmentation.groupSize(segmentDurationSeconds, inputTarget);
    }

    /** The output segments of a rendition's playlist window, with the state they were cut from. */
    record Window(List<OutputSegmentation.OutputSegment> segments, int groupSize, RenditionState state) {}

    private Window window(Channel channel, String rendition, HlsPackageSpec hls) {
        return window(channel, rendition, hls.playlistWindowSeconds, hls.segmentDurationSeconds);
    }

    /** The newest complete output segments of a rendition that fit in {@code windowSeconds}; null before any content. */
    Window window(Channel channel, String rendition, int windowSeconds, int segmentDurationSeconds) {
        RenditionState state = store.renditionState(channel.key(), ChannelTimeline.OUTPUT, rendition);
        if (state.nextSequence() == 0) {
            return null;
        }
        long windowMicros = windowSeconds * 1_000_000L;
        long typicalMicros = Math.max(500_000, state.maxDurationMicros() / 2);
        int computed = groupSize(segmentDurationSeconds, state);
        int fetch = (int) Math.min(5000, windowMicros / typicalMicros + 4L * computed + 2);
        List<TimelineEntry> entries = store.lastEntries(channel.key(), ChannelTimeline.OUTPUT, rendition, fetch);
        if (entries.isEmpty()) {
            return new Window(List.of(), computed, state); // trimmed: nothing to list, as before
        }
        // The newest run's pinned size; older runs pinned otherwise leave the window (their numbers stay theirs).
        Map<Long, GroupSizePins.Pin> pinned = pins.resolve(channel, segmentDurationSeconds, rendition, state, entries);
        GroupSizePins.Pin newest = pinned.get(entries.getLast().discontinuitySequence());
        // Only MPEG-TS segments are joined: a run of another format (packed audio, fMP4) pins size 1 and passes
        // through one to one. Decided per run, so a TS<->fMP4 switch in the window does not renumber the TS runs.
        int n = newest.groupSize();
        List<OutputSegmentation.OutputSegment> all = n <= 1 ? OutputSegmentation.segments(entries, n, state.ended())
                : sameScheme(OutputSegmentation.segments(entries, n, state.ended()), pinned, newest);
        int from = all.size();
        long total = 0;
        while (from > 0 && (from == all.size() || total + all.get(from - 1).durationMicros() <= windowMicros)) {
            total += all.get(from - 1).durationMicros();
            from--;
        }
        return new Window(all.subList(from, all.size()), n, state);
    }

    /**
     * The segments of the newest runs that share {@code newest}'s pin, numbered with its offset; an older run with
     * another pin (and everything before it) is left out.
     */
    private static List<OutputSegmentation.OutputSegment> sameScheme(List<OutputSegmentation.OutputSegment> segments,
                                                                   Map<Long, GroupSizePins.Pin> pinned,
                                                                   GroupSizePins.Pin newest) {
        int from = segments.size();
        while (from > 0 && newest.equals(pinned.get(segments.get(from - 1).first().discontinuitySequence()))
                && segments.get(from - 1).entries().stream()
                        .allMatch(e -> HlsManifestWriter.extension(e.file()).equals("ts"))) {
            from--;
        }
        List<OutputSegmentation.OutputSegment> out = new ArrayList<>(segments.size() - from);
        for (OutputSegmentation.OutputSegment s : segments.subList(from, segments.size())) {
            out.add(newest.offset() == 0 ? s
                    : new OutputSegmentation.OutputSegment(s.mediaSequence() + newest.offset(), s.entries()));
        }
        return out;
    }

    /** The URI of an output segment, relative to the playlists. */
    private static String uri(String manifestName, int rendition, OutputSegmentation.OutputSegment s, int n) {
        String ext = HlsManifestWriter.extension(s.first().file());
        return n <= 1 ? manifestName + "_" + rendition + "_" + s.firstSequence() + "." + ext
                : manifestName + "_" + rendition + "_" + s.firstSequence() + "_" + n + "." + ext;
    }

    /**
     * The re-segmented media playlist of a rendition: null when its group size is 1 or it has no timeline yet (the
     * pass-through playlist applies), {@link Playlist#NONE} before its first output segment is complete.
     */
    Playlist media(Channel channel, Endpoint endpoint, OutputRendition r) {
        HlsPackageSpec hls = endpoint.hls();
        Window w = window(channel, r.ingestPath(), hls);
        if (w == null || w.groupSize() <= 1) {
            return null;
        }
        if (w.segments().isEmpty()) {
            return Playlist.NONE;
        }
        String name = endpoint.spec().manifestName;
        Map<Long, String> uris = new HashMap<>();
        List<TimelineEntry> lines = new ArrayList<>();
        for (OutputSegmentation.OutputSegment s : w.segments()) {
            uris.put(s.mediaSequence(), uri(name, r.index(), s, w.groupSize()));
            lines.add(s.asEntry());
        }
        long target = HlsManifestWriter.targetDuration(w.groupSize() * w.state().maxDurationMicros());
        var layout = new HlsManifestWriter.MediaLayout(3, false, e -> uris.get(e.sequence()), null);
        String text = HlsManifestWriter.media(layout, hls.playlistType, hls.programDateTimeIntervalSeconds, hls.adMarkers,
                lines, target, w.state().ended());
        TimelineEntry last = lines.getLast();
        return new Playlist(text, last.sequence(), last.ingestedAtMillis(), target);
    }

    /**
     * The I-frame-only playlist of a rendition (RFC 8216 4.3.3.6): one entry per keyframe of every output segment
     * in the window, {@code EXT-X-BYTERANGE} over the served segment's bytes, {@code EXTINF} the time to the next
     * keyframe (the last keyframe of a segment runs to the segment's end). Null without content or video.
     *
     * <p>{@code EXT-X-MEDIA-SEQUENCE} is the first input segment's sequence of the window: stable across refreshes
     * when every input segment holds one keyframe (GOP = input segment duration, the usual live setting).
     */
    Playlist iframes(Channel channel, Endpoint endpoint, OutputRendition r) {
        HlsPackageSpec hls = endpoint.hls();
        Window w = window(channel, r.ingestPath(), hls);
        if (w == null || w.segments().isEmpty()) {
            return null;
        }
        String name = endpoint.spec().manifestName;
        StringBuilder body = new StringBuilder(4096);
        long maxMicros = 0;
        long lastUpdated = 0;
        boolean discontinuity = false;
        boolean firstTagged = false;
        OutputSegmentation.OutputSegment first = null; // the first segment listed: the playlist's numbers are its
        for (int i = 0; i < w.segments().size(); i++) {
            OutputSegmentation.OutputSegment s = w.segments().get(i);
            // see CmafIframes#playlist: a skipped segment's discontinuity applies to the next one listed, and the
            // first one's is not counted in EXT-X-DISCONTINUITY-SEQUENCE
            discontinuity |= s.first().discontinuity();
            Keyframes k = keyframes(channel, s, w.groupSize());
            if (k == null || k.keyframes().isEmpty()) {
                continue;
            }
            if (first == null) {
                first = s;
                firstTagged = discontinuity;
            }
            if (discontinuity) {
                body.append("#EXT-X-DISCONTINUITY\n");
                discontinuity = false;
            }
            String uri = uri(name, r.index(), s, w.groupSize());
            List<TsKeyframeIndex.Keyframe> list = k.keyframes();
            long firstPts = list.getFirst().pts90k();
            for (int j = 0; j < list.size(); j++) {
                TsKeyframeIndex.Keyframe f = list.get(j);
                long micros = j + 1 < list.size()
                        ? ptsDiff(list.get(j + 1).pts90k(), f.pts90k()) * 100 / 9
                        : Math.max(0, s.durationMicros() - ptsDiff(f.pts90k(), firstPts) * 100 / 9);
                maxMicros = Math.max(maxMicros, micros);
                body.append("#EXTINF:");
                HlsManifestWriter.appendSeconds(body, micros);
                body.append(",\n#EXT-X-BYTERANGE:").append(f.length()).append('@').append(f.offset()).append('\n')
                        .append(uri).append('\n');
            }
            lastUpdated = Math.max(lastUpdated, s.asEntry().ingestedAtMillis());
        }
        if (first == null) {
            return null;
        }
        long target = Math.max(HlsManifestWriter.targetDuration(maxMicros),
                HlsManifestWriter.targetDuration(w.groupSize() * w.state().maxDurationMicros()));
        StringBuilder b = new StringBuilder(body.length() + 256);
        b.append("#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:").append(target).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(first.firstSequence()).append('\n');
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:")
                .append(first.first().discontinuitySequence() - (firstTagged ? 1 : 0)).append('\n');
        if (hls.playlistType != HlsPackageSpec.PlaylistType.NONE) {
            b.append("#EXT-X-PLAYLIST-TYPE:").append(hls.playlistType.name()).append('\n');
        }
        b.append("#EXT-X-I-FRAMES-ONLY\n").append(body);
        if (w.state().ended()) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return new Playlist(b.toString(), w.segments().getLast().mediaSequence(), lastUpdated, target);
    }

    /** The 33-bit difference {@code a - b} of two PTS values, 90 kHz. */
    private static long ptsDiff(long a, long b) {
        return (a - b) & ((1L << 33) - 1);
    }

    /**
     * The {@code #EXT-X-I-FRAME-STREAM-INF} lines of a master: one per video variant, BANDWIDTH the peak I-frame
     * bit rate (keyframe bytes over its EXTINF) of the variant's newest output segment.
     */
    String masterLines(Channel channel, Endpoint endpoint, List<HlsManifestWriter.VariantLine> variants) {
        StringBuilder b = new StringBuilder();
        for (HlsManifestWriter.VariantLine v : variants) {
            String videoCodec = videoCodec(v.codecs());
            if (videoCodec == null) {
                continue;
            }
            Playlist p = iframes(channel, endpoint, v.rendition());
            long peak = p == null ? 0 : CmafIframes.peakBitsPerSecond(p.text());
            if (peak <= 0) {
                continue;
            }
            HlsTag t = new HlsTag(b, "EXT-X-I-FRAME-STREAM-INF").number("BANDWIDTH", (peak + 999) / 1000 * 1000);
            t.quoted("CODECS", videoCodec);
            if (v.width() > 0 && v.height() > 0) {
                t.resolution(v.width(), v.height());
            }
            t.quoted("URI", endpoint.spec().manifestName + "_" + v.rendition().index() + "_" + IFRAMES + ".m3u8").end();
        }
        return b.toString();
    }

    private static String videoCodec(String codecs) {
        if (codecs == null) {
            return null;
        }
        for (String c : codecs.split(",")) {
            if (c.startsWith("avc") || c.startsWith("hvc") || c.startsWith("hev")) {
                return c;
            }
        }
        return null;
    }

    /** The key of an output segment's served bytes. */
    static String bytesKey(Channel channel, OutputSegmentation.OutputSegment s, int n) {
        TimelineEntry f = s.first();
        return "hls-ts|" + channel.key() + "|" + n + "|" + f.source() + "|" + f.file() + "|" + f.sequence() + "|"
                + s.last().file() + "|" + s.entries().size();
    }

    /** The bytes served for an output segment: the ingested segment, or the join; null when one has expired. */
    byte[] bytes(Channel channel, OutputSegmentation.OutputSegment s, int n) {
        if (s.entries().size() == 1) {
            return ingested.apply(channel, s.first());
        }
        String key = bytesKey(channel, s, n);
        byte[] cached = packaged.get(key);
        if (cached != null) {
            return cached;
        }
        return joining.get(key, () -> {
            List<byte[]> parts = new ArrayList<>(s.entries().size());
            for (TimelineEntry e : s.entries()) {
                byte[] b = ingested.apply(channel, e);
                if (b == null) {
                    return null;
                }
                parts.add(b);
            }
            byte[] joined = TsJoiner.join(parts);
            packaged.put(key, joined);
            return joined;
        });
    }

    private Keyframes keyframes(Channel channel, OutputSegmentation.OutputSegment s, int n) {
        String key = bytesKey(channel, s, n);
        Keyframes k = keyframes.get(key);
        if (k != null) {
            return k;
        }
        return indexing.get(key, () -> {
            byte[] b = bytes(channel, s, n);
            if (b == null) {
                return null;
            }
            Keyframes made = new Keyframes(TsKeyframeIndex.index(b), b.length);
            keyframes.put(key, made);
            return made;
        });
    }

    /**
     * The output segment {@code j} names, numbered as listed, if it is complete and {@code j}'s group size is the one
     * pinned for its discontinuity run with {@code segmentDurationSeconds}; else null.
     */
    OutputSegmentation.OutputSegment find(Channel channel, int segmentDurationSeconds, OutputRendition r, JoinedSegment j) {
        OutputSegmentation.OutputSegment s = find(channel, r, j);
        if (s == null) {
            return null;
        }
        long run = s.first().discontinuitySequence();
        GroupSizePins.Pin p = pins.stored(channel, segmentDurationSeconds, r.ingestPath(), run);
        if (p == null) {
            RenditionState state = store.renditionState(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath());
            p = pins.resolve(channel, segmentDurationSeconds, r.ingestPath(), state, s.entries()).get(run);
        }
        if (p == null || p.groupSize() != j.groupSize()) {
            return null;
        }
        return p.offset() == 0 ? s : new OutputSegmentation.OutputSegment(s.mediaSequence() + p.offset(), s.entries());
    }

    /** The HLS endpoint's {@link #find(Channel, int, OutputRendition, JoinedSegment)}. */
    OutputSegmentation.OutputSegment find(Channel channel, Endpoint endpoint, OutputRendition r, JoinedSegment j) {
        return find(channel, endpoint.hls().segmentDurationSeconds, r, j);
    }

    /** The output segment {@code j} names, numbered without its run's offset; null when not complete. */
    private OutputSegmentation.OutputSegment find(Channel channel, OutputRendition r, JoinedSegment j) {
        long groupStart = Math.floorDiv(j.firstSequence(), j.groupSize()) * j.groupSize();
        List<TimelineEntry> entries = store.entries(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath(), groupStart,
                j.groupSize() + 1);
        OutputSegmentation.OutputSegment s = OutputSegmentation.find(entries, j.groupSize(), false, j.firstSequence());
        if (s == null) {
            RenditionState state = store.renditionState(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath());
            if (state.ended()) {
                s = OutputSegmentation.find(entries, j.groupSize(), true, j.firstSequence());
            }
        }
        if (s != null && !s.entries().stream().allMatch(e -> HlsManifestWriter.extension(e.file()).equals("ts"))) {
            return null; // only MPEG-TS segments are joined
        }
        return s;
    }

    /** Whether {@code n} is the group size pinned with {@code segmentDurationSeconds} for the rendition's newest run. */
    boolean currentGroupSize(Channel channel, int segmentDurationSeconds, OutputRendition r, int n) {
        RenditionState state = store.renditionState(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath());
        GroupSizePins.Pin p = pins.stored(channel, segmentDurationSeconds, r.ingestPath(), state.discontinuityCount());
        if (p == null) {
            p = pins.resolve(channel, segmentDurationSeconds, r.ingestPath(), state,
                    store.lastEntries(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath(), 1))
                    .get(state.discontinuityCount());
        }
        return p != null && p.groupSize() == n;
    }
}
