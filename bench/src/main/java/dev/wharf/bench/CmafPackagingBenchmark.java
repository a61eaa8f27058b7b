package dev.wharf.bench;

import dev.wharf.packager.remux.TsToCmaf;
import dev.wharf.packager.sample.TrackFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Just-in-time CMAF packaging of one 6 s, 5 Mbit/s 1080p30 H.264 + AAC TS segment (issue 4, "Proof"): what a
 * CMAF endpoint does on a cache miss. One operation = {@link TsToCmaf#remux} (TS demux, Annex B to
 * length-prefixed, ADTS to raw AAC, one {@code styp moof mdat} fragment per track) plus {@link TsToCmaf#init}
 * of both tracks (the {@code ftyp moov} an ffmpeg remux writes too).
 *
 * <p>The segment is the file named by {@code -Dwharf.bench.segment6s}, or encoded with ffmpeg in the setup
 * ({@link Fixtures#segment6s}). {@link CmafVsFfmpeg} runs this benchmark and ffmpeg on the same file and prints
 * the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class CmafPackagingBenchmark {

    byte[] segment;

    @Setup
    public void setup() throws Exception {
        String given = System.getProperty("wharf.bench.segment6s");
        Path file = given != null ? Path.of(given) : Fixtures.segment6s(Files.createTempDirectory("wharf-cmaf-bench"));
        segment = Files.readAllBytes(file);
        Map<TrackFormat.Kind, TsToCmaf.Track> tracks = TsToCmaf.remux(segment, 1, -1);
        if (!tracks.containsKey(TrackFormat.Kind.VIDEO) || !tracks.containsKey(TrackFormat.Kind.AUDIO)) {
            throw new IllegalStateException("the fixture lacks video or audio: " + tracks.keySet());
        }
        long out = 0;
        for (TsToCmaf.Track t : tracks.values()) {
            out += t.fragment().length + TsToCmaf.init(t.format()).length;
        }
        System.out.println("segment: " + segment.length + " bytes TS -> " + out + " bytes CMAF (init + fragment, 2 tracks)");
    }

    @Benchmark
    public void tsToCmaf(Blackhole bh) {
        Map<TrackFormat.Kind, TsToCmaf.Track> tracks = TsToCmaf.remux(segment, 1, -1);
        for (TsToCmaf.Track t : tracks.values()) {
            bh.consume(t.fragment());
            bh.consume(TsToCmaf.init(t.format()));
        }
    }
}
