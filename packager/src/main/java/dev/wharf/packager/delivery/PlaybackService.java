package dev.wharf.packager.delivery;

import dev.wharf.api.v1.CmafHlsManifestSpec;
import dev.wharf.api.v1.CmafPackageSpec;
import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.api.v1.OriginEndpointSpec;
import dev.wharf.api.v1.StreamSelectionSpec;
import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.ChannelRegistry;
import dev.wharf.packager.channel.CmafDefaults;
import dev.wharf.packager.channel.DashDefaults;
import dev.wharf.packager.channel.Endpoint;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.ingest.FileKind;
import dev.wharf.packager.ingest.IngestService;
import dev.wharf.packager.ingest.RenditionProbe;
import dev.wharf.packager.metrics.PackagerMetrics;
import dev.wharf.packager.remux.TsToCmaf;
import dev.wharf.packager.sample.TrackFormat;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.SegmentVersions;
import dev.wharf.packager.store.StoreUnavailableException;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.packager.text.WebVtt;
import dev.wharf.packager.text.WvttFragments;
import dev.wharf.packager.http.RequestTarget;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The player side: {@code GET}/{@code HEAD} on {@code /out/v1/{namespace}/{channel}/{endpoint}/...}.
 *
 * <p>Manifests are rendered from the timeline on the first request after a change and then served
 * from memory until the channel changes again (a store notification, from any replica) or, as a
 * safety net for a lost notification, for at most {@link #MAX_STALE_NANOS}. Concurrent requests for
 * the same manifest wait for one rendering.
 */
public final class PlaybackService {
    private static final Logger LOG = Logger.getLogger(PlaybackService.class.getName());
    static final String PREFIX = "/out/v1/";
    static final long MAX_STALE_NANOS = 1_000_000_000L;
    /** Bodies larger than this are streamed (see {@link #sendLarge}); manifests stay below it. */
    static final int STREAM_THRESHOLD = 64 * 1024;
    private static final int FIRST_WRITE = 8 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final HeaderName CDN_IDENTIFIER = HeaderNames.create(Endpoint.CDN_IDENTIFIER_HEADER);
    private static final String EXPOSED = "X-MediaPackage-Manifest-Last-Sequence, X-MediaPackage-Manifest-Last-Updated, "
            + "Content-Length, Content-Range, ETag, Last-Modified";

    private final ChannelRegistry registry;
    final SegmentStore store;
    private final SegmentCache segments;
    final SegmentCache packaged;
    private final SingleFlight<String, Map<TrackFormat.Kind, TsToCmaf.Track>> remuxing = new SingleFlight<>();
    private final PackagerMetrics metrics;
    private final ChannelReader reader;
    final Clock clock;
    private final Map<ChannelKey, Generation> generations = new ConcurrentHashMap<>();
    final HlsTsOutput hlsTs;
    final CmafResegmenter cmafJoin;
    private final DashResegmenter dashJoin;
    private final SmoothPlayback smooth = new SmoothPlayback(this);

    /**
     * @param segments ingested segment bytes (shared with ingest)
     * @param packaged packaged outputs (CMAF fragments and init segments), keyed independently of the endpoint
     */
    public PlaybackService(ChannelRegistry registry, SegmentStore store, SegmentCache segments, SegmentCache packaged,
                           PackagerMetrics metrics, ChannelTimeline channelTimeline, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.segments = segments;
        this.packaged = packaged;
        this.metrics = metrics;
        this.clock = clock;
        this.reader = new ChannelReader(store, channelTimeline);
        this.hlsTs = new HlsTsOutput(store, packaged, this::ingested, clock);
        this.cmafJoin = new CmafResegmenter(hlsTs, packaged);
        this.dashJoin = new DashResegmenter(hlsTs, cmafJoin);
        store.onChange(key -> generations.remove(key));
        registry.onUpdate(generations::clear);
    }

    /** Rendered manifests and the snapshot of one channel, valid until the channel changes. */
    final class Generation {
        final long createdNanos = System.nanoTime();
        final Map<String, Lazy<Rendered>> manifests = new ConcurrentHashMap<>();
        final Lazy<ChannelSnapshot> snapshot;
        final Map<String, TimelineEntry> recent = new ConcurrentHashMap<>();
        /** Per "rendition/discontinuity sequence": an entry of that run, whose format the run's init segment has. */
        final Map<String, TimelineEntry> runs = new ConcurrentHashMap<>();

        Generation(Channel channel) {
            snapshot = new Lazy<>(() -> reader.read(channel));
        }

        boolean fresh() {
            return System.nanoTime() - createdNanos < MAX_STALE_NANOS;
        }
    }

    /** A value computed once, by the first caller; the others wait for it (single flight). */
    static final class Lazy<T> {
        private final java.util.function.Supplier<T> supplier;
        private T value;

        Lazy(java.util.function.Supplier<T> supplier) {
            this.supplier = supplier;
        }

        synchronized T get() {
            if (value == null) {
                value = supplier.get();
            }
            return value;
        }
    }

    record Rendered(byte[] body, String etag, long lastSequence, long lastUpdatedMillis, int maxAgeSeconds) {}

    public void routing(HttpRouting.Builder routing) {
        routing.any(this::handle);
    }

    Generation generation(Channel channel) {
        Generation g = generations.get(channel.key());
        if (g == null || !g.fresh()) {
            Generation next = new Generation(channel);
            if (g == null) {
                Generation raced = generations.putIfAbsent(channel.key(), next);
                return raced == null ? next : raced;
            }
            return generations.replace(channel.key(), g, next) ? next : generation(channel);
        }
        return g;
    }

    private void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        String channelTag = "unknown";
        String endpointTag = "unknown";
        String kind = "other";
        try {
            cors(res);
            Method method = req.prologue().method();
            if (method.equals(Method.OPTIONS)) {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS");
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "*");
                res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
                res.status(Status.NO_CONTENT_204).send();
                return;
            }
            if (!method.equals(Method.GET) && !method.equals(Method.HEAD)) {
                res.header(HeaderNames.ALLOW, "GET, HEAD, OPTIONS");
                error(res, Status.METHOD_NOT_ALLOWED_405, "playback accepts GET, HEAD and OPTIONS");
                return;
            }
            String path = RequestTarget.path(req.prologue().uriPath().rawPath()); // absolute-form too (RFC 9112 3.2.2)
            if (path.equals(DashDefaults.TIME_PATH)) {
                kind = "time";
                serveTime(res, method.equals(Method.HEAD));
                return;
            }
            String[] parts = path.startsWith(PREFIX) ? path.substring(PREFIX.length()).split("/", -1) : new String[0];
            if (parts.length < 4 || parts.length > 6) { // 6: Smooth's .ism/QualityLevels(b)/Fragments(t)
                error(res, Status.NOT_FOUND_404, "not found");
                return;
            }
            Channel channel = registry.channel(parts[0], parts[1]).orElse(null);
            Endpoint endpoint = channel == null ? null : channel.endpoint(parts[2]).orElse(null);
            if (endpoint == null) {
                error(res, Status.NOT_FOUND_404, "no endpoint " + parts[2] + " on channel " + parts[0] + "/" + parts[1]);
                return;
            }
            channelTag = channel.key().name();
            endpointTag = endpoint.name();
            if (endpoint.spec().origination == OriginEndpointSpec.Origination.DENY) {
                error(res, Status.FORBIDDEN_403, "origination is denied on this endpoint");
                return;
            }
            if (req.remotePeer().address() instanceof InetSocketAddress a && !endpoint.allows(a.getAddress())) {
                error(res, Status.FORBIDDEN_403, "client address not in the endpoint's whitelist");
                return;
            }
            if (!endpoint.authorizes(req.headers().first(CDN_IDENTIFIER).orElse(null))) {
                error(res, Status.FORBIDDEN_403, "CDN authorization: missing or wrong " + Endpoint.CDN_IDENTIFIER_HEADER
                        + " header");
                return;
            }
            boolean head = method.equals(Method.HEAD);
            String file = parts[parts.length - 1];
            // Rendered manifests are cached per channel: the key names the endpoint and the path within it.
            String manifestKey = endpoint.name() + "/" + (parts.length == 5 ? parts[3] + "/" : "") + file;
            if (endpoint.cmaf() != null) {
                kind = cmaf(req, res, channel, endpoint, parts, manifestKey, head);
                return;
            }
            if (endpoint.dash() != null) {
                kind = dash(req, res, channel, endpoint, parts, manifestKey, head);
                return;
            }
            if (endpoint.mss() != null) {
                kind = smooth.serve(req, res, channel, endpoint, parts, manifestKey, head);
                return;
            }
            HlsTsOutput.Request hlsRequest = parts.length == 4 ? HlsTsOutput.parse(endpoint.spec().manifestName, file) : null;
            if (hlsRequest != null) {
                kind = serveHlsTs(req, res, channel, endpoint, hlsRequest, manifestKey, head);
                return;
            }
            PlaybackRequest request = parts.length == 4 ? PlaybackRequest.parse(endpoint.spec().manifestName, file) : null;
            switch (request) {
                case null -> error(res, Status.NOT_FOUND_404, "not found");
                case PlaybackRequest.MasterManifest m -> {
                    kind = "manifest";
                    serveManifest(req, res, channel, manifestKey, head, () -> renderMaster(channel, endpoint));
                }
                case PlaybackRequest.MediaManifest m -> {
                    kind = "manifest";
                    serveManifest(req, res, channel, manifestKey, head, () -> renderMedia(channel, endpoint, m.rendition()));
                }
                case PlaybackRequest.Segment s -> {
                    kind = "segment";
                    serveSegment(req, res, channel, s, head);
                }
                case PlaybackRequest.InitSegment i -> {
                    kind = "segment";
                    serveHlsInit(req, res, channel, i, head);
                }
                default -> error(res, Status.NOT_FOUND_404, "not found");
            }
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "storage unavailable during playback: " + e.getMessage());
            res.header(HeaderNames.RETRY_AFTER, "2");
            error(res, Status.SERVICE_UNAVAILABLE_503, "storage unavailable, retry");
        } finally {
            metrics.egress(channelTag, endpointTag, kind, res.status().code(), res.bytesWritten(), System.nanoTime() - start);
        }
    }

    private void serveManifest(ServerRequest req, ServerResponse res, Channel channel, String key, boolean head,
                               java.util.function.Supplier<Rendered> render) {
        serveManifest(req, res, channel, key, head, render, "application/vnd.apple.mpegurl");
    }

    void serveManifest(ServerRequest req, ServerResponse res, Channel channel, String key, boolean head,
                       java.util.function.Supplier<Rendered> render, String contentType) {
        Generation g = generation(channel);
        Rendered r = g.manifests.computeIfAbsent(key, f -> new Lazy<>(render)).get();
        if (r == null) {
            res.header(HeaderNames.CACHE_CONTROL, "max-age=1");
            error(res, Status.NOT_FOUND_404, "no such rendition, or no content yet");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + r.maxAgeSeconds());
        res.header(HeaderNames.ETAG, r.etag());
        if (r.lastSequence() >= 0) {
            res.header("X-MediaPackage-Manifest-Last-Sequence", Long.toString(r.lastSequence()));
            res.header("X-MediaPackage-Manifest-Last-Updated", Long.toString(r.lastUpdatedMillis()));
            res.header(HeaderNames.LAST_MODIFIED, HTTP_DATE.format(Instant.ofEpochMilli(r.lastUpdatedMillis())));
        }
        send(req, res, r.body(), r.etag(), head);
    }

    void send(ServerRequest req, ServerResponse res, byte[] body, String etag, boolean head) {
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(v -> v.equals(etag) || v.equals("*")).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        HttpRange range = HttpRange.parse(req.headers().first(HeaderNames.RANGE).orElse(null), body.length);
        if (range == HttpRange.UNSATISFIABLE) {
            res.header(HeaderNames.CONTENT_RANGE, "bytes */" + body.length);
            error(res, Status.REQUESTED_RANGE_NOT_SATISFIABLE_416, "range not satisfiable");
            return;
        }
        if (range != null) {
            res.status(Status.PARTIAL_CONTENT_206);
            res.header(HeaderNames.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + body.length);
            body = java.util.Arrays.copyOfRange(body, (int) range.first(), (int) range.last() + 1);
        }
        if (head) {
            res.headers().contentLength(body.length);
            res.send();
        } else if (body.length > STREAM_THRESHOLD) {
            sendLarge(res, body);
        } else {
            res.send(body);
        }
    }

    /**
     * A large body (a segment) without copying it: {@code send(byte[])} copies the whole entity into one
     * growing buffer behind the headers (two 1.3 MB copies per segment GET, most of the allocation under
     * load). Through the output stream with a known length, only the first write is merged with the
     * headers; the rest is handed to the socket as is.
     */
    private static void sendLarge(ServerResponse res, byte[] body) {
        res.headers().contentLength(body.length);
        try (OutputStream out = res.outputStream()) {
            out.write(body, 0, FIRST_WRITE);
            out.write(body, FIRST_WRITE, body.length - FIRST_WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variants a master lists, measured and selected, and the freshest segment among them. */
    record Measured(List<HlsManifestWriter.VariantLine> variants, List<OutputRendition> media, long lastSequence,
                    long lastUpdatedMillis) {}

    /** Measures the variants of the active input and applies the endpoint's stream selection and order. */
    Measured measure(Channel channel, ChannelSnapshot snap, StreamSelectionSpec sel) {
        List<HlsManifestWriter.VariantLine> variants = new ArrayList<>();
        List<OutputRendition> media = new ArrayList<>();
        long lastSeq = -1;
        long lastUpdated = 0;
        for (OutputRendition r : snap.renditions()) {
            if (r.media() != null) {
                media.add(r);
                continue;
            }
            List<TimelineEntry> recent = store.lastEntries(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath(), 10);
            if (recent.isEmpty()) {
                continue; // announced but nothing playable yet
            }
            long sumBits = 0;
            long sumMicros = 0;
            long peak = 0;
            for (TimelineEntry e : recent) {
                sumBits += e.sizeBytes() * 8;
                sumMicros += e.durationMicros();
                if (e.durationMicros() > 0) {
                    peak = Math.max(peak, e.sizeBytes() * 8_000_000 / e.durationMicros());
                }
            }
            long measuredAverage = sumMicros == 0 ? 0 : roundKbps(sumBits * 1_000_000 / sumMicros);
            var in = r.variant();
            RenditionProbe p = r.probe();
            long bandwidth = in != null ? in.bandwidth() : roundKbps(peak);
            long average = in != null && in.averageBandwidth() > 0 ? in.averageBandwidth() : measuredAverage;
            boolean hasVideo = p != null ? p.hasVideo() : (in == null || in.width() > 0 || in.codecs() == null
                    || in.codecs().contains("avc") || in.codecs().contains("hvc") || in.codecs().contains("hev"));
            if (hasVideo && (bandwidth < sel.minVideoBitsPerSecond || bandwidth > sel.maxVideoBitsPerSecond)) {
                continue;
            }
            String codecs = p != null && !p.codecs().isEmpty() ? String.join(",", p.codecs()) : (in == null ? null : in.codecs());
            int width = p != null && p.width() > 0 ? p.width() : (in == null ? 0 : in.width());
            int height = p != null && p.height() > 0 ? p.height() : (in == null ? 0 : in.height());
            double fps = p != null && p.frameRate() > 0 ? p.frameRate() : (in == null ? 0 : in.frameRate());
            variants.add(new HlsManifestWriter.VariantLine(r, bandwidth, average, codecs, width, height, fps));
            TimelineEntry last = recent.get(recent.size() - 1);
            if (last.ingestedAtMillis() >= lastUpdated) {
                lastUpdated = last.ingestedAtMillis();
                lastSeq = last.sequence();
            }
        }
        switch (sel.streamOrder) {
            case VIDEO_BITRATE_ASCENDING -> variants.sort(Comparator.comparingLong(HlsManifestWriter.VariantLine::bandwidth));
            case VIDEO_BITRATE_DESCENDING ->
                    variants.sort(Comparator.comparingLong(HlsManifestWriter.VariantLine::bandwidth).reversed());
            case ORIGINAL -> { }
        }
        return new Measured(variants, media, lastSeq, lastUpdated);
    }

    private Rendered renderMaster(Channel channel, Endpoint endpoint) {
        ChannelSnapshot snap = generation(channel).snapshot.get();
        if (snap.input() == null || snap.renditions().isEmpty()) {
            return null;
        }
        Measured m = measure(channel, snap, endpoint.hls().streamSelection);
        if (m.variants().isEmpty()) {
            return null;
        }
        String text = HlsManifestWriter.master(endpoint.spec().manifestName, m.variants(), m.media(),
                CaptionSignalling.hls(snap));
        if (endpoint.hls().includeIframeOnlyStream) {
            text += hlsTs.masterLines(channel, endpoint, m.variants());
        }
        return rendered(text, m.lastSequence(), m.lastUpdatedMillis(), 2);
    }

    /** The newest entries of a rendition's output timeline that fit in the playlist window. */
    record Window(List<TimelineEntry> entries, long targetDurationSeconds, boolean ended) {}

    /** A Smooth fragment request held at the live edge ({@link LookAheadWait}): in the metrics. */
    void lookAheadHeld(String channel, long nanos, boolean found) {
        metrics.lookAheadHeld(channel, nanos, found);
    }

    /** Whether a rendition's encoder ended its stream ({@code EXT-X-ENDLIST}): nothing more will come. */
    boolean ended(Channel channel, OutputRendition r) {
        return store.renditionState(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath()).ended();
    }

    Window window(Channel channel, Generation g, OutputRendition r, int windowSeconds) {
        RenditionState state = store.renditionState(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath());
        if (state.nextSequence() == 0) {
            return null;
        }
        long windowMicros = windowSeconds * 1_000_000L;
        long typicalMicros = Math.max(500_000, state.maxDurationMicros() / 2);
        int fetch = (int) Math.min(5000, windowMicros / typicalMicros + 2);
        List<TimelineEntry> entries = store.lastEntries(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath(), fetch);
        int from = entries.size();
        long total = 0;
        while (from > 0 && (from == entries.size() || total + entries.get(from - 1).durationMicros() <= windowMicros)) {
            total += entries.get(from - 1).durationMicros();
            from--;
        }
        List<TimelineEntry> window = entries.subList(from, entries.size());
        for (TimelineEntry e : window) {
            g.recent.put(r.index() + "/" + e.sequence(), e);
            g.runs.put(r.index() + "/" + e.discontinuitySequence(), e); // the newest entry of each run wins
        }
        return new Window(window, HlsManifestWriter.targetDuration(state.maxDurationMicros()), state.ended());
    }

    private Rendered renderMedia(Channel channel, Endpoint endpoint, int index) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(index);
        HlsTsOutput.Playlist resegmented = r == null ? null : hlsTs.media(channel, endpoint, r);
        if (resegmented != null) {
            return resegmented == HlsTsOutput.Playlist.NONE ? null : rendered(resegmented);
        }
        Window w = r == null ? null : window(channel, g, r, endpoint.hls().playlistWindowSeconds);
        if (w == null) {
            return null;
        }
        String text = Fmp4Source.any(w.entries())
                ? HlsManifestWriter.media(Fmp4Source.layout(endpoint.spec().manifestName, index), endpoint.hls().playlistType,
                        endpoint.hls().programDateTimeIntervalSeconds, endpoint.hls().adMarkers, w.entries(),
                        w.targetDurationSeconds(), w.ended())
                : HlsManifestWriter.media(endpoint.spec().manifestName, index, endpoint.hls(), w.entries(),
                        w.targetDurationSeconds(), w.ended());
        return rendered(text, w);
    }

    static Rendered rendered(String text, Window w) {
        List<TimelineEntry> window = w.entries();
        TimelineEntry last = window.isEmpty() ? null : window.get(window.size() - 1);
        return rendered(text, last == null ? -1 : last.sequence(), last == null ? 0 : last.ingestedAtMillis(),
                (int) Math.max(1, w.targetDurationSeconds() / 2));
    }

    private static Rendered rendered(HlsTsOutput.Playlist p) {
        return rendered(p.text(), p.lastSequence(), p.lastUpdatedMillis(), (int) Math.max(1, p.targetDurationSeconds() / 2));
    }

    /** Re-segmented HLS segments and I-frame-only playlists (see {@link HlsTsOutput}); returns the metrics kind. */
    private String serveHlsTs(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint,
                              HlsTsOutput.Request request, String manifestKey, boolean head) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        switch (request) {
            case HlsTsOutput.IframePlaylist i -> {
                OutputRendition r = snap.input() == null ? null : snap.rendition(i.rendition());
                if (!endpoint.hls().includeIframeOnlyStream || r == null || r.media() != null) {
                    notFound(res, "no I-frame playlist " + i.rendition());
                    return "other";
                }
                serveManifest(req, res, channel, manifestKey, head, () -> {
                    HlsTsOutput.Playlist p = hlsTs.iframes(channel, endpoint, r);
                    return p == null ? null : rendered(p);
                });
                return "manifest";
            }
            case HlsTsOutput.JoinedSegment j -> {
                OutputRendition r = snap.input() == null ? null : snap.rendition(j.rendition());
                OutputSegmentation.OutputSegment s = r == null || r.media() != null
                        ? null : hlsTs.find(channel, endpoint, r, j);
                byte[] bytes = s == null ? null : hlsTs.bytes(channel, s, j.groupSize());
                if (bytes == null) {
                    notFound(res, "segment " + j.firstSequence() + "_" + j.groupSize() + " is not in the timeline");
                    return "segment";
                }
                String etag = "\"" + s.first().source() + "-" + r.index() + "-" + s.firstSequence() + "x" + s.entries().size()
                        + "-" + bytes.length + "\"";
                res.header(HeaderNames.CONTENT_TYPE, FileKind.contentType(SegmentVersions.name(s.first().file())));
                res.header(HeaderNames.CACHE_CONTROL, "max-age=" + Math.min(86_400, channel.retention().toSeconds()));
                res.header(HeaderNames.ETAG, etag);
                send(req, res, bytes, etag, head);
                return "segment";
            }
        }
    }

    static long roundKbps(long bps) {
        return (bps + 999) / 1000 * 1000;
    }

    private static Rendered rendered(String text, long lastSeq, long lastUpdated, int maxAge) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return new Rendered(body, etag(body), lastSeq, lastUpdated, maxAge);
    }

    private static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The output timeline's entry {@code sequence} of a rendition, or null. */
    TimelineEntry entry(Channel channel, Generation g, OutputRendition r, long sequence) {
        TimelineEntry entry = g.recent.get(r.index() + "/" + sequence);
        if (entry == null) {
            List<TimelineEntry> found = store.entries(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath(), sequence, 1);
            entry = found.isEmpty() || found.get(0).sequence() != sequence ? null : found.get(0);
            if (entry != null) {
                // the next player asking for it in this generation needs no store round trip
                g.recent.put(r.index() + "/" + sequence, entry);
            }
        }
        return entry;
    }

    /** The ingested bytes of an entry (this process's cache, else the store), or null when expired. */
    byte[] ingested(Channel channel, TimelineEntry entry) {
        return ingested(channel, entry.source(), entry.file());
    }

    /**
     * The single-track samples of an entry (see {@link TsToCmaf#tracks(byte[], long)}), from its MPEG-TS bytes or
     * from its fMP4 bytes and init; empty when expired.
     */
    Map<TrackFormat.Kind, TsToCmaf.Samples> sourceTracks(Channel channel, TimelineEntry entry) {
        byte[] bytes = ingested(channel, entry);
        if (bytes == null) {
            return Map.of();
        }
        if (entry.initFile().isEmpty()) {
            return TsToCmaf.tracks(bytes, entry.mediaTime90k());
        }
        byte[] init = ingested(channel, entry.source(), entry.initFile());
        return init == null ? Map.of() : Fmp4Source.tracks(IngestService.cacheKey(channel, entry.source(),
                entry.initFile()), init, bytes, entry.mediaTime90k());
    }

    /** An ingested file of an input (a segment, an fMP4 source's init snapshot), or null when expired. */
    byte[] ingested(Channel channel, String source, String file) {
        String key = IngestService.cacheKey(channel, source, file);
        byte[] bytes = segments.get(key);
        if (bytes == null) {
            bytes = store.getFile(channel.key(), source, file).orElse(null);
            if (bytes != null) {
                segments.put(key, bytes);
            }
        }
        return bytes;
    }

    private void serveSegment(ServerRequest req, ServerResponse res, Channel channel, PlaybackRequest.Segment s, boolean head) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(s.rendition());
        if (r == null) {
            notFound(res, "no such rendition");
            return;
        }
        TimelineEntry entry = entry(channel, g, r, s.sequence());
        if (entry == null || !HlsManifestWriter.extension(entry.file()).equals(s.extension())) {
            notFound(res, "segment " + s.sequence() + " is not in the timeline");
            return;
        }
        byte[] bytes = ingested(channel, entry);
        if (bytes == null) {
            notFound(res, "segment " + s.sequence() + " has expired");
            return;
        }
        if (s.extension().equals("vtt")) {
            bytes = WebVtt.forHls(bytes);
        }
        String etag = "\"" + entry.source() + "-" + r.index() + "-" + entry.sequence() + "-" + bytes.length + "\"";
        res.header(HeaderNames.CONTENT_TYPE, FileKind.contentType(SegmentVersions.name(entry.file())));
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + Math.min(86_400, channel.retention().toSeconds()));
        res.header(HeaderNames.ETAG, etag);
        send(req, res, bytes, etag, head);
    }

    /** The init segment of an fMP4 source's discontinuity sequence, passed through (HLS endpoint). */
    private void serveHlsInit(ServerRequest req, ServerResponse res, Channel channel, PlaybackRequest.InitSegment i,
                              boolean head) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(i.rendition());
        TimelineEntry entry = r == null ? null : runEntry(channel, g, r, i.discontinuitySequence());
        byte[] bytes = entry == null || entry.initFile().isEmpty() ? null : ingested(channel, entry.source(), entry.initFile());
        if (bytes == null) {
            notFound(res, "no init segment for discontinuity sequence " + i.discontinuitySequence());
            return;
        }
        String etag = "\"" + entry.source() + "-" + r.index() + "-init-" + i.discontinuitySequence() + "-" + bytes.length + "\"";
        res.header(HeaderNames.CONTENT_TYPE, "video/mp4");
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + Math.min(86_400, channel.retention().toSeconds()));
        res.header(HeaderNames.ETAG, etag);
        send(req, res, bytes, etag, head);
    }

    // ---- CMAF (HLS with fMP4 segments), packaged just in time from the ingested TS ----

    /** Serves a CMAF endpoint's request; returns the metrics kind. */
    private String cmaf(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint, String[] parts,
                        String manifestKey, boolean head) {
        CmafPackageSpec cmaf = endpoint.cmaf();
        if (parts.length != 5) {
            error(res, Status.NOT_FOUND_404, "not found");
            return "other";
        }
        if (parts[3].equals(CmafManifestWriter.SEGMENT_FOLDER)) {
            CmafResegmenter.Request joined = CmafResegmenter.parse(segmentPrefix(channel, cmaf), parts[4]);
            if (joined != null) {
                serveJoinedFragment(req, res, channel, endpoint, joined, head);
                return "segment";
            }
            PlaybackRequest request = PlaybackRequest.parseCmafSegment(segmentPrefix(channel, cmaf), parts[4]);
            switch (request) {
                case PlaybackRequest.TextSegment t -> serveTextSegment(req, res, channel, t, head);
                case PlaybackRequest.CmafSegment s -> serveCmafSegment(req, res, channel, s, head);
                case PlaybackRequest.CmafInit i -> serveCmafInit(req, res, channel, i, head);
                case null, default -> {
                    error(res, Status.NOT_FOUND_404, "not found");
                    return "other";
                }
            }
            return "segment";
        }
        CmafHlsManifestSpec manifest = null;
        for (CmafHlsManifestSpec m : cmaf.hlsManifests) {
            if (m.id.equals(parts[3])) {
                manifest = m;
            }
        }
        if (manifest == null) {
            error(res, Status.NOT_FOUND_404, "no HLS manifest " + parts[3] + " on endpoint " + endpoint.name());
            return "other";
        }
        CmafHlsManifestSpec m = manifest;
        String name = manifestName(endpoint, m);
        int iframes = CmafIframes.parse(name, parts[4]);
        if (iframes >= 0) {
            if (!Boolean.TRUE.equals(m.includeIframeOnlyStream)) {
                notFound(res, "manifest " + m.id + " has no I-frame-only stream (includeIframeOnlyStream)");
                return "other";
            }
            serveManifest(req, res, channel, manifestKey, head, () -> {
                ChannelSnapshot snap = generation(channel).snapshot.get();
                HlsTsOutput.Playlist p = snap.input() == null ? null
                        : CmafIframes.render(this, channel, endpoint, m, snap.rendition(iframes));
                return p == null ? null : rendered(p);
            });
            return "manifest";
        }
        switch (PlaybackRequest.parseCmafManifest(name, parts[4])) {
            case PlaybackRequest.MasterManifest x ->
                    serveManifest(req, res, channel, manifestKey, head, () -> renderCmafMaster(channel, endpoint, m, name));
            case PlaybackRequest.CmafMediaManifest x -> serveManifest(req, res, channel, manifestKey, head,
                    () -> renderCmafMedia(channel, endpoint, m, name, x.rendition(), x.track()));
            case PlaybackRequest.TextMediaManifest x -> serveManifest(req, res, channel, manifestKey, head,
                    () -> renderCmafText(channel, endpoint, m, x.rendition()));
            case null, default -> {
                error(res, Status.NOT_FOUND_404, "not found");
                return "other";
            }
        }
        return "manifest";
    }

    static String manifestName(Endpoint endpoint, CmafHlsManifestSpec m) {
        return m.manifestName != null ? m.manifestName : endpoint.spec().manifestName;
    }

    static String segmentPrefix(Channel channel, CmafPackageSpec cmaf) {
        return cmaf.segmentPrefix != null ? cmaf.segmentPrefix : channel.key().name();
    }

    private Rendered renderCmafMaster(Channel channel, Endpoint endpoint, CmafHlsManifestSpec manifest, String manifestName) {
        ChannelSnapshot snap = generation(channel).snapshot.get();
        if (snap.input() == null || snap.renditions().isEmpty()) {
            return null;
        }
        Measured m = measure(channel, snap, CmafDefaults.streamSelection(endpoint.cmaf()));
        // One audio rendition group: the audio of the first variant that has video and audio.
        OutputRendition audioSource = null;
        for (OutputRendition r : snap.renditions()) {
            if (r.media() == null && r.probe() != null && r.probe().hasVideo() && r.probe().hasAudio()) {
                audioSource = r;
                break;
            }
        }
        List<String> groupCodecs = audioSource == null ? List.of() : cmafCodecs(audioSource.probe(), false);
        List<CmafManifestWriter.CmafVariant> variants = new ArrayList<>();
        for (HlsManifestWriter.VariantLine v : m.variants()) {
            RenditionProbe p = v.rendition().probe();
            if (p == null || (!p.hasVideo() && !p.hasAudio())) {
                continue; // not probed yet: its tracks are unknown
            }
            List<String> codecs = new ArrayList<>(cmafCodecs(p, p.hasVideo()));
            if (p.hasVideo()) {
                codecs.addAll(groupCodecs);
            }
            variants.add(new CmafManifestWriter.CmafVariant(v.rendition().index(), p.hasVideo(), v.bandwidth(),
                    v.averageBandwidth(), String.join(",", codecs), v.width(), v.height(), v.frameRate(),
                    CaptionSignalling.has(p)));
        }
        if (variants.isEmpty()) {
            return null;
        }
        CmafManifestWriter.AudioGroup audio = audioSource == null ? null
                : new CmafManifestWriter.AudioGroup(audioSource.index(), audioSource.probe().language());
        String text = CmafManifestWriter.master(manifestName, variants, audio, SubtitleOutputs.cmaf(snap),
                CaptionSignalling.hlsRenditions(CaptionSignalling.of(snap), snap.closedCaptions()));
        if (Boolean.TRUE.equals(manifest.includeIframeOnlyStream)) {
            Map<Integer, String> videoCodecs = new java.util.HashMap<>();
            for (HlsManifestWriter.VariantLine v : m.variants()) {
                List<String> c = v.rendition().probe() == null ? List.of() : cmafCodecs(v.rendition().probe(), true);
                if (!c.isEmpty()) {
                    videoCodecs.put(v.rendition().index(), c.getFirst());
                }
            }
            text += CmafIframes.masterLines(this, channel, endpoint, manifest, manifestName, variants, videoCodecs, snap);
        }
        return rendered(text, m.lastSequence(), m.lastUpdatedMillis(), 2);
    }

    /**
     * The codecs of a rendition's CMAF track(s): its video codec ({@code video}) or its audio codec, with the
     * sample entry names the init segment uses (avc3 → avc1, hev1 → hvc1: parameter sets go to the sample entry).
     */
    static List<String> cmafCodecs(RenditionProbe p, boolean video) {
        List<String> out = new ArrayList<>();
        for (String c : p.codecs()) {
            boolean isVideo = c.startsWith("avc") || c.startsWith("hvc") || c.startsWith("hev");
            if (isVideo != video) {
                continue;
            }
            if (c.startsWith("avc3")) {
                c = "avc1" + c.substring(4);
            } else if (c.startsWith("hev1")) {
                c = "hvc1" + c.substring(4);
            }
            out.add(c);
            break; // one track of each kind
        }
        return out;
    }

    private Rendered renderCmafMedia(Channel channel, Endpoint endpoint, CmafHlsManifestSpec m, String manifestName,
                                     int index, PlaybackRequest.CmafTrack track) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(index);
        if (r == null || r.media() != null || r.probe() == null
                || !(track == PlaybackRequest.CmafTrack.VIDEO ? r.probe().hasVideo() : r.probe().hasAudio())) {
            return null;
        }
        HlsTsOutput.Playlist resegmented = cmafJoin.media(channel, CmafDefaults.segmentDurationSeconds(endpoint.cmaf()), m,
                segmentPrefix(channel, endpoint.cmaf()), r, track);
        if (resegmented != null) {
            return resegmented == HlsTsOutput.Playlist.NONE ? null : rendered(resegmented);
        }
        Window w = window(channel, g, r, CmafDefaults.playlistWindowSeconds(m));
        if (w == null) {
            return null;
        }
        String text = CmafManifestWriter.media(m, segmentPrefix(channel, endpoint.cmaf()), index, track, w.entries(),
                w.targetDurationSeconds(), w.ended());
        return rendered(text, w);
    }

    private Rendered renderCmafText(Channel channel, Endpoint endpoint, CmafHlsManifestSpec m, int index) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(index);
        Window w = SubtitleOutputs.isSubtitles(r) ? window(channel, g, r, CmafDefaults.playlistWindowSeconds(m)) : null;
        return w == null ? null : rendered(CmafManifestWriter.textMedia(m, segmentPrefix(channel, endpoint.cmaf()), index,
                w.entries(), w.targetDurationSeconds(), w.ended()), w);
    }

    /** A WebVTT segment of a subtitles rendition (CMAF endpoints), with its X-TIMESTAMP-MAP ensured. */
    private void serveTextSegment(ServerRequest req, ServerResponse res, Channel channel, PlaybackRequest.TextSegment t,
                                  boolean head) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(t.rendition());
        TimelineEntry entry = SubtitleOutputs.isSubtitles(r) ? entry(channel, g, r, t.sequence()) : null;
        byte[] bytes = entry == null ? null : ingested(channel, entry);
        if (bytes == null) {
            notFound(res, "no subtitles segment " + t.sequence());
            return;
        }
        bytes = WebVtt.forHls(bytes);
        String etag = "\"" + entry.source() + "-" + r.index() + "-s" + entry.sequence() + "-" + bytes.length + "\"";
        res.header(HeaderNames.CONTENT_TYPE, "text/vtt");
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + Math.min(86_400, channel.retention().toSeconds()));
        res.header(HeaderNames.ETAG, etag);
        send(req, res, bytes, etag, head);
    }

    /**
     * DASH subtitles: the wvtt init segment, or a subtitles segment as a wvtt fragment over the media time of the
     * video segment it was cut with ({@link SubtitleOutputs#videoMatch}).
     */
    private void serveTextFragment(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint,
                                   int rendition, long number, boolean init, boolean head) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(rendition);
        if (!SubtitleOutputs.isSubtitles(r)) {
            notFound(res, "no such subtitles rendition");
            return;
        }
        byte[] body;
        String etag;
        if (init) {
            body = WvttFragments.init(r.media().language());
            etag = "\"" + r.index() + "-s-init-" + number + "-" + body.length + "\"";
        } else {
            TimelineEntry entry = entry(channel, g, r, number);
            byte[] vtt = entry == null ? null : ingested(channel, entry);
            OutputRendition video = SubtitleOutputs.videoSource(snap);
            Window w = vtt == null || video == null ? null
                    : window(channel, g, video, 2 * DashDefaults.manifestWindowSeconds(endpoint.dash()));
            TimelineEntry v = w == null ? null : SubtitleOutputs.videoMatch(w.entries(), entry);
            if (v == null) {
                notFound(res, "no subtitles segment " + number);
                return;
            }
            body = WvttFragments.fragment(WebVtt.forHls(vtt), entry.sequence() + 1, v.mediaTime90k(),
                    v.mediaTime90k() + SubtitleOutputs.ticks90k(v), r.media().language());
            etag = "\"" + entry.source() + "-" + r.index() + "-s" + entry.sequence() + "-" + body.length + "\"";
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/mp4");
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + Math.min(86_400, channel.retention().toSeconds()));
        res.header(HeaderNames.ETAG, etag);
        send(req, res, body, etag, head);
    }

    /**
     * The CMAF tracks of one output entry: remuxed once per process (single flight; concurrent requests wait
     * for it), then served from the packaged-output cache. The key names the segment bytes and what the
     * fragment depends on (sequence number, media time), never the endpoint: every CMAF endpoint and
     * manifest of the channel shares it.
     */
    TsToCmaf.Track packagedTrack(Channel channel, TimelineEntry entry, TrackFormat.Kind kind) {
        return packagedTracks(channel, entry).get(kind);
    }

    private Map<TrackFormat.Kind, TsToCmaf.Track> packagedTracks(Channel channel, TimelineEntry entry) {
        String key = fragmentKey(channel, entry, "");
        return remuxing.get(key, () -> {
            byte[] ts = ingested(channel, entry);
            if (ts == null) {
                return Map.of();
            }
            // mfhd counts from 1 (FragmentWriter); output sequences from 0
            Map<TrackFormat.Kind, TsToCmaf.Track> remuxed;
            if (entry.initFile().isEmpty()) {
                remuxed = TsToCmaf.remux(ts, entry.sequence() + 1, entry.mediaTime90k());
            } else {
                byte[] init = ingested(channel, entry.source(), entry.initFile());
                if (init == null) {
                    return Map.of();
                }
                remuxed = Fmp4Source.remux(IngestService.cacheKey(channel, entry.source(), entry.initFile()), init, ts,
                        entry.sequence() + 1, entry.mediaTime90k());
            }
            for (PlaybackRequest.CmafTrack t : PlaybackRequest.CmafTrack.values()) {
                TsToCmaf.Track track = remuxed.get(t.kind);
                if (track != null) {
                    packaged.put(fragmentKey(channel, entry, t.letter), track.fragment());
                }
            }
            Map<TrackFormat.Kind, FragmentInfo> info = new java.util.EnumMap<>(TrackFormat.Kind.class);
            remuxed.forEach((k, t) -> info.put(k, new FragmentInfo(t.format(), t.baseMediaDecodeTime(), t.durationTicks(),
                    t.fragment().length)));
            fragmentInfos.put(key, info);
            return remuxed;
        });
    }

    static String fragmentKey(Channel channel, TimelineEntry entry, String track) {
        return "cmaf|" + channel.key() + "|" + entry.source() + "|" + entry.file() + "|" + entry.sequence()
                + "|" + entry.mediaTime90k() + "|" + track;
    }

    /** A re-segmented CMAF fragment ({@link CmafResegmenter}). */
    private void serveJoinedFragment(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint,
                                     CmafResegmenter.Request q, boolean head) {
        ChannelSnapshot snap = generation(channel).snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(q.rendition());
        byte[] bytes = r == null || r.media() != null ? null
                : cmafJoin.fragment(channel, CmafDefaults.segmentDurationSeconds(endpoint.cmaf()), r, q);
        if (bytes == null) {
            notFound(res, "segment " + q.firstSequence() + "_" + q.groupSize() + " is not in the timeline or has no "
                    + q.track().kind + " track");
            return;
        }
        sendMp4(req, res, channel, q.track(), bytes, "\"" + r.index() + q.track().letter + "-" + q.firstSequence() + "x"
                + q.groupSize() + "-" + bytes.length + "\"", head);
    }

    private void serveCmafSegment(ServerRequest req, ServerResponse res, Channel channel, PlaybackRequest.CmafSegment s,
                                  boolean head) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(s.rendition());
        if (r == null || r.media() != null) {
            notFound(res, "no such rendition");
            return;
        }
        TimelineEntry entry = entry(channel, g, r, s.sequence());
        if (entry == null) {
            notFound(res, "segment " + s.sequence() + " is not in the timeline");
            return;
        }
        serveFragment(req, res, channel, r, entry, s, head);
    }

    private void serveFragment(ServerRequest req, ServerResponse res, Channel channel, OutputRendition r,
                               TimelineEntry entry, PlaybackRequest.CmafSegment s, boolean head) {
        byte[] bytes = packaged.get(fragmentKey(channel, entry, s.track().letter));
        if (bytes == null) {
            TsToCmaf.Track t = packagedTrack(channel, entry, s.track().kind);
            if (t == null) {
                notFound(res, "segment " + s.sequence() + " has expired or has no " + s.track().kind + " track");
                return;
            }
            bytes = t.fragment();
        }
        sendMp4(req, res, channel, s.track(), bytes, "\"" + entry.source() + "-" + r.index() + s.track().letter + "-"
                + entry.sequence() + "-" + bytes.length + "\"", head);
    }

    private void serveCmafInit(ServerRequest req, ServerResponse res, Channel channel, PlaybackRequest.CmafInit i,
                               boolean head) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(i.rendition());
        if (r == null || r.media() != null) {
            notFound(res, "no such rendition");
            return;
        }
        String key = "cmaf-init|" + channel.key() + "|" + r.ingestPath() + "|" + i.discontinuitySequence() + "|"
                + i.track().letter;
        byte[] bytes = packaged.get(key);
        if (bytes == null) {
            TimelineEntry entry = runEntry(channel, g, r, i.discontinuitySequence());
            TsToCmaf.Track t = entry == null ? null : packagedTrack(channel, entry, i.track().kind);
            if (t == null) {
                notFound(res, "no " + i.track().kind + " content for discontinuity sequence " + i.discontinuitySequence());
                return;
            }
            bytes = TsToCmaf.init(t.format());
            packaged.put(key, bytes);
        }
        sendMp4(req, res, channel, i.track(), bytes, "\"init-" + r.index() + i.track().letter + "-"
                + i.discontinuitySequence() + "-" + bytes.length + "\"", head);
    }

    /** An entry of the rendition's output timeline in discontinuity sequence {@code run}: the newest one known. */
    private TimelineEntry runEntry(Channel channel, Generation g, OutputRendition r, long run) {
        TimelineEntry e = g.runs.get(r.index() + "/" + run);
        if (e != null) {
            return e;
        }
        List<TimelineEntry> all = store.lastEntries(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath(), 5000);
        for (int k = all.size() - 1; k >= 0; k--) {
            if (all.get(k).discontinuitySequence() == run) {
                return all.get(k);
            }
        }
        return null;
    }

    private void sendMp4(ServerRequest req, ServerResponse res, Channel channel, PlaybackRequest.CmafTrack track,
                         byte[] bytes, String etag, boolean head) {
        res.header(HeaderNames.CONTENT_TYPE, track == PlaybackRequest.CmafTrack.VIDEO ? "video/mp4" : "audio/mp4");
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + Math.min(86_400, channel.retention().toSeconds()));
        res.header(HeaderNames.ETAG, etag);
        send(req, res, bytes, etag, head);
    }


    // ---- DASH: a dynamic MPD over the same CMAF fragments and init segments ----

    /** What the MPD needs of one packaged fragment: its track format, tfdt, summed sample durations and size. */
    record FragmentInfo(TrackFormat format, long decodeTime, long durationTicks, int bytes) {}

    /** Fragment facts per output entry (keyed like the fragments), so MPD renders never demux a segment twice. */
    private final Map<String, Map<TrackFormat.Kind, FragmentInfo>> fragmentInfos = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<TrackFormat.Kind, FragmentInfo>> eldest) {
                    return size() > 50_000;
                }
            });

    Map<TrackFormat.Kind, FragmentInfo> fragmentInfo(Channel channel, TimelineEntry entry) {
        String key = fragmentKey(channel, entry, "");
        Map<TrackFormat.Kind, FragmentInfo> info = fragmentInfos.get(key);
        if (info == null) {
            packagedTracks(channel, entry);
            info = fragmentInfos.getOrDefault(key, Map.of());
        }
        return info;
    }

    static final String ANCHOR_FIELD = "dash.anchor.";

    /** Serves a DASH endpoint's request; returns the metrics kind. */
    private String dash(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint, String[] parts,
                        String manifestKey, boolean head) {
        if (parts.length == 4 && parts[3].equals(endpoint.spec().manifestName + ".mpd")) {
            String utc = utcTimingValue(req, endpoint.dash());
            serveManifest(req, res, channel, manifestKey + "|" + utc, head, () -> renderDash(channel, endpoint, utc),
                    "application/dash+xml");
            return "manifest";
        }
        if (parts.length == 5 && parts[3].equals(CmafManifestWriter.SEGMENT_FOLDER)) {
            DashResegmenter.Request joined = DashResegmenter.parse(channel.key().name(), parts[4]);
            if (joined != null) {
                serveDashJoined(req, res, channel, endpoint, joined, head);
                return "segment";
            }
            switch (PlaybackRequest.parseCmafSegment(channel.key().name(), parts[4])) {
                case PlaybackRequest.TextFragment t -> serveTextFragment(req, res, channel, endpoint, t.rendition(),
                        t.sequence(), false, head);
                case PlaybackRequest.TextInit t -> serveTextFragment(req, res, channel, endpoint, t.rendition(),
                        t.discontinuitySequence(), true, head);
                case PlaybackRequest.CmafSegment s -> serveCmafSegment(req, res, channel, s, head);
                case PlaybackRequest.CmafInit i -> serveCmafInit(req, res, channel, i, head);
                case PlaybackRequest.CmafSegmentAtTime t -> serveSegmentAtTime(req, res, channel, endpoint, t, head);
                case null, default -> {
                    error(res, Status.NOT_FOUND_404, "not found");
                    return "other";
                }
            }
            return "segment";
        }
        error(res, Status.NOT_FOUND_404, "not found");
        return "other";
    }

    /**
     * The UTCTiming value: the configured URI, else this packager's own time URL, absolute (dash.js fetches it
     * from the page's origin otherwise), built from the request's Host and X-Forwarded-Proto.
     */
    private static String utcTimingValue(ServerRequest req, DashPackageSpec d) {
        if (d.utcTimingUri != null) {
            return d.utcTimingUri;
        }
        String host = req.headers().first(HeaderNames.HOST).orElse("localhost");
        String proto = req.headers().first(HeaderNames.X_FORWARDED_PROTO).orElse("http");
        return (proto.equals("https") ? "https" : "http") + "://" + host + DashDefaults.TIME_PATH;
    }

    private void serveTime(ServerResponse res, boolean head) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        byte[] body = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .getBytes(StandardCharsets.UTF_8);
        if (head) {
            res.headers().contentLength(body.length);
            res.send();
        } else {
            res.send(body);
        }
    }

    private Rendered renderDash(Channel channel, Endpoint endpoint, String utcTimingValue) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        if (snap.input() == null || snap.renditions().isEmpty()) {
            return null;
        }
        DashPackageSpec d = endpoint.dash();
        int windowSeconds = DashDefaults.manifestWindowSeconds(d);
        Measured m = measure(channel, snap, DashDefaults.streamSelection(d));
        OutputRendition audioSource = null;
        for (OutputRendition r : snap.renditions()) {
            if (r.media() == null && r.probe() != null && r.probe().hasAudio()
                    && (r.probe().hasVideo() || audioSource == null)) {
                if (audioSource == null || !audioSource.probe().hasVideo()) {
                    audioSource = r;
                }
            }
        }
        List<DashManifestWriter.Track> tracks = new ArrayList<>();
        // the first entry of each discontinuity sequence, with its fragment, on the first track that has it
        Map<Long, Object[]> runStarts = new java.util.TreeMap<>();
        Window first = null;
        // publishTime: when the newest input segment in any listed segment of any track was ingested, so that two MPDs
        // with one publishTime are identical (DASH-IF IOP); the renditions' segments arrive one by one, so the first
        // track's newest is not enough, and an input segment waiting for the rest of its group is not listed yet
        long[] publish = {0};
        boolean ended = true;
        for (HlsManifestWriter.VariantLine v : m.variants()) {
            RenditionProbe p = v.rendition().probe();
            if (p == null || !p.hasVideo()) {
                continue;
            }
            Window w = window(channel, g, v.rendition(), windowSeconds);
            DashManifestWriter.Track t = w == null ? null : dashTrack(channel, d, v.rendition(),
                    PlaybackRequest.CmafTrack.VIDEO, w, v.bandwidth(), v.frameRate(), runStarts, publish);
            if (t != null) {
                tracks.add(t);
                first = first == null ? w : first;
                ended &= w.ended();
            }
        }
        if (audioSource != null) {
            Window w = window(channel, g, audioSource, windowSeconds);
            DashManifestWriter.Track t = w == null ? null
                    : dashTrack(channel, d, audioSource, PlaybackRequest.CmafTrack.AUDIO, w, 0, 0, runStarts,
                    publish);
            if (t != null) {
                tracks.add(t);
                first = first == null ? w : first;
                ended &= w.ended();
            }
        }
        if (tracks.isEmpty()) {
            return null;
        }
        Map<String, String> meta = store.meta(channel.key(), ChannelTimeline.OUTPUT);
        List<DashManifestWriter.Anchor> anchors = new ArrayList<>();
        // joined segments are numbered and sized apart from the input's: their anchors too
        int groupSize = tracks.getFirst().groupSize();
        String field = groupSize > 1 ? ANCHOR_FIELD + "g" + groupSize + "." : ANCHOR_FIELD;
        for (var e : runStarts.entrySet()) {
            anchors.add(anchor(channel, field, e.getKey(), (TimelineEntry) e.getValue()[0], (FragmentInfo) e.getValue()[1],
                    meta));
        }
        List<DashManifestWriter.TextTrack> texts = new ArrayList<>();
        OutputRendition videoSource = SubtitleOutputs.videoSource(snap);
        Window videoWindow = videoSource == null ? null : window(channel, g, videoSource, windowSeconds);
        for (OutputRendition r : snap.renditions()) {
            Window w = SubtitleOutputs.isSubtitles(r) && videoWindow != null ? window(channel, g, r, windowSeconds) : null;
            if (w != null && !w.entries().isEmpty()) {
                texts.add(SubtitleOutputs.dash(r, w.entries(), videoWindow.entries()));
                for (TimelineEntry e : w.entries()) {
                    publish[0] = Math.max(publish[0], e.ingestedAtMillis());
                }
            }
        }
        List<DashManifestWriter.Descriptor> captions = CaptionSignalling.dash(CaptionSignalling.of(snap),
                snap.closedCaptions());
        String text = DashManifestWriter.write(DashManifestWriter.build(d, channel.key().name(), utcTimingValue, publish[0],
                tracks, anchors, ended, texts, captions));
        List<TimelineEntry> firstEntries = first.entries();
        return rendered(text, firstEntries.isEmpty() ? -1 : firstEntries.getLast().sequence(), publish[0],
                (int) Math.max(1, first.targetDurationSeconds() / 2));
    }

    private DashManifestWriter.Track dashTrack(Channel channel, DashPackageSpec d, OutputRendition r,
                                               PlaybackRequest.CmafTrack track, Window w, long bandwidth, double frameRate,
                                               Map<Long, Object[]> runStarts, long[] newestIngest) {
        DashResegmenter.Joined joined = dashJoin.window(channel, DashDefaults.segmentDurationSeconds(d), r, track,
                DashDefaults.manifestWindowSeconds(d));
        List<DashResegmenter.Fragment> fragments = new ArrayList<>();
        if (joined == null) {
            for (TimelineEntry e : w.entries()) {
                FragmentInfo info = fragmentInfo(channel, e).get(track.kind);
                if (info != null) { // else expired, or no such track in this segment
                    fragments.add(new DashResegmenter.Fragment(null, e, info));
                    timeIndex.put(timeKey(channel, r, track, info.decodeTime()), e.sequence());
                }
            }
        } else {
            fragments.addAll(joined.fragments());
            // a run's anchor is its first whole group (the first output segment may be cut short by a discontinuity)
            for (DashResegmenter.Fragment f : fragments) {
                if (f.segment().entries().size() == joined.groupSize()) {
                    runStarts.putIfAbsent(f.entry().discontinuitySequence(), new Object[] {f.entry(), f.info()});
                }
            }
        }
        List<DashManifestWriter.Segment> segments = new ArrayList<>();
        FragmentInfo last = null;
        long bytes = 0;
        long ticks = 0;
        for (DashResegmenter.Fragment f : fragments) {
            TimelineEntry e = f.entry();
            FragmentInfo info = f.info();
            segments.add(new DashManifestWriter.Segment(e.sequence(), e.discontinuitySequence(), info.decodeTime(),
                    info.durationTicks()));
            runStarts.putIfAbsent(e.discontinuitySequence(), new Object[] {e, info});
            bytes += info.bytes();
            ticks += info.durationTicks();
            last = info;
            for (TimelineEntry in : f.segment() == null ? List.of(e) : f.segment().entries()) {
                newestIngest[0] = Math.max(newestIngest[0], in.ingestedAtMillis());
            }
        }
        if (last == null) {
            return null;
        }
        TrackFormat f = last.format();
        if (bandwidth <= 0) {
            bandwidth = ticks == 0 ? 0 : roundKbps(bytes * 8 * f.timescale() / ticks);
        }
        List<String> codecs = cmafCodecs(r.probe(), track == PlaybackRequest.CmafTrack.VIDEO);
        String lang = f.language() != null && !f.language().equals("und") ? f.language()
                : r.probe().language() != null && !r.probe().language().equals("und") ? r.probe().language() : null;
        return new DashManifestWriter.Track(r.index(), track, bandwidth, codecs.isEmpty() ? f.codec() : codecs.getFirst(),
                f.width(), f.height(), frameRate, f.sampleRate(), f.channels(), lang, f.timescale(), segments,
                joined == null ? 1 : joined.groupSize());
    }

    /**
     * Where a discontinuity sequence's Period starts. Chosen once, from the first segment of the run the first
     * render sees (its program date time and decode time: every replica computes the same from the same
     * entry), then kept in the output timeline's metadata (with the channel's retention, rewritten when half of
     * it has passed) so Period@start never moves while the run is in the timeline, across refreshes, replicas
     * and restarts.
     */
    private DashManifestWriter.Anchor anchor(Channel channel, String field, long run, TimelineEntry first,
                                             FragmentInfo info, Map<String, String> meta) {
        long now = clock.millis();
        long retention = channel.retention().toMillis();
        String stored = meta.get(field + run);
        if (stored != null) {
            String[] f = stored.split(",");
            if (f.length == 5) {
                try {
                    var a = new DashManifestWriter.Anchor(run, Long.parseLong(f[0]), Long.parseLong(f[1]),
                            Long.parseLong(f[2]), Long.parseLong(f[3]));
                    if (now - Long.parseLong(f[4]) > retention / 2) {
                        putAnchor(channel, field, a, now);
                    }
                    return a;
                } catch (NumberFormatException e) {
                    // rewritten below
                }
            }
        }
        var a = new DashManifestWriter.Anchor(run, first.programDateTimeMillis(),
                Math.floorDiv(info.decodeTime() * 90_000, info.format().timescale()), first.sequence(), first.durationMicros());
        putAnchor(channel, field, a, now);
        return a;
    }

    private void putAnchor(Channel channel, String field, DashManifestWriter.Anchor a, long now) {
        store.putMeta(channel.key(), ChannelTimeline.OUTPUT, field + a.discontinuitySequence(),
                a.startMillis() + "," + a.mediaTime90k() + "," + a.startNumber() + "," + a.durationMicros() + "," + now,
                channel.retention());
    }

    /** A re-segmented DASH segment ({@link DashResegmenter}). */
    private void serveDashJoined(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint,
                                 DashResegmenter.Request q, boolean head) {
        ChannelSnapshot snap = generation(channel).snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(q.rendition());
        DashPackageSpec d = endpoint.dash();
        byte[] bytes = r == null || r.media() != null ? null : dashJoin.fragment(channel,
                DashDefaults.segmentDurationSeconds(d), r, q, 2 * DashDefaults.manifestWindowSeconds(d));
        String name = (q.byTime() ? PlaybackRequest.TIME_MARK : "") + q.value() + "_g" + q.groupSize();
        if (bytes == null) {
            notFound(res, "segment " + name + " is not in the window or has no " + q.track().kind + " track");
            return;
        }
        sendMp4(req, res, channel, q.track(), bytes, "\"" + r.index() + q.track().letter + "-" + name + "-" + bytes.length
                + "\"", head);
    }

    /** DASH $Time$ segments: decode time → output sequence, filled by MPD renders. */
    private final Map<String, Long> timeIndex = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > 50_000;
                }
            });

    private static String timeKey(Channel channel, OutputRendition r, PlaybackRequest.CmafTrack track, long time) {
        return channel.key() + "|" + r.ingestPath() + "|" + track.letter + "|" + time;
    }

    private void serveSegmentAtTime(ServerRequest req, ServerResponse res, Channel channel, Endpoint endpoint,
                                    PlaybackRequest.CmafSegmentAtTime t, boolean head) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(t.rendition());
        if (r == null || r.media() != null) {
            notFound(res, "no such rendition");
            return;
        }
        Long sequence = timeIndex.get(timeKey(channel, r, t.track(), t.decodeTime()));
        TimelineEntry entry = sequence == null ? null : entry(channel, g, r, sequence);
        if (entry == null) {
            // not rendered by this process: look through the rendition's window
            Window w = window(channel, g, r, 2 * DashDefaults.manifestWindowSeconds(endpoint.dash()));
            for (TimelineEntry e : w == null ? List.<TimelineEntry>of() : w.entries()) {
                FragmentInfo info = fragmentInfo(channel, e).get(t.track().kind);
                if (info != null && info.decodeTime() == t.decodeTime()) {
                    entry = e;
                    break;
                }
            }
        }
        if (entry == null) {
            notFound(res, "no segment at time " + t.decodeTime());
            return;
        }
        serveFragment(req, res, channel, r, entry, new PlaybackRequest.CmafSegment(t.rendition(), t.track(),
                entry.sequence()), head);
    }

    static void notFound(ServerResponse res, String reason) {
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        error(res, Status.NOT_FOUND_404, reason);
    }

    private static void cors(ServerResponse res) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    }

    static void error(ServerResponse res, Status status, String reason) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send((reason + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
