package dev.wharf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Issue 4's packaging benchmark in one run: the same 6 s 1080p segment ({@link Fixtures#segment6s}) remuxed to
 * fragmented MP4 by an ffmpeg process and packaged to CMAF by Wharf ({@link CmafPackagingBenchmark}, JMH),
 * back to back, then the ratios.
 *
 * <p>ffmpeg: {@code ffmpeg -benchmark -i seg.ts -map 0 -c copy -bsf:a aac_adtstoasc -f mp4 -movflags
 * frag_keyframe+empty_moov+default_base_moof -y out.mp4}, run {@code -Druns} times (default 30) after 3
 * unmeasured runs. Per run: the process wall time (start to exit, measured here) and ffmpeg's own
 * {@code -benchmark} line ({@code rtime}: wall time of its transcode loop, i.e. reading packets, the bitstream
 * filter, the mp4 muxer and the file writes, without process start, probing and exit; {@code utime}: its user
 * CPU). ffmpeg 5.1 refuses ADTS in mp4 without {@code aac_adtstoasc} ("Malformed AAC bitstream"), so the filter
 * is part of the command; it does what Wharf's ADTS parser does.
 *
 * <p>Run: {@code java -cp bench/target/wharf-bench.jar:packager/target/wharf-packager.jar
 * dev.wharf.bench.CmafVsFfmpeg [-Druns=30] [-Dwharf.bench.segment6s=file.ts] [-Djmh.prof=gc]}.
 */
public final class CmafVsFfmpeg {

    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");

    private CmafVsFfmpeg() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 30);
        Path dir = Files.createTempDirectory("wharf-cmaf-vs-ffmpeg");
        String given = System.getProperty("wharf.bench.segment6s");
        Path segment = given != null ? Path.of(given) : Fixtures.segment6s(dir);
        System.out.println("# segment " + segment + ": " + Files.size(segment) + " bytes; load average "
                + loadAverage());

        double[] wall = new double[runs];
        double[] rtime = new double[runs];
        double[] utime = new double[runs];
        Path out = dir.resolve("out.mp4");
        for (int i = -3; i < runs; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-benchmark", "-i", segment.toString(),
                    "-map", "0", "-c", "copy", "-bsf:a", "aac_adtstoasc", "-f", "mp4",
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", "-y", out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            long t1 = System.nanoTime();
            Matcher m = BENCH.matcher(log);
            if (rc != 0 || !m.find()) {
                throw new IllegalStateException("ffmpeg failed (" + rc + "):\n" + log);
            }
            if (i >= 0) {
                wall[i] = (t1 - t0) / 1e6;
                utime[i] = Double.parseDouble(m.group(1)) * 1000;
                rtime[i] = Double.parseDouble(m.group(3)) * 1000;
            }
        }
        System.out.printf("# ffmpeg output: %d bytes%n", Files.size(out));
        double ffWall = median(wall);
        double ffRtime = median(rtime);
        double ffUtime = median(utime);
        System.out.printf("ffmpeg process wall time  median %.1f ms (min %.1f, max %.1f, %d runs)%n", ffWall,
                min(wall), max(wall), runs);
        System.out.printf("ffmpeg -benchmark rtime   median %.1f ms (utime median %.1f ms; 1 ms resolution)%n",
                ffRtime, ffUtime);

        OptionsBuilder ob = new OptionsBuilder();
        ob.include(CmafPackagingBenchmark.class.getSimpleName() + ".tsToCmaf")
                .jvmArgsAppend("-Dwharf.bench.segment6s=" + segment);
        String prof = System.getProperty("jmh.prof");
        if (prof != null) {
            ob.addProfiler(prof);
        }
        Options opts = ob.build();
        RunResult r = new Runner(opts).runSingle();
        double java = r.getPrimaryResult().getScore();
        double err = r.getPrimaryResult().getScoreError();
        System.out.printf("Wharf TsToCmaf (JMH avgt) %.2f ± %.2f ms/op%n", java, err);
        System.out.printf("ratio: ffmpeg process / Wharf = %.1fx; ffmpeg in-process mux (rtime) / Wharf = %.2fx;"
                + " load average now %s%n", ffWall / java, ffRtime / java, loadAverage());
        deleteTree(dir);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private static void deleteTree(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(all.get(i));
        }
    }
}
