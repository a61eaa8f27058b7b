package dev.wharf.packager.e2e;

import dev.wharf.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An encoder stand-in for redundancy tests: replays segments made once by ffmpeg to one ingest
 * endpoint, one segment per segment duration, with a sliding media playlist, HTTP Digest auth on a
 * persistent connection (as ffmpeg with -http_persistent 1 does). Two of them fed the same segments
 * behave like redundant encoders with locked outputs; fed segments with shifted timestamps, like
 * unaligned ones. Each can stop and resume mid-stream.
 */
final class ReplayPusher implements AutoCloseable {
    private final int port;
    private final String base;
    private final String user;
    private final String password;
    private final List<byte[]> segments;
    private final long segmentMicros;
    /** The media playlist's name without {@code .m3u8}, and its segments' name prefix. */
    private final String name;
    private RawHttp connection;
    private String challenge;
    private int nc;
    private final List<Integer> window = new ArrayList<>();
    private final Map<Integer, Long> durations = new HashMap<>();
    private final Map<Integer, List<String>> tags = new HashMap<>();
    private long mediaSequence = -1;

    ReplayPusher(int port, String input, String user, String password, List<byte[]> segments, long segmentMicros) {
        this(port, input, user, password, segments, segmentMicros, "news");
    }

    /** As above, for the media playlist {@code name}.m3u8: several with different names are several renditions. */
    ReplayPusher(int port, String input, String user, String password, List<byte[]> segments, long segmentMicros,
                 String name) {
        this.name = name;
        this.port = port;
        this.base = "/in/v2/live/news/" + input + "/";
        this.user = user;
        this.password = password;
        this.segments = segments;
        this.segmentMicros = segmentMicros;
    }

    /** Makes {@code count} one-second H.264 segments with ffmpeg; {@code ptsOffsetSeconds} shifts their timestamps. */
    static List<byte[]> makeSegments(Path dir, int count, int ptsOffsetSeconds) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-nostdin",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=48000",
                "-t", Integer.toString(count), "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-keyint_min", "25",
                "-sc_threshold", "0", "-c:a", "aac", "-b:a", "48k", "-output_ts_offset", Integer.toString(ptsOffsetSeconds),
                "-f", "hls", "-hls_time", "1", "-hls_list_size", "0",
                "-hls_segment_filename", dir.resolve("s_%03d.ts").toString(), dir.resolve("src.m3u8").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + out);
        }
        List<byte[]> segs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path f = dir.resolve(String.format("s_%03d.ts", i));
            if (Files.exists(f)) {
                segs.add(Files.readAllBytes(f));
            }
        }
        return segs;
    }

    private RawHttp.Response put(String file, byte[] body) throws IOException {
        String path = base + file;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (connection == null) {
                connection = new RawHttp(port);
            }
            if (challenge == null) {
                RawHttp.Response r = connection.request("PUT", path, Map.of(), new byte[0]);
                challenge = RawHttp.md5Challenge(r);
                nc = 0;
                connection.close(); // the 401 closes the connection
                connection = new RawHttp(port);
            }
            RawHttp.Response r;
            try {
                r = connection.request("PUT", path, Map.of("Authorization",
                        RawHttp.digest(challenge, user, password, "PUT", path, ++nc)), body);
            } catch (IOException e) {
                connection.close();
                connection = null;
                continue;
            }
            if (r.status() == 401) {
                challenge = null;
                connection.close();
                connection = null;
                continue;
            }
            if ("close".equalsIgnoreCase(r.header("Connection"))) {
                connection.close();
                connection = null;
            }
            return r;
        }
        throw new IOException("PUT " + path + " kept failing authentication");
    }

    /** Pushes segment {@code index} (its file name carries the index) and the playlist that lists it. */
    void push(int index) throws IOException {
        int status = tryPush(index);
        if (status != 0) {
            throw new IOException("PUT answered " + status + " for segment " + index);
        }
    }

    /**
     * Pushes segment {@code index} and the playlist that lists it, as {@link #push} does, and returns 0
     * when both were acknowledged (2xx), else the first status that was not: call it again to retry, as an
     * encoder retries after a 503.
     */
    int tryPush(int index) throws IOException {
        RawHttp.Response seg = put(String.format("%s_%05d.ts", name, index), segments.get(index));
        if (seg.status() != 201) {
            return seg.status();
        }
        if (window.isEmpty() || window.get(window.size() - 1) != index) {
            if (!window.isEmpty() && window.get(window.size() - 1) != index - 1) {
                window.clear(); // resuming after a gap: the playlist starts over at this segment's number
            }
            window.add(index);
            while (window.size() > 5) {
                window.remove(0);
            }
        }
        mediaSequence = window.get(0);
        RawHttp.Response playlist = putPlaylist(false);
        return playlist.status() == 204 ? 0 : playlist.status();
    }

    /** Lists segment {@code index} with this EXTINF instead of the segment duration (an encoder's overrun). */
    void duration(int index, long micros) {
        durations.put(index, micros);
    }

    /** Lists these tag lines (ad markers, say) before segment {@code index}'s EXTINF. */
    void tags(int index, String... lines) {
        tags.put(index, List.of(lines));
    }

    /** Pushes the final playlist with EXT-X-ENDLIST. */
    void end() throws IOException {
        RawHttp.Response r = putPlaylist(true);
        if (r.status() != 204) {
            throw new IOException("playlist PUT answered " + r.status() + ": " + r.text());
        }
    }

    private RawHttp.Response putPlaylist(boolean endList) throws IOException {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n");
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        for (int i : window) {
            for (String tag : tags.getOrDefault(i, List.of())) {
                b.append(tag).append('\n');
            }
            long micros = durations.getOrDefault(i, segmentMicros);
            b.append(String.format("#EXTINF:%d.%06d,%n", micros / 1_000_000, micros % 1_000_000));
            b.append(String.format("%s_%05d.ts%n", name, i));
        }
        if (endList) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return put(name + ".m3u8", b.toString().getBytes());
    }

    @Override
    public void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
    }
}
