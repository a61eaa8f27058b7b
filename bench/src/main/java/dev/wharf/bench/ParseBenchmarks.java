package dev.wharf.bench;

import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.packager.delivery.HlsManifestWriter;
import dev.wharf.packager.hls.Playlist;
import dev.wharf.packager.hls.PlaylistParser;
import dev.wharf.packager.media.TsProbe;
import dev.wharf.packager.media.TsProbeResult;
import dev.wharf.packager.store.TimelineEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU work of the ingest and playback paths, one call each:
 * <ul>
 *   <li>{@code parsePlaylist}: {@link PlaylistParser#parse(byte[])} of a 60-segment live media playlist as
 *       ffmpeg writes it (EXTINF, PROGRAM-DATE-TIME after EXTINF, URI);</li>
 *   <li>{@code probeSegment}: {@link TsProbe#probe(byte[])} of a 2 s 1280x720 5 Mbit/s H.264 + AAC segment
 *       (~1.3 MB, encoded with ffmpeg in the setup, or the file named by {@code -Dwharf.bench.segment});</li>
 *   <li>{@code writeMediaPlaylist}: {@link HlsManifestWriter#media} for a 30-entry window with a program date
 *       time on every entry (programDateTimeIntervalSeconds = segment duration, the worst case).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseBenchmarks {
    byte[] playlist;
    byte[] segment;
    HlsPackageSpec hls;
    List<TimelineEntry> window;

    @Setup
    public void setup() throws Exception {
        playlist = livePlaylist(60).getBytes(StandardCharsets.UTF_8);
        segment = segment();
        hls = new HlsPackageSpec();
        hls.segmentDurationSeconds = 2;
        hls.playlistWindowSeconds = 60;
        hls.programDateTimeIntervalSeconds = 2;
        window = new ArrayList<>();
        long t0 = 1_764_000_000_000L;
        for (int i = 0; i < 30; i++) {
            window.add(new TimelineEntry(1000 + i, "channel_0_" + String.format("%05d", 1000 + i) + ".ts", 2_000_000, false, 0,
                    t0 + i * 2000L, 1_300_000, t0 + i * 2000L + 2100, List.of()));
        }
        // sanity: the inputs are what they claim to be
        if (!(PlaylistParser.parse(playlist) instanceof dev.wharf.packager.hls.MediaPlaylist)) {
            throw new IllegalStateException("not a media playlist");
        }
        TsProbeResult r = TsProbe.probe(segment);
        System.out.println("segment: " + segment.length + " bytes, probe: " + r);
    }

    static String livePlaylist(int segments) {
        DateTimeFormatter pdt = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
        long first = 4321;
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:")
                .append(first).append("\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        Instant t = Instant.parse("2025-11-25T12:00:00Z");
        for (int i = 0; i < segments; i++) {
            b.append("#EXTINF:2.000000,\n");
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(pdt.format(t.plusSeconds(2L * i))).append('\n');
            b.append("channel_0_").append(String.format("%05d", first + i)).append(".ts\n");
        }
        return b.toString();
    }

    static byte[] segment() throws Exception {
        String given = System.getProperty("wharf.bench.segment");
        if (given != null) {
            return Files.readAllBytes(Path.of(given));
        }
        Path f = Files.createTempFile("wharf-bench", ".ts");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "50",
                "-b:v", "5M", "-minrate", "5M", "-maxrate", "5M", "-bufsize", "2M", "-x264-params", "nal-hrd=cbr",
                "-c:a", "aac", "-b:a", "128k", "-f", "mpegts", "-y", f.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ffmpeg failed");
        }
        try {
            return Files.readAllBytes(f);
        } finally {
            Files.delete(f);
        }
    }

    @Benchmark
    public Playlist parsePlaylist() throws Exception {
        return PlaylistParser.parse(playlist);
    }

    @Benchmark
    public TsProbeResult probeSegment() {
        return TsProbe.probe(segment);
    }

    @Benchmark
    public String writeMediaPlaylist() {
        return HlsManifestWriter.media("index", 1, hls, window, 2, false);
    }
}
