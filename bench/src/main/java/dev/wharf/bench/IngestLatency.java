package dev.wharf.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingest-to-playable latency, measured by acting as the encoder (JDK only: runs as
 * {@code java bench/src/main/java/dev/wharf/bench/IngestLatency.java ...}).
 *
 * <p>For each segment: PUT the segment, PUT the updated media playlist (a 6-entry sliding window, like
 * ffmpeg's {@code -hls_list_size}), then GET the output media playlist until it lists the new segment.
 * Two latencies per segment: from the playlist PUT's response (the segment is only playable once listed;
 * this is the number the target is about) and from the segment PUT's response (adds the playlist PUT).
 * Digest auth (MD5, qop=auth, the last WWW-Authenticate challenge, nc counting up) is computed here.
 *
 * <p>Args: ingestBase (http://host:port/in/v2/ns/channel/input/) playbackBase
 * (http://host:port/out/v1/ns/channel/endpoint/) user password segment.ts [count=300] [warmup=30] [gapMillis=20]
 */
public final class IngestLatency {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern PARAM = Pattern.compile("(\\w+)=(\"([^\"]*)\"|[^,\\s]*)");

    final String ingest;
    final String playback;
    final String user;
    final String password;
    String realm;
    String nonce;
    String opaque;
    int nc;

    IngestLatency(String ingest, String playback, String user, String password) {
        this.ingest = ingest;
        this.playback = playback;
        this.user = user;
        this.password = password;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: IngestLatency ingestBase playbackBase user password segment.ts [count] [warmup] [gapMillis]");
            System.exit(2);
        }
        IngestLatency l = new IngestLatency(args[0], args[1], args[2], args[3]);
        byte[] segment = Files.readAllBytes(Path.of(args[4]));
        int count = args.length > 5 ? Integer.parseInt(args[5]) : 300;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 30;
        int gap = args.length > 7 ? Integer.parseInt(args[7]) : 20;
        l.run(segment, count, warmup, gap);
    }

    void run(byte[] segment, int count, int warmup, int gapMillis) throws Exception {
        put("channel.m3u8", ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=320x180,"
                + "CODECS=\"avc1.42c00d,mp4a.40.2\"\nchannel_0.m3u8\n").getBytes(StandardCharsets.UTF_8));
        int total = warmup + count;
        long[] fromPlaylist = new long[count];
        long[] fromSegment = new long[count];
        long[] polls = new long[count];
        long firstOutput = -1;
        for (int i = 0; i < total; i++) {
            String file = String.format("channel_0_%05d.ts", i);
            put(file, segment);
            long segmentDone = System.nanoTime();
            put("channel_0.m3u8", playlist(i).getBytes(StandardCharsets.UTF_8));
            long playlistDone = System.nanoTime();
            int n = 0;
            long seen;
            while (true) {
                n++;
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(playback + "index_1.m3u8")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    String last = lastUri(r.body());
                    if (firstOutput < 0 && last != null) {
                        firstOutput = sequenceOf(last) - i; // output numbering may not start at 0
                    }
                    if (last != null && sequenceOf(last) == firstOutput + i) {
                        seen = System.nanoTime();
                        break;
                    }
                } else if (r.statusCode() != 404) {
                    throw new IllegalStateException("GET playlist: " + r.statusCode() + " " + r.body());
                }
                if (System.nanoTime() - playlistDone > 5_000_000_000L) {
                    throw new IllegalStateException("segment " + i + " not listed after 5 s");
                }
            }
            if (i >= warmup) {
                fromPlaylist[i - warmup] = seen - playlistDone;
                fromSegment[i - warmup] = seen - segmentDone;
                polls[i - warmup] = n;
            }
            if (gapMillis > 0) {
                Thread.sleep(gapMillis);
            }
        }
        System.out.printf(Locale.ROOT, "segments measured: %d (after %d warm-up), segment %d bytes, %d ms between segments%n",
                count, warmup, segment.length, gapMillis);
        report("playlist PUT response -> listed in output", fromPlaylist);
        report("segment PUT response  -> listed in output", fromSegment);
        long[] p = polls.clone();
        Arrays.sort(p);
        System.out.printf(Locale.ROOT, "GETs until listed: p50 %d, max %d%n", p[p.length / 2], p[p.length - 1]);
    }

    static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "RESULT %-42s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms%n", what,
                s[(int) Math.ceil(0.50 * s.length) - 1] / 1e6, s[(int) Math.ceil(0.99 * s.length) - 1] / 1e6,
                s[s.length - 1] / 1e6);
    }

    static String playlist(int newest) {
        int first = Math.max(0, newest - 5);
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:")
                .append(first).append('\n');
        for (int i = first; i <= newest; i++) {
            b.append("#EXTINF:2.000000,\n").append(String.format("channel_0_%05d.ts", i)).append('\n');
        }
        return b.toString();
    }

    static String lastUri(String playlist) {
        String last = null;
        for (String line : playlist.split("\n")) {
            if (!line.isEmpty() && line.charAt(0) != '#') {
                last = line.trim();
            }
        }
        return last;
    }

    /** index_1_42.ts -> 42 */
    static long sequenceOf(String uri) {
        int dot = uri.lastIndexOf('.');
        int us = uri.lastIndexOf('_', dot);
        return Long.parseLong(uri.substring(us + 1, dot));
    }

    void put(String file, byte[] body) throws Exception {
        URI uri = URI.create(ingest + file);
        for (int attempt = 0; attempt < 3; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
            if (nonce != null) {
                b.header("Authorization", authorization("PUT", uri.getRawPath()));
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 401) {
                List<String> challenges = r.headers().allValues("WWW-Authenticate");
                challenge(challenges.get(challenges.size() - 1)); // the last one is MD5 (what ffmpeg answers)
                continue;
            }
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("PUT " + file + ": " + r.statusCode() + " " + r.body());
            }
            return;
        }
        throw new IllegalStateException("PUT " + file + ": not authenticated after 3 attempts");
    }

    void challenge(String header) {
        if (!header.regionMatches(true, 0, "Digest ", 0, 7)) {
            throw new IllegalStateException("not a Digest challenge: " + header);
        }
        Matcher m = PARAM.matcher(header.substring(7));
        realm = null;
        nonce = null;
        opaque = null;
        while (m.find()) {
            String v = m.group(3) != null ? m.group(3) : m.group(2);
            switch (m.group(1).toLowerCase(Locale.ROOT)) {
                case "realm" -> realm = v;
                case "nonce" -> nonce = v;
                case "opaque" -> opaque = v;
                case "algorithm" -> {
                    if (!v.equalsIgnoreCase("MD5")) {
                        throw new IllegalStateException("last challenge is not MD5: " + header);
                    }
                }
                default -> { }
            }
        }
        nc = 0;
    }

    String authorization(String method, String path) throws Exception {
        nc++;
        String ncHex = String.format("%08x", nc);
        String cnonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + path);
        String response = md5(ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + path
                + "\", algorithm=MD5, qop=auth, nc=" + ncHex + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\""
                + (opaque == null ? "" : ", opaque=\"" + opaque + "\"");
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
