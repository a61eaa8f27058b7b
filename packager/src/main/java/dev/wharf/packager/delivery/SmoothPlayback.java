package dev.wharf.packager.delivery;

import dev.wharf.api.v1.MssPackageSpec;
import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.Endpoint;
import dev.wharf.packager.channel.MssDefaults;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.ingest.RenditionProbe;
import dev.wharf.packager.mux.mp4.SmoothFragmentWriter;
import dev.wharf.packager.mux.mp4.SmoothFragmentWriter.Chunk;
import dev.wharf.packager.remux.TsToCmaf;
import dev.wharf.packager.sample.TrackFormat;
import dev.wharf.packager.store.TimelineEntry;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Microsoft Smooth Streaming endpoints ({@code mssPackage}): the live client manifest and the fragments, from
 * the same output timeline, the same demuxed samples ({@link TsToCmaf#tracks}) and the same per-entry fragment
 * facts ({@link PlaybackService#fragmentInfo}) as CMAF and DASH; only the container differs
 * ({@link SmoothFragmentWriter}, {@link SmoothManifestWriter}).
 *
 * <ul>
 *   <li>One video StreamIndex (every selected variant with H.264 video is a QualityLevel) and one audio StreamIndex
 *       (the first variant's AAC, as for CMAF and DASH). Other codecs are left out (dash.js's MSS module plays
 *       H.264 and AAC only).</li>
 *   <li>Chunk times are the fragments' own decode times in 10 MHz ({@link SmoothFragmentWriter#chunk}), so the
 *       manifest, {@code tfxd} and {@code tfrf} agree, and they come from media time only: stable across
 *       refreshes, replicas and restarts. Only the newest discontinuity sequence is listed (Smooth has no
 *       periods; after an encoder restart its time line would go back).</li>
 *   <li>{@code Bitrate} names a quality level in URLs, so it must not change while players hold a manifest:
 *       it is chosen once per rendition and track (video: the encoder's BANDWIDTH; audio: measured over the
 *       window) and kept in the output timeline's metadata, as DASH keeps its Period anchors.</li>
 *   <li>A fragment's {@code tfrf} lists the next fragments that exist when it is packaged (up to
 *       {@link SmoothManifestWriter#LOOK_AHEAD_FRAGMENT_COUNT}); the packaged bytes are cached per look-ahead
 *       count (same timeline, same bytes on every replica), and a fragment whose look-ahead is not complete
 *       yet is cacheable for one second only. A request for the newest fragment waits until the next one
 *       exists ({@link LookAheadWait}): a client learns the next chunk only from {@code tfrf}.</li>
 * </ul>
 */
final class SmoothPlayback {
    static final String CONTENT_TYPE_MANIFEST = "text/xml; charset=utf-8";
    static final String BITRATE_FIELD = "mss.bitrate.";

    private final PlaybackService playback;
    private final SingleFlight<String, byte[]> packaging = new SingleFlight<>();
    /** (channel, endpoint, stream, bitrate, time) → where the fragment is; filled by manifest renders. */
    private final Map<String, Located> index = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Located> eldest) {
            return size() > 50_000;
        }
    });

    private final SmoothText text;
    /** Requests for the newest fragment wait here until their tfrf can name the next one. */
    private final LookAheadWait edge;

    SmoothPlayback(PlaybackService playback) {
        this.playback = playback;
        this.edge = new LookAheadWait(playback::lookAheadHeld);
        this.text = new SmoothText(playback, edge);
    }

    /**
     * A fragment's rendition, track and output timeline entry; when re-segmented, the output segment it is (the
     * entry is then {@link OutputSegmentation.OutputSegment#asEntry}) and the group size, else null and 1.
     */
    record Located(OutputRendition rendition, PlaybackRequest.CmafTrack track, TimelineEntry entry,
                   OutputSegmentation.OutputSegment segment, int groupSize) {}

    /**
     * One quality level of the layout with its chunks (all of them, before the stream's intersection).
     *
     * @param segments the output segments of the chunks when re-segmented, else null
     */
    private record Level(OutputRendition rendition, PlaybackRequest.CmafTrack track, long bitrate,
                         SmoothManifestWriter.QualityLevel quality, List<Chunk> chunks, List<TimelineEntry> entries,
                         PlaybackService.Window window, List<OutputSegmentation.OutputSegment> segments, int groupSize) {}

    /** Serves a request below an MSS endpoint; returns the metrics kind. */
    String serve(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint, String[] parts,
                 String manifestKey, boolean head) {
        SmoothRequest request = SmoothRequest.parse(endpoint.spec().manifestName, Arrays.copyOfRange(parts, 3, parts.length));
        switch (request) {
            case SmoothRequest.Manifest m -> {
                playback.serveManifest(req, res, channel, manifestKey, head, () -> render(channel, endpoint),
                        CONTENT_TYPE_MANIFEST);
                return "manifest";
            }
            case SmoothRequest.Fragment f -> {
                serveFragment(req, res, channel, endpoint, f, head);
                return "segment";
            }
            case null -> {
                PlaybackService.error(res, Status.NOT_FOUND_404, "not found: this Smooth endpoint serves "
                        + endpoint.spec().manifestName + ".ism/Manifest and " + endpoint.spec().manifestName
                        + ".ism/QualityLevels({bitrate})/Fragments({video|audio}={time})");
                return "other";
            }
        }
    }

    // ---- manifest ----

    private PlaybackService.Rendered render(Channel channel, Endpoint endpoint) {
        List<List<Level>> streams = layout(channel, endpoint);
        if (streams.isEmpty()) {
            return null;
        }
        MssPackageSpec mss = endpoint.mss();
        List<SmoothManifestWriter.Stream> out = new ArrayList<>();
        boolean ended = true;
        PlaybackService.Window first = null;
        long start = Long.MAX_VALUE;
        long end = 0;
        for (List<Level> levels : streams) {
            List<Chunk> chunks = common(levels);
            if (chunks.isEmpty()) {
                continue;
            }
            Level top = levels.getFirst();
            boolean video = top.track() == PlaybackRequest.CmafTrack.VIDEO;
            int maxWidth = 0;
            int maxHeight = 0;
            for (Level l : levels) {
                maxWidth = Math.max(maxWidth, l.quality().maxWidth());
                maxHeight = Math.max(maxHeight, l.quality().maxHeight());
                ended &= l.window().ended();
            }
            String lang = video ? null : language(top);
            out.add(new SmoothManifestWriter.Stream(video ? "video" : "audio", streamName(top.track()), lang, maxWidth,
                    maxHeight, levels.stream().map(Level::quality).toList(), chunks));
            first = first == null ? top.window() : first;
            start = Math.min(start, chunks.getFirst().time());
            end = Math.max(end, chunks.getLast().time() + chunks.getLast().duration());
        }
        if (out.isEmpty()) {
            return null;
        }
        out.addAll(text.streams(channel, MssDefaults.manifestWindowSeconds(mss)));
        long dvr = MssDefaults.manifestWindowSeconds(mss) * SmoothFragmentWriter.TIMESCALE;
        String xml = SmoothManifestWriter.write(new SmoothManifestWriter.Manifest(!ended, dvr, ended ? end - start : 0, out));
        return PlaybackService.rendered(xml, first);
    }

    /** The chunks every quality level of a stream has (renditions arrive one after the other at the live edge). */
    private static List<Chunk> common(List<Level> levels) {
        List<Chunk> chunks = new ArrayList<>(levels.getFirst().chunks());
        for (Level l : levels.subList(1, levels.size())) {
            Set<Long> times = new HashSet<>();
            l.chunks().forEach(c -> times.add(c.time()));
            chunks.removeIf(c -> !times.contains(c.time()));
        }
        return chunks;
    }

    private static String language(Level audio) {
        RenditionProbe p = audio.rendition().probe();
        return p.language() != null && !p.language().equals("und") ? p.language() : null;
    }

    static String streamName(PlaybackRequest.CmafTrack track) {
        return track == PlaybackRequest.CmafTrack.VIDEO ? "video" : "audio";
    }

    /**
     * The streams of the endpoint (video, then audio), each a list of quality levels with their chunks; fills the
     * fragment index for every chunk listed.
     */
    private List<List<Level>> layout(Channel channel, Endpoint endpoint) {
        PlaybackService.Generation g = playback.generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        if (snap.input() == null || snap.renditions().isEmpty()) {
            return List.of();
        }
        MssPackageSpec mss = endpoint.mss();
        int windowSeconds = MssDefaults.manifestWindowSeconds(mss);
        PlaybackService.Measured m = playback.measure(channel, snap, MssDefaults.streamSelection(mss));
        Map<String, String> meta = playback.store.meta(channel.key(), ChannelTimeline.OUTPUT);
        int segmentSeconds = MssDefaults.segmentDurationSeconds(mss);
        List<Source> videoSources = new ArrayList<>();
        List<Long> bandwidths = new ArrayList<>();
        for (HlsManifestWriter.VariantLine v : m.variants()) {
            RenditionProbe p = v.rendition().probe();
            if (p == null || !p.hasVideo()) {
                continue;
            }
            Source src = source(channel, g, v.rendition(), windowSeconds, segmentSeconds);
            if (src != null) {
                videoSources.add(src);
                bandwidths.add(v.bandwidth());
            }
        }
        OutputRendition audioRendition = null;
        for (OutputRendition r : snap.renditions()) {
            if (r.media() == null && r.probe() != null && r.probe().hasAudio()
                    && (audioRendition == null || (!audioRendition.probe().hasVideo() && r.probe().hasVideo()))) {
                audioRendition = r;
            }
        }
        Source audioSource = audioRendition == null ? null
                : source(channel, g, audioRendition, windowSeconds, segmentSeconds);
        // One run for every level of every stream: the oldest of their newest runs (a discontinuity reaches the
        // renditions one after the other), so the levels keep common chunk times and video and audio one run.
        List<List<TimelineEntry>> all = new ArrayList<>();
        videoSources.forEach(src -> all.add(src.candidates()));
        if (audioSource != null) {
            all.add(audioSource.candidates());
        }
        long run = commonRun(all);
        List<Level> video = new ArrayList<>();
        Set<Long> used = new HashSet<>();
        for (int i = 0; i < videoSources.size(); i++) {
            Level l = level(channel, videoSources.get(i), PlaybackRequest.CmafTrack.VIDEO, run, bandwidths.get(i),
                    meta, used);
            if (l != null) {
                video.add(l);
            }
        }
        List<List<Level>> streams = new ArrayList<>();
        if (!video.isEmpty()) {
            streams.add(video);
        }
        if (audioSource != null) {
            Level l = level(channel, audioSource, PlaybackRequest.CmafTrack.AUDIO, run, 0, meta, new HashSet<>());
            if (l != null) {
                streams.add(List.of(l));
            }
        }
        for (List<Level> levels : streams) {
            for (Level l : levels) {
                for (int i = 0; i < l.chunks().size(); i++) {
                    index.put(indexKey(channel, endpoint, streamName(l.track()), l.bitrate(), l.chunks().get(i).time()),
                            new Located(l.rendition(), l.track(), l.entries().get(i),
                                    l.segments() == null ? null : l.segments().get(i), l.groupSize()));
                }
            }
        }
        return streams;
    }

    /**
     * A rendition's window as an MSS level lists it: its entries, or its joined output segments when re-segmented
     * ({@code n > 1}).
     */
    private record Source(OutputRendition rendition, PlaybackService.Window window, HlsTsOutput.Window joined, int n,
                          List<TimelineEntry> candidates) {}

    private Source source(Channel channel, PlaybackService.Generation g, OutputRendition r, int windowSeconds,
                          int segmentDurationSeconds) {
        PlaybackService.Window w = playback.window(channel, g, r, windowSeconds);
        if (w == null || w.entries().isEmpty()) {
            return null;
        }
        // re-segmented (segmentDurationSeconds): the joined output segments, else one fragment per entry
        HlsTsOutput.Window joined = playback.hlsTs.window(channel, r.ingestPath(), windowSeconds, segmentDurationSeconds);
        int n = joined == null ? 1 : joined.groupSize();
        List<TimelineEntry> candidates = w.entries();
        if (n > 1) {
            candidates = new ArrayList<>();
            for (OutputSegmentation.OutputSegment s : joined.segments()) {
                candidates.add(s.asEntry());
            }
            if (candidates.isEmpty()) {
                return null;
            }
        }
        return new Source(r, w, joined, n, candidates);
    }

    /**
     * The discontinuity run every level lists: the lowest of the levels' newest runs. While a discontinuity has
     * reached one rendition and not yet another, taking each level's own newest run would leave the levels of a
     * stream without common chunk times (the stream would vanish from the manifest) or video and audio from
     * different runs. A level whose newest entry was ingested more than three of its segment durations before the
     * freshest level's is stale (a rendition the new input does not have) and does not hold the others back.
     */
    static long commonRun(List<List<TimelineEntry>> levels) {
        long freshest = Long.MIN_VALUE;
        for (List<TimelineEntry> candidates : levels) {
            if (!candidates.isEmpty()) {
                freshest = Math.max(freshest, candidates.getLast().ingestedAtMillis());
            }
        }
        long run = Long.MAX_VALUE;
        long newest = 0;
        for (List<TimelineEntry> candidates : levels) {
            if (candidates.isEmpty()) {
                continue;
            }
            TimelineEntry last = candidates.getLast();
            newest = Math.max(newest, last.discontinuitySequence());
            if (last.ingestedAtMillis() >= freshest - 3 * Math.max(1_000, last.durationMicros() / 1000)) {
                run = Math.min(run, last.discontinuitySequence());
            }
        }
        return run == Long.MAX_VALUE ? newest : run;
    }

    /** One quality level: the chunks of {@code run} in the rendition's window, and its pinned, unique bitrate. */
    private Level level(Channel channel, Source src, PlaybackRequest.CmafTrack track, long run, long bandwidth,
                        Map<String, String> meta, Set<Long> used) {
        OutputRendition r = src.rendition();
        PlaybackService.Window w = src.window();
        HlsTsOutput.Window joined = src.joined();
        int n = src.n();
        List<TimelineEntry> candidates = src.candidates();
        List<OutputSegmentation.OutputSegment> segments = n > 1 ? new ArrayList<>() : null;
        List<Chunk> chunks = new ArrayList<>();
        List<TimelineEntry> entries = new ArrayList<>();
        TrackFormat format = null;
        long bytes = 0;
        long ticks = 0;
        for (int i = 0; i < candidates.size(); i++) {
            TimelineEntry e = candidates.get(i);
            if (e.discontinuitySequence() != run) {
                continue;
            }
            PlaybackService.FragmentInfo info = n > 1
                    ? playback.cmafJoin.info(channel, joined.segments().get(i), n).get(track.kind)
                    : playback.fragmentInfo(channel, e).get(track.kind);
            if (info == null) {
                continue; // expired, or no such track in this segment
            }
            format = info.format();
            chunks.add(SmoothFragmentWriter.chunk(info.decodeTime(), info.durationTicks(), format.timescale()));
            entries.add(e);
            if (segments != null) {
                segments.add(joined.segments().get(i));
            }
            bytes += info.bytes();
            ticks += info.durationTicks();
        }
        if (format == null || !supported(format)) {
            return null;
        }
        long measured = ticks == 0 ? 0 : PlaybackService.roundKbps(bytes * 8 * format.timescale() / ticks);
        long bitrate = pinnedBitrate(channel, r, track, bandwidth > 0 ? bandwidth : measured, meta);
        while (!used.add(bitrate)) {
            bitrate++; // two quality levels of a stream with one bitrate: URLs would be ambiguous
        }
        SmoothManifestWriter.QualityLevel q = track == PlaybackRequest.CmafTrack.VIDEO
                ? SmoothManifestWriter.QualityLevel.video(bitrate, format.width(), format.height(), format.parameterSets())
                : SmoothManifestWriter.QualityLevel.aac(bitrate, format.sampleRate(), format.channels(), format.decoderConfig());
        return new Level(r, track, bitrate, q, chunks, entries, w, segments, n);
    }

    /** H.264 and AAC: what Smooth clients (and dash.js's MSS module) play. */
    private static boolean supported(TrackFormat f) {
        return f.kind() == TrackFormat.Kind.VIDEO ? f.codec().startsWith("avc") : f.codec().startsWith("mp4a.40.");
    }

    /**
     * The bitrate of a quality level: the stored one, else {@code proposed} (or the next one no other level of the
     * stream has pinned), stored if absent (a replica racing on the first render gets the winner's value) with the
     * channel's retention (rewritten when half of it has passed) so every later render, on any replica, names the
     * same URL.
     */
    long pinnedBitrate(Channel channel, OutputRendition r, PlaybackRequest.CmafTrack track, long proposed,
                       Map<String, String> meta) {
        String field = BITRATE_FIELD + r.index() + track.letter;
        long now = playback.clock.millis();
        long retention = channel.retention().toMillis();
        String stored = meta.get(field);
        if (stored != null) {
            String[] f = stored.split(",");
            try {
                long bitrate = Long.parseLong(f[0]);
                if (f.length < 2 || now - Long.parseLong(f[1]) > retention / 2) {
                    playback.store.putMeta(channel.key(), ChannelTimeline.OUTPUT, field, bitrate + "," + now,
                            channel.retention());
                }
                return bitrate;
            } catch (NumberFormatException e) {
                // rewritten below
            }
        }
        // Another level of this stream may have pinned this bitrate while this one was not listed yet (its segments
        // came later): its URLs, cached by CDNs, must keep naming it, so this level takes the next free bitrate.
        Set<Long> taken = new HashSet<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith(BITRATE_FIELD) && e.getKey().endsWith(track.letter) && !e.getKey().equals(field)) {
                try {
                    taken.add(Long.parseLong(e.getValue().split(",")[0]));
                } catch (NumberFormatException ignored) {
                    // not a pin
                }
            }
        }
        long bitrate = Math.max(1000, proposed);
        while (taken.contains(bitrate)) {
            bitrate++;
        }
        if (stored != null) { // unreadable: replaced
            playback.store.putMeta(channel.key(), ChannelTimeline.OUTPUT, field, bitrate + "," + now, channel.retention());
            return bitrate;
        }
        // Set-if-absent: two replicas rendering the first manifest at once both serve the value stored first.
        String won = playback.store.putMetaIfAbsent(channel.key(), ChannelTimeline.OUTPUT, field, bitrate + "," + now,
                channel.retention());
        try {
            return Long.parseLong(won.split(",")[0]);
        } catch (NumberFormatException e) {
            return bitrate;
        }
    }

    private static String indexKey(Channel channel, Endpoint endpoint, String stream, long bitrate, long time) {
        return channel.key() + "|" + endpoint.name() + "|" + stream + "|" + bitrate + "|" + time;
    }

    // ---- fragments ----

    private void serveFragment(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint,
                               SmoothRequest.Fragment f, boolean head) {
        if (f.stream().startsWith(SmoothText.PREFIX)) {
            text.serve(req, res, channel, MssDefaults.manifestWindowSeconds(endpoint.mss()), f, head);
            return;
        }
        if (!f.stream().equals("video") && !f.stream().equals("audio")) {
            PlaybackService.notFound(res, "no stream " + f.stream() + " (streams: video, audio, text_{rendition})");
            return;
        }
        String key = indexKey(channel, endpoint, f.stream(), f.bitrate(), f.time());
        Located at = index.get(key);
        if (at == null) {
            // not listed by a render of this process yet (another replica's manifest, or a restart): render now
            List<List<Level>> streams = layout(channel, endpoint);
            at = index.get(key);
            if (at == null) {
                boolean knownBitrate = streams.stream().flatMap(List::stream)
                        .anyMatch(l -> streamName(l.track()).equals(f.stream()) && l.bitrate() == f.bitrate());
                PlaybackService.notFound(res, knownBitrate
                        ? "no " + f.stream() + " fragment at time " + f.time() + " in the window"
                        : "no " + f.stream() + " quality level with bitrate " + f.bitrate());
                return;
            }
        }
        if (at.segment() != null) {
            serveJoinedFragment(req, res, channel, endpoint, f, at, head);
            return;
        }
        Located where = at;
        String fragmentKey = "mss|" + PlaybackService.fragmentKey(channel, at.entry(), at.track().letter);
        List<Chunk> next = edge.await(channel.key().name(), fragmentKey, at.entry(), 1, playback.clock,
                () -> playback.ended(channel, where.rendition()), lookAhead(channel, where), () -> lookAhead(channel, where));
        String cacheKey = fragmentKey + "|" + next.size();
        byte[] bytes = playback.packaged.get(cacheKey);
        if (bytes == null) {
            bytes = packaging.get(cacheKey, () -> {
                TsToCmaf.Samples s = playback.sourceTracks(channel, where.entry()).get(where.track().kind);
                if (s == null) {
                    return null;
                }
                // mfhd counts from 1; output sequences from 0 (as for CMAF)
                byte[] out = SmoothFragmentWriter.write(where.entry().sequence() + 1, TsToCmaf.TRACK_ID,
                        s.format().timescale(), s.samples(), next);
                playback.packaged.put(cacheKey, out);
                return out;
            });
            if (bytes == null) {
                PlaybackService.notFound(res, "fragment " + f.stream() + "=" + f.time() + " has expired");
                return;
            }
        }
        send(req, res, channel, f, at, bytes, next.size(), head);
    }

    /**
     * The chunks after a fragment (not re-segmented) that exist in its run now, up to the look-ahead count; null
     * when the next entry starts another run (none will come: {@link LookAheadWait}).
     */
    private List<Chunk> lookAhead(Channel channel, Located at) {
        PlaybackService.Generation g = playback.generation(channel); // fresh: called again while waiting
        List<Chunk> next = new ArrayList<>();
        for (int k = 1; k <= SmoothManifestWriter.LOOK_AHEAD_FRAGMENT_COUNT; k++) {
            TimelineEntry e = playback.entry(channel, g, at.rendition(), at.entry().sequence() + k);
            boolean otherRun = e != null && e.discontinuitySequence() != at.entry().discontinuitySequence();
            if (otherRun && k == 1) {
                return null;
            }
            PlaybackService.FragmentInfo info = e == null || otherRun ? null : playback.fragmentInfo(channel, e).get(at.track().kind);
            if (info == null) {
                break;
            }
            next.add(SmoothFragmentWriter.chunk(info.decodeTime(), info.durationTicks(), info.format().timescale()));
        }
        return next;
    }

    /**
     * A re-segmented fragment: the samples of the joined input segments ({@link HlsTsOutput#bytes}, demuxed as for
     * the CMAF and DASH endpoints' joined fragments, so {@code tfxd} is their {@code tfdt}), {@code mfhd} = output
     * media sequence + 1, {@code tfrf} over the following complete output segments of the same run.
     */
    private void serveJoinedFragment(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint,
                                     SmoothRequest.Fragment f, Located at, boolean head) {
        MssPackageSpec mss = endpoint.mss();
        Joined j = joined(channel, mss, at);
        if (j == null) {
            PlaybackService.notFound(res, "fragment " + f.stream() + "=" + f.time() + " is no longer in the window");
            return;
        }
        OutputSegmentation.OutputSegment s = j.segment();
        int n = at.groupSize();
        String fragmentKey = "mss-join|" + HlsTsOutput.bytesKey(channel, s, n) + "|" + s.mediaSequence() + "|"
                + at.track().letter;
        List<Chunk> next = edge.await(channel.key().name(), fragmentKey, s.last(), n, playback.clock,
                () -> playback.ended(channel, at.rendition()), j.lookAhead(), () -> {
            Joined again = joined(channel, mss, at);
            return again == null ? null : again.lookAhead();
        });
        String cacheKey = fragmentKey + "|" + next.size();
        byte[] bytes = playback.packaged.get(cacheKey);
        if (bytes == null) {
            bytes = packaging.get(cacheKey, () -> {
                byte[] ts = playback.hlsTs.bytes(channel, s, n);
                TsToCmaf.Samples samples = ts == null ? null : TsToCmaf.tracks(ts, s.first().mediaTime90k()).get(at.track().kind);
                if (samples == null) {
                    return null;
                }
                byte[] out = SmoothFragmentWriter.write(s.mediaSequence() + 1, TsToCmaf.TRACK_ID,
                        samples.format().timescale(), samples.samples(), next);
                playback.packaged.put(cacheKey, out);
                return out;
            });
            if (bytes == null) {
                PlaybackService.notFound(res, "fragment " + f.stream() + "=" + f.time() + " has expired");
                return;
            }
        }
        send(req, res, channel, f, at, bytes, next.size(), head);
    }

    /**
     * A joined fragment's output segment in the current window and the complete ones after it in its run;
     * {@code runEnded}: the next output segment starts another run.
     */
    private record Joined(OutputSegmentation.OutputSegment segment, List<Chunk> next, boolean runEnded) {
        /** For {@link LookAheadWait}: null when none will come in this run. */
        List<Chunk> lookAhead() {
            return runEnded ? null : next;
        }
    }

    private Joined joined(Channel channel, MssPackageSpec mss, Located at) {
        HlsTsOutput.Window w = playback.hlsTs.window(channel, at.rendition().ingestPath(),
                2 * MssDefaults.manifestWindowSeconds(mss), MssDefaults.segmentDurationSeconds(mss));
        int i = -1;
        for (int k = 0; w != null && w.groupSize() == at.groupSize() && k < w.segments().size(); k++) {
            if (w.segments().get(k).mediaSequence() == at.segment().mediaSequence()) {
                i = k;
            }
        }
        if (i < 0) {
            return null;
        }
        OutputSegmentation.OutputSegment s = w.segments().get(i);
        List<Chunk> next = new ArrayList<>();
        boolean runEnded = false;
        for (int k = i + 1; k < w.segments().size() && next.size() < SmoothManifestWriter.LOOK_AHEAD_FRAGMENT_COUNT; k++) {
            OutputSegmentation.OutputSegment after = w.segments().get(k);
            boolean otherRun = after.first().discontinuitySequence() != s.first().discontinuitySequence();
            runEnded |= otherRun && k == i + 1;
            PlaybackService.FragmentInfo info = otherRun ? null : playback.cmafJoin.info(channel, after, at.groupSize()).get(at.track().kind);
            if (info == null) {
                break;
            }
            next.add(SmoothFragmentWriter.chunk(info.decodeTime(), info.durationTicks(), info.format().timescale()));
        }
        return new Joined(s, next, runEnded);
    }

    private void send(ServerRequest req, ServerResponse res, Channel channel, SmoothRequest.Fragment f, Located at,
                      byte[] bytes, int lookAhead, boolean head) {
        if (f.infoOnly()) {
            int moof = (int) ((bytes[0] & 0xFFL) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF);
            bytes = Arrays.copyOf(bytes, moof);
        }
        boolean complete = lookAhead == SmoothManifestWriter.LOOK_AHEAD_FRAGMENT_COUNT;
        String etag = "\"mss-" + at.entry().source() + "-" + at.rendition().index() + at.track().letter + "-"
                + at.entry().sequence() + (at.groupSize() > 1 ? "x" + at.groupSize() : "") + "-" + lookAhead
                + (f.infoOnly() ? "i" : "") + "-" + bytes.length + "\"";
        res.header(HeaderNames.CONTENT_TYPE, at.track() == PlaybackRequest.CmafTrack.VIDEO ? "video/mp4" : "audio/mp4");
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + (complete ? Math.min(86_400, channel.retention().toSeconds()) : 1));
        res.header(HeaderNames.ETAG, etag);
        playback.send(req, res, bytes, etag, head);
    }
}
