package dev.wharf.packager.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.ChannelRegistry;
import dev.wharf.packager.channel.Input;
import dev.wharf.packager.delivery.SegmentCache;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.hls.MasterPlaylist;
import dev.wharf.packager.hls.MediaPlaylist;
import dev.wharf.packager.hls.Playlist;
import dev.wharf.packager.hls.PlaylistParseException;
import dev.wharf.packager.hls.PlaylistParser;
import dev.wharf.packager.media.TsProbe;
import dev.wharf.packager.media.TsProbeResult;
import dev.wharf.packager.metrics.PackagerMetrics;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.SegmentVersions;
import dev.wharf.packager.store.StoreUnavailableException;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.packager.timeline.TimelineWriter;
import dev.wharf.packager.http.RequestTarget;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The encoder side: HLS over WebDAV ({@code PUT}/{@code DELETE}) with HTTP Digest authentication on
 * {@code /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}}.
 *
 * <p>Order matters for real encoders: the path and the credentials are checked before a single
 * body byte is read, so a request with {@code Expect: 100-continue} (ffmpeg's first attempt for every
 * file) gets its final 401 challenge at once instead of a {@code 100 Continue} (see docs/ingest.md).
 */
public final class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class.getName());
    /** Input metadata: the file name of the encoder's master playlist. */
    public static final String META_MASTER = "master";
    /**
     * Input metadata: the text of the encoder's master playlist. Kept with the metadata, whose TTL every media playlist
     * PUT restarts, because encoders PUT the master once (ffmpeg does): as a file it expired one retention into the
     * stream and the channel's renditions were then guessed from the media playlists' names.
     */
    public static final String META_MASTER_TEXT = "master-text";
    /** Input metadata: one field per media playlist (rendition) the encoder pushed. */
    public static final String META_RENDITION_PREFIX = "rendition:";
    /** Input metadata: a rendition's {@link RenditionProbe} as JSON. */
    public static final String META_PROBE_PREFIX = "probe:";
    /** Input metadata: the init segment snapshot an fMP4 rendition's probe was read from. */
    public static final String META_PROBE_INIT_PREFIX = "probeinit:";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Status UNPROCESSABLE_422 = Status.create(422, "Unprocessable Content");

    private final ChannelRegistry registry;
    private final SegmentStore store;
    private final SegmentCache cache;
    private final DigestAuthenticator digest;
    private final TimelineWriter timeline;
    private final ChannelTimeline channels;
    private final PackagerMetrics metrics;
    private final long maxBodyBytes;
    private final Fmp4Ingest fmp4;
    private final SegmentVersions versions;

    public IngestService(ChannelRegistry registry, SegmentStore store, SegmentCache cache, DigestAuthenticator digest,
                         TimelineWriter timeline, ChannelTimeline channels, PackagerMetrics metrics, long maxBodyBytes) {
        this.channels = channels;
        this.registry = registry;
        this.store = store;
        this.cache = cache;
        this.digest = digest;
        this.timeline = timeline;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.fmp4 = new Fmp4Ingest(store, cache);
        this.versions = new SegmentVersions(store);
    }

    /** The key of an ingested file in the process-wide segment cache. */
    public static String cacheKey(Channel channel, String input, String file) {
        return channel.key().tag() + '|' + input + '|' + file;
    }

    public void routing(HttpRouting.Builder routing) {
        routing.any(this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        String channelTag = "unknown";
        String inputTag = "unknown";
        long[] bytes = {0};
        try {
            Method method = req.prologue().method();
            if (!method.equals(Method.PUT) && !method.equals(Method.DELETE)) {
                res.header(HeaderNames.ALLOW, "PUT, DELETE");
                error(res, Status.METHOD_NOT_ALLOWED_405, "ingest accepts PUT and DELETE");
                return;
            }
            String rawPath = req.prologue().uriPath().rawPath();
            IngestPath path;
            try {
                path = IngestPath.parse(RequestTarget.path(rawPath)); // absolute-form too (RFC 9112 3.2.2)
            } catch (IngestPath.Invalid e) {
                error(res, Status.create(e.status()), e.getMessage());
                return;
            }
            Optional<Channel> channel = registry.channel(path.namespace(), path.channel());
            if (channel.isEmpty()) {
                error(res, Status.NOT_FOUND_404, "no channel " + path.namespace() + "/" + path.channel());
                return;
            }
            channelTag = path.channel();
            Optional<Input> input = channel.get().input(path.input());
            if (input.isEmpty()) {
                error(res, Status.NOT_FOUND_404, "channel " + path.channel() + " has no ingest endpoint " + path.input());
                return;
            }
            inputTag = path.input();
            if (!authenticated(req, res, input.get())) {
                return;
            }
            if (method.equals(Method.DELETE)) {
                // Encoders delete what leaves their window; the content stays for the channel's
                // retention (time-shift needs it) and expires by itself, as with MediaPackage.
                drain(req);
                res.status(Status.NO_CONTENT_204).send();
                return;
            }
            put(req, res, channel.get(), path, bytes);
        } catch (StoreUnavailableException e) {
            LOG.log(Level.WARNING, "storage unavailable during ingest: " + e.getMessage());
            res.header(HeaderNames.RETRY_AFTER, "2");
            error(res, Status.SERVICE_UNAVAILABLE_503, "storage unavailable, retry");
        } catch (BodyTooLarge e) {
            res.header(HeaderNames.CONNECTION, "close");
            error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, e.getMessage());
        } catch (UncheckedIOException e) {
            // The encoder went away mid-body: nothing was stored.
            LOG.log(Level.FINE, "ingest body read failed: " + e.getMessage());
            if (!res.isSent()) {
                res.header(HeaderNames.CONNECTION, "close");
                error(res, Status.BAD_REQUEST_400, "incomplete request body");
            }
        } finally {
            int status = res.status().code();
            metrics.ingress(channelTag, inputTag, status, bytes[0], System.nanoTime() - start);
        }
    }

    private boolean authenticated(ServerRequest req, ServerResponse res, Input input) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        String target = req.prologue().uriPath().rawPath();
        String query = req.prologue().query().rawValue();
        if (!query.isEmpty()) {
            target = target + "?" + query;
        }
        String connection = req.serverSocketId() + "/" + req.socketId() + "/" + req.remotePeer().address();
        DigestAuthenticator.Result result = digest.verify(header, req.prologue().method().text(), target, connection,
                user -> user.equals(input.username()) ? Optional.of(input.password()) : Optional.empty());
        if (result instanceof DigestAuthenticator.Result.Ok) {
            return true;
        }
        DigestAuthenticator.Result.Challenge challenge = (DigestAuthenticator.Result.Challenge) result;
        if (header != null) {
            LOG.log(Level.INFO, () -> "ingest auth refused for " + req.remotePeer().host() + " on "
                    + req.prologue().uriPath().rawPath() + ": " + challenge.reason());
        }
        List<String> challenges = digest.challenges(challenge.stale());
        res.header(HeaderNames.WWW_AUTHENTICATE, challenges.toArray(String[]::new));
        // The body (if any) is never read: with "Expect: 100-continue" the client has not sent it,
        // and closing spares us reading a body we would throw away.
        res.header(HeaderNames.CONNECTION, "close");
        error(res, Status.UNAUTHORIZED_401, "authentication required");
        return false;
    }

    private void put(ServerRequest req, ServerResponse res, Channel channel, IngestPath path, long[] counted)
            throws BodyTooLarge {
        FileKind kind = FileKind.of(path.file());
        if (kind == FileKind.UNSUPPORTED) {
            res.header(HeaderNames.CONNECTION, "close"); // the body is not read
            error(res, Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported file type '" + path.file()
                    + "': expected .m3u8, .ts, .mp4/.m4s/.cmfv/.cmfa, .vtt or .aac/.ac3/.ec3");
            return;
        }
        byte[] body = readBody(req);
        counted[0] = body.length;
        String input = path.input();
        switch (kind) {
            case PLAYLIST -> putPlaylist(res, channel, input, path.file(), body);
            case TS_SEGMENT -> {
                TsProbeResult probe = TsProbe.probe(body);
                if (!probe.valid()) {
                    error(res, Status.UNSUPPORTED_MEDIA_TYPE_415, path.file() + ": " + probe.error());
                    return;
                }
                storeSegment(res, channel, input, path.file(), body);
            }
            case MP4_SEGMENT -> {
                String problem = SegmentCheck.mp4(body);
                checkedSegment(res, channel, input, path.file(), body,
                        problem != null ? problem : dev.wharf.packager.demux.mp4.Fmp4Check.problem(body));
            }
            case WEBVTT -> checkedSegment(res, channel, input, path.file(), body, SegmentCheck.webvtt(body));
            case PACKED_AUDIO -> checkedSegment(res, channel, input, path.file(), body, SegmentCheck.packedAudio(body));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private void checkedSegment(ServerResponse res, Channel channel, String input, String file, byte[] body, String problem) {
        if (problem != null) {
            error(res, UNPROCESSABLE_422, file + ": " + problem);
            return;
        }
        storeSegment(res, channel, input, file, body);
    }

    private void storeSegment(ServerResponse res, Channel channel, String input, String file, byte[] body) {
        storeSegment(channel, input, file, body);
        res.status(Status.CREATED_201).send();
    }

    /** A checked segment (or init) PUT, below HTTP. */
    void storeSegment(Channel channel, String input, String file, byte[] body) {
        // under a key of its own: a later PUT of the same name never changes what an entry already serves
        String key = versions.put(channel.key(), input, file, body, channel.retention());
        cache.put(cacheKey(channel, input, key), body);
        cache.put(cacheKey(channel, input, file + SegmentVersions.MARK), key.getBytes(StandardCharsets.UTF_8));
        reapplyWaiting(channel, input);
    }

    /**
     * The key of the newest PUT of {@code name}: the store's index, else what this process stored last (still in its
     * hot cache). The fallback matters when the store lost its data (a Redis restarted empty): the encoder's playlists
     * keep listing segments PUT before the loss, and without it the first of them would hold back every later segment
     * until it left the encoder's playlist window (RedisOutageIT).
     */
    private Optional<String> currentKey(Channel channel, String input, String name) {
        Optional<String> stored = versions.current(channel.key(), input, name);
        if (stored.isPresent()) {
            return stored;
        }
        byte[] local = cache.get(cacheKey(channel, input, name + SegmentVersions.MARK));
        return local == null ? Optional.empty() : Optional.of(new String(local, StandardCharsets.UTF_8));
    }

    /**
     * Media playlists ({@code channel|input} → playlist files) whose last PUT listed a segment not stored yet.
     * ffmpeg uploads a WebVTT segment while it writes it (one long PUT) and its final subtitles playlist, with
     * {@code EXT-X-ENDLIST}, can arrive before that upload ends: without a second look the last subtitles
     * segment (and the end of the stream) would wait for a playlist that never comes. Per process: a segment
     * stored by another replica is picked up by the next playlist, as before.
     */
    private final Map<String, Set<String>> waiting = new ConcurrentHashMap<>();

    private void reapplyWaiting(Channel channel, String input) {
        Set<String> playlists = waiting.get(channel.key() + "|" + input);
        if (playlists == null || playlists.isEmpty()) {
            return;
        }
        for (String playlist : List.copyOf(playlists)) {
            byte[] bytes = bytes(channel, input, playlist);
            try {
                if (bytes != null && PlaylistParser.parse(bytes) instanceof MediaPlaylist media) {
                    applyMedia(channel, input, playlist, media);
                }
            } catch (PlaylistParseException e) {
                playlists.remove(playlist); // it was parsed when it arrived: cannot happen
            }
        }
    }

    private void putPlaylist(ServerResponse res, Channel channel, String input, String file, byte[] body) {
        Playlist playlist;
        try {
            playlist = PlaylistParser.parse(body);
        } catch (PlaylistParseException e) {
            error(res, Status.BAD_REQUEST_400, file + ": " + e.getMessage());
            return;
        }
        store.putFile(channel.key(), input, file, body, channel.retention());
        if (playlist instanceof MasterPlaylist) {
            store.putMeta(channel.key(), input, META_MASTER_TEXT, new String(body, StandardCharsets.UTF_8),
                    channel.retention());
            store.putMeta(channel.key(), input, META_MASTER, file, channel.retention());
            store.publishChange(channel.key());
        } else {
            store.putMeta(channel.key(), input, META_RENDITION_PREFIX + file, "1", channel.retention());
            applyMedia(channel, input, file, (MediaPlaylist) playlist);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    /** A parsed media playlist PUT, below HTTP (after its file and rendition metadata are stored). */
    void applyMedia(Channel channel, String input, String file, MediaPlaylist media) {
        String key = channel.key() + "|" + input;
        // Registered before planning, not after: a segment stored between this playlist's plan (which found it
        // missing) and a registration after it would look for waiting playlists too early, and the playlist (the
        // final one, with EXT-X-ENDLIST) would never be applied again: a lost wakeup, seen once in CI as a
        // subtitles rendition that never ended (SubtitlesLiveIT).
        waiting.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(file);
        TimelineWriter.Update update = timeline.apply(channel, input, file, media,
                segment -> currentKey(channel, input, segment).orElse(null),
                stored -> storedSize(channel, input, stored),
                init -> currentKey(channel, input, init)
                        .map(stored -> fmp4.snapshot(channel, input, init, stored, timeline.clock().millis()))
                        .orElseGet(() -> fmp4.lastSnapshot(channel, input, file, init, timeline.clock().millis())),
                (stored, init) -> init.isEmpty() ? mediaTime(channel, input, stored)
                        : fmp4.mediaTime(channel, input, stored, init));
        if (update.waitingForBytes() > 0) {
            waiting.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(file);
        } else {
            Set<String> playlists = waiting.get(key);
            if (playlists != null) {
                playlists.remove(file);
            }
        }
        if (update.appended() > 0) {
            for (int i = 0; i < update.appended(); i++) {
                metrics.segmentIngested(channel.key().name(), input);
            }
            probeIfNeeded(channel, input, file, update.restarted());
        }
        metrics.inputContent(channel.key().name(), input, System.currentTimeMillis());
        String active = channels.advance(channel, input, file);
        metrics.activeInput(channel.key().name(), channel.inputs().stream().map(Input::id).toList(), active);
    }

    /** The size of a stored segment, given its key. */
    private long storedSize(Channel channel, String input, String file) {
        byte[] hot = cache.get(cacheKey(channel, input, file));
        if (hot != null) {
            return hot.length;
        }
        return store.getFile(channel.key(), input, file).map(b -> (long) b.length).orElse(-1L);
    }

    private byte[] bytes(Channel channel, String input, String file) {
        byte[] hot = cache.get(cacheKey(channel, input, file));
        return hot != null ? hot : store.getFile(channel.key(), input, file).orElse(null);
    }

    /** The first PTS of a stored TS segment, which lines up redundant inputs; -1 for other kinds. */
    private long mediaTime(Channel channel, String input, String file) {
        if (FileKind.of(SegmentVersions.name(file)) != FileKind.TS_SEGMENT) {
            return -1;
        }
        byte[] b = bytes(channel, input, file);
        if (b == null) {
            return -1;
        }
        TsProbeResult probe = TsProbe.probe(b);
        return probe.valid() ? probe.firstPtsTicks90k() : -1;
    }

    /**
     * Reads a rendition's codecs from its newest segment once (again after an encoder restart); an MPEG-TS video
     * rendition without captions so far is read again at every new segment until captions appear (a caption feed
     * that starts after the stream did), so that outputs announce them from then on.
     */
    private void probeIfNeeded(Channel channel, String input, String rendition, boolean restarted) {
        String field = META_PROBE_PREFIX + rendition;
        List<TimelineEntry> last;
        java.util.Map<String, String> meta = store.meta(channel.key(), input);
        boolean captionsOnly = false;
        if (!restarted && meta.containsKey(field)) {
            // an fMP4 rendition is probed again when its init segment changes
            if (!meta.containsKey(META_PROBE_INIT_PREFIX + rendition)) {
                if (!awaitsCaptions(meta.get(field))) {
                    return;
                }
                captionsOnly = true; // costs one TsProbe of the newest segment (tens of microseconds)
                last = store.lastEntries(channel.key(), input, rendition, 1);
                if (last.isEmpty() || !last.get(0).initFile().isEmpty()) {
                    return;
                }
            } else {
                last = store.lastEntries(channel.key(), input, rendition, 1);
                if (last.isEmpty() || last.get(0).initFile().isEmpty()
                        || last.get(0).initFile().equals(meta.get(META_PROBE_INIT_PREFIX + rendition))) {
                    return;
                }
            }
        } else {
            last = store.lastEntries(channel.key(), input, rendition, 1);
        }
        if (last.isEmpty()) {
            return;
        }
        String file = last.get(0).file();
        if (!last.get(0).initFile().isEmpty()) {
            RenditionProbe probe = fmp4.probe(channel, input, file, last.get(0).initFile());
            if (probe != null) {
                putProbe(channel, input, field, probe);
                store.putMeta(channel.key(), input, META_PROBE_INIT_PREFIX + rendition, last.get(0).initFile(),
                        channel.retention());
            }
            return;
        }
        byte[] bytes = cache.get(cacheKey(channel, input, file));
        if (bytes == null) {
            bytes = store.getFile(channel.key(), input, file).orElse(null);
        }
        if (bytes == null || FileKind.of(SegmentVersions.name(file)) != FileKind.TS_SEGMENT) {
            return;
        }
        TsProbeResult probe = TsProbe.probe(bytes);
        if (!probe.valid()) {
            return;
        }
        RenditionProbe found = RenditionProbe.of(probe);
        if (captionsOnly && (found.captions() == null || !found.captions().present())) {
            return; // still none: the stored probe stands
        }
        putProbe(channel, input, field, found);
    }

    /** The stored probe (JSON) → whether it is a video rendition whose captions have not been seen yet. */
    private final Map<String, Boolean> awaitingCaptions = new ConcurrentHashMap<>();

    private boolean awaitsCaptions(String probeJson) {
        if (probeJson == null) {
            return false;
        }
        if (awaitingCaptions.size() > 10_000) {
            awaitingCaptions.clear(); // a bound, not a cache policy: stored probes change rarely
        }
        return awaitingCaptions.computeIfAbsent(probeJson, json -> {
            try {
                RenditionProbe p = JSON.readValue(json, RenditionProbe.class);
                return p.hasVideo() && (p.captions() == null || !p.captions().present());
            } catch (IOException e) {
                return false; // unreadable: left as it is (it is rewritten at the next restart)
            }
        });
    }

    private void putProbe(Channel channel, String input, String field, RenditionProbe probe) {
        try {
            store.putMeta(channel.key(), input, field, JSON.writeValueAsString(probe), channel.retention());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int INITIAL_BODY_BUFFER = 256 * 1024;

    private byte[] readBody(ServerRequest req) throws BodyTooLarge {
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > maxBodyBytes) {
            throw new BodyTooLarge(declared);
        }
        try (InputStream in = req.content().inputStream()) {
            // Grow with what actually arrives, never allocate the declared length up front: an upload that
            // declares 64 MiB and stalls costs what it sent (at most twice), not 64 MiB, until the read timeout.
            byte[] buf = new byte[(int) (declared >= 0 ? Math.min(declared, INITIAL_BODY_BUFFER) : INITIAL_BODY_BUFFER)];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (declared >= 0 && n == declared) {
                        break;
                    }
                    if (declared < 0 && buf.length >= maxBodyBytes) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new BodyTooLarge(-1);
                    }
                    long cap = declared >= 0 ? declared : maxBodyBytes;
                    buf = Arrays.copyOf(buf, (int) Math.min(cap, (long) buf.length * 2));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (declared >= 0 && n < declared) {
                throw new UncheckedIOException(new IOException("body ended after " + n + " of " + declared + " bytes"));
            }
            return n == buf.length ? buf : Arrays.copyOf(buf, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(ServerRequest req) {
        if (req.content().hasEntity()) {
            try (InputStream in = req.content().inputStream()) {
                in.transferTo(OutputStreams.NULL);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void error(ServerResponse res, Status status, String reason) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send((reason + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static final class BodyTooLarge extends Exception {
        BodyTooLarge(long declared) {
            super(declared >= 0 ? "body of " + declared + " bytes exceeds the limit" : "body exceeds the limit", null, false, false);
        }
    }

    private static final class OutputStreams {
        static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
    }
}
