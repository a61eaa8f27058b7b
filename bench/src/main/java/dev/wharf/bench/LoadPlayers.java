package dev.wharf.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * N simulated live HLS players against one playback URL (issue 6, "Scale"). JDK only: runs as a single-file
 * program ({@code java LoadPlayers.java ...}) or from the bench jar.
 *
 * <p>Each player behaves like hls.js/AVPlayer at the live edge:
 * <ol>
 *   <li>joins at a random moment in the first {@code --ramp} seconds and GETs the master playlist once;</li>
 *   <li>picks one variant ({@code --variant spread}: player i takes variant i mod count; {@code top}; {@code lowest})
 *       and, when the variant names an {@code AUDIO} group whose default rendition has a URI (CMAF), that audio
 *       playlist too; each media playlist is followed on its own keep-alive connection (players load audio and
 *       video in parallel);</li>
 *   <li>loads the media playlist, fetches {@code EXT-X-MAP} once, starts 3 segments from the live edge (hls.js's
 *       {@code liveSyncDurationCount}) and then fetches every new segment once;</li>
 *   <li>reloads the playlist one target duration after a reload that brought a new segment, half a target
 *       duration after one that did not (RFC 8216 6.3.4).</li>
 * </ol>
 * Loopback only (the URL's host must be 127.0.0.1 or localhost); bounded: {@code --players} at most 20,000 and
 * {@code --duration} at most 3,600 s, and every request has a 10 s read timeout.
 *
 * <p>Reported: request counts, errors (status other than 200, I/O error, timeout, and a segment listed by a
 * playlist that is never fetched because the player fell behind the window), latency from request sent to the
 * last body byte read (p50, p99, max) for playlists and segments, and body bytes per second. The last line is
 * machine readable: {@code RESULT players=.. errors=.. playlist_p50_ms=.. ...}.
 *
 * <p>Usage: {@code LoadPlayers --url http://127.0.0.1:PORT/out/v1/ns/ch/hls/index.m3u8 --players 500
 * --duration 60 [--ramp 10] [--variant spread|top|lowest]}.
 */
public final class LoadPlayers {

    static final int READ_TIMEOUT_MS = 10_000;
    static final int LIVE_EDGE_SEGMENTS = 3;

    private final URI master;
    private final String variantChoice;
    private final long endNanos;
    private final Stats playlists = new Stats();
    private final Stats segments = new Stats();
    private final LongAdder errors = new LongAdder();
    private final LongAdder behind = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    final java.util.Queue<Thread> threads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Queue<String> examples = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final long started = System.nanoTime();

    LoadPlayers(URI master, String variantChoice, long endNanos) {
        this.master = master;
        this.variantChoice = variantChoice;
        this.endNanos = endNanos;
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        int players = 100;
        int duration = 60;
        int ramp = 10;
        String variant = "spread";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--players" -> players = Integer.parseInt(args[i + 1]);
                case "--duration" -> duration = Integer.parseInt(args[i + 1]);
                case "--ramp" -> ramp = Integer.parseInt(args[i + 1]);
                case "--variant" -> variant = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url http://127.0.0.1:PORT/.../index.m3u8 is required");
        }
        URI u = URI.create(url);
        if (!"http".equals(u.getScheme()) || !("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()))) {
            throw new IllegalArgumentException("loopback http only: " + url);
        }
        if (players < 1 || players > 20_000 || duration < 1 || duration > 3600 || ramp < 0 || ramp > duration) {
            throw new IllegalArgumentException("need 1 <= players <= 20000, 1 <= duration <= 3600, 0 <= ramp <= duration");
        }
        if (!Set.of("spread", "top", "lowest").contains(variant)) {
            throw new IllegalArgumentException("--variant spread|top|lowest");
        }
        long start = System.nanoTime();
        LoadPlayers run = new LoadPlayers(u, variant, start + TimeUnit.SECONDS.toNanos(duration));
        for (int i = 0; i < players; i++) {
            long joinAt = start + (ramp == 0 ? 0 : ThreadLocalRandom.current().nextLong(TimeUnit.SECONDS.toNanos(ramp)));
            int id = i;
            run.spawn(() -> run.player(id, joinAt));
        }
        long deadline = run.endNanos + TimeUnit.MILLISECONDS.toNanos(READ_TIMEOUT_MS + 2_000);
        for (Thread t = run.threads.poll(); t != null; t = run.threads.poll()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
                System.out.println("# players still running after the deadline: interrupted");
                t.interrupt();
                run.threads.forEach(Thread::interrupt);
                break;
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        run.report(players, secs);
    }

    void report(int players, double secs) {
        examples.forEach(e -> System.out.println("# failed: " + e));
        System.out.printf(Locale.ROOT, "players %d, %.0f s: playlists %d (p50 %.1f ms, p99 %.1f ms, max %.1f ms),"
                        + " segments %d (p50 %.1f ms, p99 %.1f ms, max %.1f ms), %.1f MB/s, errors %d%s%n",
                players, secs, playlists.count(), playlists.percentileMs(50), playlists.percentileMs(99), playlists.maxMs(),
                segments.count(), segments.percentileMs(50), segments.percentileMs(99), segments.maxMs(),
                bytes.sum() / secs / 1e6, errors.sum(), errorKinds.isEmpty() ? "" : " " + errorKinds);
        System.out.printf(Locale.ROOT, "RESULT players=%d seconds=%.0f errors=%d behind=%d playlists=%d playlist_p50_ms=%.1f"
                        + " playlist_p99_ms=%.1f playlist_max_ms=%.1f segments=%d segment_p50_ms=%.1f segment_p99_ms=%.1f"
                        + " segment_max_ms=%.1f bytes_per_s=%.0f cpu_percent=%.0f%n",
                players, secs, errors.sum(), behind.sum(), playlists.count(), playlists.percentileMs(50),
                playlists.percentileMs(99), playlists.maxMs(), segments.count(), segments.percentileMs(50),
                segments.percentileMs(99), segments.maxMs(), bytes.sum() / secs,
                ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e7 / secs).orElse(-1.0));
    }

    /** A player's or follower's virtual thread; the main thread joins them all. */
    void spawn(Runnable body) {
        threads.add(Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                error("player-" + e.getClass().getSimpleName());
            }
        }));
    }

    /** Keeps the first few failed requests, to print. */
    private void example(String what) {
        if (examples.size() < 10) {
            examples.add(what);
        }
    }

    private void error(String kind) {
        errors.increment();
        errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** One player: master playlist, then one follower per media playlist it plays. */
    private void player(int id, long joinAt) {
        if (!sleepUntil(joinAt)) {
            return;
        }
        List<URI> media;
        try (Connection c = new Connection(master)) {
            Response r = c.get(target(master), playlists);
            if (r == null) {
                return;
            }
            media = chooseMedia(master, new String(r.body, StandardCharsets.UTF_8), id);
        }
        if (media.isEmpty()) {
            error("master-without-variants");
            return;
        }
        for (int i = 1; i < media.size(); i++) {
            URI m = media.get(i);
            spawn(() -> follow(m));
        }
        follow(media.getFirst());
    }

    /** The media playlists a player of this id plays: the chosen variant, then its default audio rendition if any. */
    List<URI> chooseMedia(URI base, String masterText, int id) {
        List<String> variantUris = new ArrayList<>();
        List<String> variantAudio = new ArrayList<>();
        Map<String, String> audioDefaults = new java.util.HashMap<>();
        String[] lines = masterText.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                for (int j = i + 1; j < lines.length; j++) {
                    if (!lines[j].isBlank() && !lines[j].startsWith("#")) {
                        variantUris.add(lines[j].trim());
                        variantAudio.add(attribute(line, "AUDIO"));
                        i = j;
                        break;
                    }
                }
            } else if (line.startsWith("#EXT-X-MEDIA:") && "AUDIO".equals(attribute(line, "TYPE"))) {
                String group = attribute(line, "GROUP-ID");
                String uri = attribute(line, "URI");
                if (group != null && uri != null && (!audioDefaults.containsKey(group) || "YES".equals(attribute(line, "DEFAULT")))) {
                    audioDefaults.put(group, uri);
                }
            }
        }
        if (variantUris.isEmpty()) {
            return List.of();
        }
        int pick = switch (variantChoice) {
            case "top" -> 0;
            case "lowest" -> variantUris.size() - 1;
            default -> id % variantUris.size();
        };
        List<URI> out = new ArrayList<>();
        out.add(base.resolve(variantUris.get(pick)));
        String group = variantAudio.get(pick);
        if (group != null && audioDefaults.containsKey(group)) {
            out.add(base.resolve(audioDefaults.get(group)));
        }
        return out;
    }

    /** Quoted or plain attribute value of an HLS tag line, null when absent. */
    static String attribute(String line, String name) {
        int i = line.indexOf(':') + 1;
        while (i > 0 && i < line.length()) {
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = line.substring(i, eq).trim();
            int end;
            String value;
            if (eq + 1 < line.length() && line.charAt(eq + 1) == '"') {
                end = line.indexOf('"', eq + 2);
                if (end < 0) {
                    return null;
                }
                value = line.substring(eq + 2, end);
                end++;
            } else {
                end = line.indexOf(',', eq);
                if (end < 0) {
                    end = line.length();
                }
                value = line.substring(eq + 1, end);
            }
            if (key.equals(name)) {
                return value;
            }
            i = end + 1;
        }
        return null;
    }

    /** The request target: path and query. */
    static String target(URI u) {
        return u.getRawQuery() == null ? u.getRawPath() : u.getRawPath() + "?" + u.getRawQuery();
    }

    /** Follows one media playlist at the live edge until the end of the run. */
    private void follow(URI playlist) {
        Connection c = new Connection(playlist);
        try {
            Set<String> fetched = new HashSet<>();
            boolean first = true;
            boolean mapFetched = false;
            while (System.nanoTime() < endNanos) {
                long reloadAt = System.nanoTime();
                Response r = c.get(target(playlist), playlists);
                if (r == null) {
                    if (!sleepUntil(reloadAt + TimeUnit.SECONDS.toNanos(1))) {
                        return;
                    }
                    continue;
                }
                MediaPlaylist p = MediaPlaylist.parse(new String(r.body, StandardCharsets.UTF_8));
                if (!mapFetched && p.map != null) {
                    c.get(target(playlist.resolve(p.map)), segments);
                    mapFetched = true;
                }
                List<String> todo = new ArrayList<>();
                if (first || fetched.isEmpty()) {
                    todo.addAll(p.segments.subList(Math.max(0, p.segments.size() - LIVE_EDGE_SEGMENTS), p.segments.size()));
                    fetched.addAll(p.segments);
                    first = false;
                } else {
                    int known = 0;
                    for (String s : p.segments) {
                        if (fetched.contains(s)) {
                            known++;
                        } else {
                            todo.add(s);
                        }
                    }
                    if (known == 0 && !fetched.isEmpty() && !p.segments.isEmpty()) {
                        behind.increment(); // the window moved past everything we had: segments were skipped
                        error("fell-behind-window");
                    }
                    fetched.retainAll(new HashSet<>(p.segments));
                    fetched.addAll(todo);
                }
                for (String s : todo) {
                    if (System.nanoTime() >= endNanos) {
                        return;
                    }
                    c.get(target(playlist.resolve(s)), segments);
                }
                long wait = TimeUnit.MILLISECONDS.toNanos((long) (p.targetDuration * (todo.isEmpty() ? 500 : 1000)));
                if (!sleepUntil(reloadAt + wait)) {
                    return;
                }
            }
        } finally {
            c.close();
        }
    }

    private boolean sleepUntil(long nanos) {
        long target = Math.min(nanos, endNanos);
        long now = System.nanoTime();
        if (target > now) {
            try {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(target - now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return System.nanoTime() < endNanos;
    }

    /** What a player needs from a media playlist. */
    record MediaPlaylist(double targetDuration, String map, List<String> segments) {
        static MediaPlaylist parse(String text) {
            double target = 2;
            String map = null;
            List<String> segs = new ArrayList<>();
            for (String line : text.split("\r?\n")) {
                if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                    target = Double.parseDouble(line.substring(22).trim());
                } else if (line.startsWith("#EXT-X-MAP:")) {
                    map = attribute(line, "URI");
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    segs.add(line.trim());
                }
            }
            return new MediaPlaylist(target, map, segs);
        }
    }

    record Response(int status, byte[] body) {}

    /** One keep-alive HTTP/1.1 connection of a player (reopened after an error or {@code Connection: close}). */
    final class Connection implements AutoCloseable {
        private final String host;
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] scratch = new byte[64 * 1024];

        Connection(URI uri) {
            this.host = uri.getHost();
            this.port = uri.getPort() > 0 ? uri.getPort() : 80;
        }

        /** GETs {@code path}; the latency goes to {@code stats}. Null (and an error counted) when it failed. */
        Response get(String path, Stats stats) {
            long t0 = System.nanoTime();
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(READ_TIMEOUT_MS);
                    socket.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MS);
                    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                    out = socket.getOutputStream();
                }
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nUser-Agent: wharf-load-players\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String status = line();
                String[] parts = status.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                    throw new IOException("bad status line: " + status);
                }
                int code = Integer.parseInt(parts[1]);
                long length = -1;
                boolean chunked = false;
                boolean close = false;
                for (String h = line(); !h.isEmpty(); h = line()) {
                    int colon = h.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> close = value.equalsIgnoreCase("close");
                        default -> {
                        }
                    }
                }
                boolean keep = stats == playlists || code != 200;
                byte[] body;
                if (chunked) {
                    body = readChunked(keep);
                } else if (length >= 0) {
                    body = read(length, keep);
                } else {
                    throw new IOException("response without length");
                }
                if (close) {
                    close();
                }
                long t1 = System.nanoTime();
                if (code != 200) {
                    error("status-" + code);
                    String reason = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8).strip();
                    example(path + " -> " + code + " after " + (t1 - t0) / 1_000_000 + " ms at +"
                            + TimeUnit.NANOSECONDS.toMillis(t1 - started) + " ms: " + reason);
                    return null;
                }
                stats.record(t1 - t0);
                return new Response(code, body);
            } catch (SocketTimeoutException e) {
                error("timeout");
                example(path + " -> timeout");
            } catch (EOFException e) {
                error("connection-closed");
                example(path + " -> connection closed");
            } catch (IOException | RuntimeException e) {
                error(e.getClass().getSimpleName());
                example(path + " -> " + e);
            }
            close();
            return null;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException();
                }
                if (c == '\n') {
                    int n = b.length();
                    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                }
                b.append((char) c);
            }
        }

        private byte[] read(long length, boolean keep) throws IOException {
            if (keep) {
                byte[] body = in.readNBytes((int) length);
                if (body.length < length) {
                    throw new EOFException();
                }
                bytes.add(length);
                return body;
            }
            long left = length;
            while (left > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    throw new EOFException();
                }
                left -= n;
            }
            bytes.add(length);
            return scratch;
        }

        private byte[] readChunked(boolean keep) throws IOException {
            java.io.ByteArrayOutputStream all = keep ? new java.io.ByteArrayOutputStream() : null;
            while (true) {
                String sizeLine = line();
                int semi = sizeLine.indexOf(';');
                long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return keep ? all.toByteArray() : scratch;
                }
                byte[] part = read(size, keep);
                if (keep) {
                    all.write(part);
                }
                line();
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            socket = null;
        }
    }

    /** Latencies in a log-scale histogram (1 % buckets from 1 µs to ~100 s) plus the exact maximum. */
    static final class Stats {
        private static final double RATIO = Math.log(1.01);
        private final AtomicLongArray buckets = new AtomicLongArray(1900);
        private final AtomicLong max = new AtomicLong();
        private final LongAdder count = new LongAdder();

        void record(long nanos) {
            long micros = Math.max(1, nanos / 1000);
            int b = (int) Math.min(buckets.length() - 1, Math.log(micros) / RATIO);
            buckets.incrementAndGet(b);
            count.increment();
            max.accumulateAndGet(nanos, Math::max);
        }

        long count() {
            return count.sum();
        }

        double maxMs() {
            return max.get() / 1e6;
        }

        /** Upper edge of the bucket that holds the percentile, in ms (at most 1 % above the true value). */
        double percentileMs(double p) {
            long n = count.sum();
            if (n == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(p / 100 * n);
            long seen = 0;
            for (int i = 0; i < buckets.length(); i++) {
                seen += buckets.get(i);
                if (seen >= rank) {
                    return Math.min(Math.exp((i + 1) * RATIO) / 1000, maxMs());
                }
            }
            return maxMs();
        }
    }
}
