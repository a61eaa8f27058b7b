package dev.wharf.packager;

import dev.wharf.api.v1.IngestEndpointSpec;
import dev.wharf.packager.config.PackagerConfig;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's encoder: ffmpeg drawing a test pattern with a 3-rung H.264 + AAC ladder, 2 s segments,
 * pushed with HTTP PUT and Digest auth to the first ingest endpoint, exactly as a real encoder would.
 */
final class DemoEncoder implements AutoCloseable {
    private final Process process;

    private DemoEncoder(Process process) {
        this.process = process;
    }

    static String ffmpeg() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, "ffmpeg");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** The ffmpeg arguments that push a live ABR ladder to {@code ingestBase} (ending in the input id, no slash). */
    static List<String> command(String ffmpeg, String ingestBase, int seconds) {
        List<String> c = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=960x540:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
        if (seconds > 0) {
            c.addAll(List.of("-t", Integer.toString(seconds)));
        }
        c.addAll(List.of(
                "-filter_complex", "[0:v]split=3[a][b][c];[b]scale=640:360[b2];[c]scale=416:234[c2]",
                "-map", "[a]", "-map", "[b2]", "-map", "[c2]", "-map", "1:a", "-map", "1:a", "-map", "1:a",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-b:v:0", "1800k", "-b:v:1", "800k", "-b:v:2", "400k",
                "-c:a", "aac", "-b:a", "96k", "-ac", "2",
                "-f", "hls", "-hls_time", "2", "-hls_list_size", "6",
                "-hls_flags", "delete_segments+program_date_time+independent_segments",
                "-method", "PUT", "-http_persistent", "1",
                "-master_pl_name", "channel.m3u8",
                "-var_stream_map", "v:0,a:0 v:1,a:1 v:2,a:2",
                "-hls_segment_filename", ingestBase + "/channel_%v_%05d.ts",
                ingestBase + "/channel_%v.m3u8"));
        return c;
    }

    static DemoEncoder startIfPossible(PackagerConfig config, Packager packager) throws Exception {
        String ffmpeg = ffmpeg();
        if (ffmpeg == null || config.channels.isEmpty()) {
            System.out.println("ffmpeg not found on PATH: no demo encoder. Push your own stream to the URLs below.");
            printUrls(config, packager, true);
            return null;
        }
        var ch = config.channels.get(0);
        IngestEndpointSpec in = ch.spec.ingestEndpoints.get(0);
        String base = "http://" + enc(in.username) + ":" + enc(in.password) + "@127.0.0.1:" + packager.ingestPort()
                + "/in/v2/" + ch.metadata.namespace + "/" + ch.metadata.name + "/" + in.id;
        Process p = new ProcessBuilder(command(ffmpeg, base, 0)).inheritIO().start();
        printUrls(config, packager, true);
        System.out.println("Demo encoder: ffmpeg pushing a 3-rendition test pattern to ingest endpoint '" + in.id
                + "' (first segments in about 4 s). Ctrl-C stops everything.");
        return new DemoEncoder(p);
    }

    /**
     * Prints the ingest and playback URLs. Passwords only in demo mode (a local, interactive run): a packager
     * started in a pod or under a service manager writes stdout to its logs, where secrets never go.
     */
    static void printUrls(PackagerConfig config, Packager packager, boolean showPasswords) {
        for (var ch : config.channels) {
            System.out.println("Channel " + ch.metadata.namespace + "/" + ch.metadata.name + ":");
            for (IngestEndpointSpec in : ch.spec.ingestEndpoints) {
                System.out.println("  ingest  " + in.id + ": http://127.0.0.1:" + packager.ingestPort() + "/in/v2/"
                        + ch.metadata.namespace + "/" + ch.metadata.name + "/" + in.id + "/channel"
                        + "  (Digest user '" + in.username + "', password " + password(in, showPasswords) + ")");
            }
            for (var ep : config.originEndpoints) {
                if (ep.metadata.namespace.equals(ch.metadata.namespace) && ch.metadata.name.equals(ep.spec.channelName)) {
                    for (String manifest : manifests(ep.spec)) {
                        System.out.println("  playback " + ep.metadata.name + ": http://127.0.0.1:" + packager.playbackPort()
                                + "/out/v1/" + ch.metadata.namespace + "/" + ch.metadata.name + "/" + ep.metadata.name + "/"
                                + manifest);
                    }
                }
            }
        }
    }

    /** An endpoint's manifests, relative to its folder: what a player opens, per format. */
    static java.util.List<String> manifests(dev.wharf.api.v1.OriginEndpointSpec spec) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (spec.hlsPackage != null) {
            out.add(spec.manifestName + ".m3u8");
        }
        if (spec.cmafPackage != null) {
            for (var m : spec.cmafPackage.hlsManifests) {
                out.add(m.id + "/" + (m.manifestName != null ? m.manifestName : spec.manifestName) + ".m3u8");
            }
        }
        if (spec.dashPackage != null) {
            out.add(spec.manifestName + ".mpd");
        }
        if (spec.mssPackage != null) {
            out.add(spec.manifestName + ".ism/Manifest");
        }
        return out;
    }

    private static String password(IngestEndpointSpec in, boolean show) {
        if (in.password == null) {
            return "from " + in.passwordFile;
        }
        return show ? "'" + in.password + "'" : "as configured";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Stops the encoder before the packager stops: after Ctrl-C ffmpeg got the SIGINT too and is
     * finishing its stream (last segments, EXT-X-ENDLIST), which needs the packager still up; a
     * second signal would make it exit at once ("Immediate exit requested").
     */
    @Override
    public void close() {
        try {
            if (process.waitFor(3, TimeUnit.SECONDS)) {
                return;
            }
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
