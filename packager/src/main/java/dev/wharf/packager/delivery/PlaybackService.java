package dev.wharf.packager.delivery;

import dev.wharf.api.v1.OriginEndpointSpec;
import dev.wharf.api.v1.StreamSelectionSpec;
import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.ChannelRegistry;
import dev.wharf.packager.channel.Endpoint;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.ingest.FileKind;
import dev.wharf.packager.ingest.IngestService;
import dev.wharf.packager.ingest.RenditionProbe;
import dev.wharf.packager.metrics.PackagerMetrics;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.StoreUnavailableException;
import dev.wharf.packager.store.TimelineEntry;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
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
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String EXPOSED = "X-MediaPackage-Manifest-Last-Sequence, X-MediaPackage-Manifest-Last-Updated, "
            + "Content-Length, ETag, Last-Modified";

    private final ChannelRegistry registry;
    private final SegmentStore store;
    private final SegmentCache segments;
    private final PackagerMetrics metrics;
    private final ChannelReader reader;
    private final Clock clock;
    private final Map<ChannelKey, Generation> generations = new ConcurrentHashMap<>();

    public PlaybackService(ChannelRegistry registry, SegmentStore store, SegmentCache segments, PackagerMetrics metrics,
                           ChannelTimeline channelTimeline, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.segments = segments;
        this.metrics = metrics;
        this.clock = clock;
        this.reader = new ChannelReader(store, channelTimeline);
        store.onChange(key -> generations.remove(key));
        registry.onUpdate(generations::clear);
    }

    /** Rendered manifests and the snapshot of one channel, valid until the channel changes. */
    private final class Generation {
        final long createdNanos = System.nanoTime();
        final Map<String, Lazy<Rendered>> manifests = new ConcurrentHashMap<>();
        final Lazy<ChannelSnapshot> snapshot;
        final Map<String, TimelineEntry> recent = new ConcurrentHashMap<>();

        Generation(Channel channel) {
            snapshot = new Lazy<>(() -> reader.read(channel));
        }

        boolean fresh() {
            return System.nanoTime() - createdNanos < MAX_STALE_NANOS;
        }
    }

    /** A value computed once, by the first caller; the others wait for it (single flight). */
    private static final class Lazy<T> {
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

    private Generation generation(Channel channel) {
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
            String path = req.prologue().uriPath().rawPath();
            String[] parts = path.startsWith(PREFIX) ? path.substring(PREFIX.length()).split("/", -1) : new String[0];
            if (parts.length != 4) {
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
            PlaybackRequest request = PlaybackRequest.parse(endpoint.spec().manifestName, parts[3]);
            boolean head = method.equals(Method.HEAD);
            switch (request) {
                case null -> error(res, Status.NOT_FOUND_404, "not found");
                case PlaybackRequest.MasterManifest m -> {
                    kind = "manifest";
                    serveManifest(req, res, channel, parts[3], head, () -> renderMaster(channel, endpoint));
                }
                case PlaybackRequest.MediaManifest m -> {
                    kind = "manifest";
                    serveManifest(req, res, channel, parts[3], head, () -> renderMedia(channel, endpoint, m.rendition()));
                }
                case PlaybackRequest.Segment s -> {
                    kind = "segment";
                    serveSegment(req, res, channel, s, head);
                }
            }
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "storage unavailable during playback: " + e.getMessage());
            res.header(HeaderNames.RETRY_AFTER, "2");
            error(res, Status.SERVICE_UNAVAILABLE_503, "storage unavailable, retry");
        } finally {
            metrics.egress(channelTag, endpointTag, kind, res.status().code(), res.bytesWritten(), System.nanoTime() - start);
        }
    }

    private void serveManifest(ServerRequest req, ServerResponse res, Channel channel, String file, boolean head,
                               java.util.function.Supplier<Rendered> render) {
        Generation g = generation(channel);
        Rendered r = g.manifests.computeIfAbsent(file, f -> new Lazy<>(render)).get();
        if (r == null) {
            res.header(HeaderNames.CACHE_CONTROL, "max-age=1");
            error(res, Status.NOT_FOUND_404, "no such rendition, or no content yet");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/vnd.apple.mpegurl");
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + r.maxAgeSeconds());
        res.header(HeaderNames.ETAG, r.etag());
        if (r.lastSequence() >= 0) {
            res.header("X-MediaPackage-Manifest-Last-Sequence", Long.toString(r.lastSequence()));
            res.header("X-MediaPackage-Manifest-Last-Updated", Long.toString(r.lastUpdatedMillis()));
            res.header(HeaderNames.LAST_MODIFIED, HTTP_DATE.format(Instant.ofEpochMilli(r.lastUpdatedMillis())));
        }
        send(req, res, r.body(), r.etag(), head);
    }

    private void send(ServerRequest req, ServerResponse res, byte[] body, String etag, boolean head) {
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(v -> v.equals(etag) || v.equals("*")).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        if (head) {
            res.headers().contentLength(body.length);
            res.send();
        } else {
            res.send(body);
        }
    }

    private Rendered renderMaster(Channel channel, Endpoint endpoint) {
        ChannelSnapshot snap = generation(channel).snapshot.get();
        if (snap.input() == null || snap.renditions().isEmpty()) {
            return null;
        }
        List<HlsManifestWriter.VariantLine> variants = new ArrayList<>();
        List<OutputRendition> media = new ArrayList<>();
        StreamSelectionSpec sel = endpoint.hls().streamSelection;
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
        if (variants.isEmpty()) {
            return null;
        }
        switch (sel.streamOrder) {
            case VIDEO_BITRATE_ASCENDING -> variants.sort(Comparator.comparingLong(HlsManifestWriter.VariantLine::bandwidth));
            case VIDEO_BITRATE_DESCENDING ->
                    variants.sort(Comparator.comparingLong(HlsManifestWriter.VariantLine::bandwidth).reversed());
            case ORIGINAL -> { }
        }
        String text = HlsManifestWriter.master(endpoint.spec().manifestName, variants, media, snap.closedCaptions());
        return rendered(text, lastSeq, lastUpdated, 2);
    }

    private Rendered renderMedia(Channel channel, Endpoint endpoint, int index) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(index);
        if (r == null) {
            return null;
        }
        RenditionState state = store.renditionState(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath());
        if (state.nextSequence() == 0) {
            return null;
        }
        long windowMicros = endpoint.hls().playlistWindowSeconds * 1_000_000L;
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
        }
        long target = HlsManifestWriter.targetDuration(state.maxDurationMicros());
        String text = HlsManifestWriter.media(endpoint.spec().manifestName, index, endpoint.hls(), window, target, state.ended());
        TimelineEntry last = window.isEmpty() ? null : window.get(window.size() - 1);
        return rendered(text, last == null ? -1 : last.sequence(), last == null ? 0 : last.ingestedAtMillis(),
                (int) Math.max(1, target / 2));
    }

    private static long roundKbps(long bps) {
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

    private void serveSegment(ServerRequest req, ServerResponse res, Channel channel, PlaybackRequest.Segment s, boolean head) {
        Generation g = generation(channel);
        ChannelSnapshot snap = g.snapshot.get();
        OutputRendition r = snap.input() == null ? null : snap.rendition(s.rendition());
        if (r == null) {
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            error(res, Status.NOT_FOUND_404, "no such rendition");
            return;
        }
        TimelineEntry entry = g.recent.get(r.index() + "/" + s.sequence());
        if (entry == null) {
            List<TimelineEntry> found = store.entries(channel.key(), ChannelTimeline.OUTPUT, r.ingestPath(), s.sequence(), 1);
            entry = found.isEmpty() || found.get(0).sequence() != s.sequence() ? null : found.get(0);
        }
        if (entry == null || !HlsManifestWriter.extension(entry.file()).equals(s.extension())) {
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            error(res, Status.NOT_FOUND_404, "segment " + s.sequence() + " is not in the timeline");
            return;
        }
        String key = IngestService.cacheKey(channel, entry.source(), entry.file());
        byte[] bytes = segments.get(key);
        if (bytes == null) {
            bytes = store.getFile(channel.key(), entry.source(), entry.file()).orElse(null);
            if (bytes == null) {
                res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                error(res, Status.NOT_FOUND_404, "segment " + s.sequence() + " has expired");
                return;
            }
            segments.put(key, bytes);
        }
        String etag = "\"" + entry.source() + "-" + r.index() + "-" + entry.sequence() + "-" + bytes.length + "\"";
        res.header(HeaderNames.CONTENT_TYPE, FileKind.contentType(entry.file()));
        res.header(HeaderNames.CACHE_CONTROL, "max-age=" + Math.min(86_400, channel.retention().toSeconds()));
        res.header(HeaderNames.ETAG, etag);
        send(req, res, bytes, etag, head);
    }

    private static void cors(ServerResponse res) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    }

    private static void error(ServerResponse res, Status status, String reason) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send((reason + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
