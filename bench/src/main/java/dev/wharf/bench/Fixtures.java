package dev.wharf.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Media made with ffmpeg at bench time (nothing big is committed). */
final class Fixtures {

    private Fixtures() {
    }

    /**
     * A 6 s MPEG-TS segment: H.264 High 1920x1080 at 30 fps, 5 Mbit/s (VBV 5M/10M, x264 veryfast), a keyframe
     * every 2 s, AAC-LC 128 kbit/s 48 kHz; ~4.3 MB. Written as {@code dir/seg6s.ts}, reused when present.
     */
    static Path segment6s(Path dir) throws Exception {
        Path f = dir.resolve("seg6s.ts");
        if (Files.isRegularFile(f) && Files.size(f) > 0) {
            return f;
        }
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "60", "-keyint_min", "60",
                "-sc_threshold", "0", "-b:v", "5M", "-maxrate", "5M", "-bufsize", "10M",
                "-c:a", "aac", "-b:a", "128k", "-f", "mpegts", "-y", f.toString()));
        return f;
    }

    static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }
}
