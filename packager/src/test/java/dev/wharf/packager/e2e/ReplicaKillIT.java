package dev.wharf.packager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.RedisSegmentStore;
import dev.wharf.packager.store.RedisStoreConfig;
import dev.wharf.packager.store.SegmentVersions;
import dev.wharf.packager.store.TimelineEntry;
import dev.wharf.testing.ExternalTools;
import dev.wharf.testing.FreePorts;
import dev.wharf.testing.MediaPlaylistView;
import dev.wharf.testing.NginxProcess;
import dev.wharf.testing.RedisServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two packager processes on one Redis behind nginx; ffmpeg pushes a live stream through nginx and a
 * player reads the output through nginx; one packager is killed with SIGKILL mid-stream. ffmpeg does
 * not retry a failed PUT, so nginx does: the ingest location buffers request bodies and passes a PUT
 * that failed on the dead replica to the other one ({@code proxy_next_upstream error timeout http_502
 * http_503 non_idempotent}). The encoder notices nothing, the player gets no error, and the output
 * lists every segment ffmpeg made after its first, each fetchable, decoding without error.
 */
class ReplicaKillIT {
    static final int SECONDS = 16;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void encoderAndPlayersCarryOnWhenAReplicaIsKilled() throws Exception {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            String storage = "storage: {type: redis, redis: {url: \"" + redis.url() + "\"}}";
            try (PackagerProcess a = new PackagerProcess(storage, "");
                 PackagerProcess b = new PackagerProcess(storage, "")) {
                int ingest = FreePorts.next();
                int playback = FreePorts.next();
                try (NginxProcess lb = new NginxProcess(List.of(
                        new NginxProcess.Balance(ingest, List.of(a.ingestPort, b.ingestPort), true),
                        new NginxProcess.Balance(playback, List.of(a.playbackPort, b.playbackPort))))) {
                    String out = "http://127.0.0.1:" + playback + "/out/v1/live/news/hls/";
                    Path encoderLog = Files.createTempFile("ffmpeg-replica-kill", ".log");
                    Process encoder = startEncoder(ingest, encoderLog);
                    Player player = new Player(out + "index_1.m3u8");
                    Thread playerThread = Thread.ofPlatform().name("player").start(player);

                    await().atMost(Duration.ofSeconds(20)).until(() -> player.lastSeen.get() >= 3);
                    long killedAt = System.nanoTime();
                    player.killedAt.set(killedAt);
                    int linesBeforeKill = lb.accessLog().size();
                    a.kill();

                    assertThat(encoder.waitFor(SECONDS + 30, TimeUnit.SECONDS)).as("encoder finished").isTrue();
                    String encoderOutput = Files.readString(encoderLog);
                    await().atMost(Duration.ofSeconds(5)).until(() -> MediaPlaylistView.parse(get(out + "index_1.m3u8").body()).endList());
                    player.stop.set(true);
                    playerThread.join(5000);

                    // nginx passed the uploads that hit the dead replica on to the live one
                    List<String> afterKill = lb.accessLog().subList(linesBeforeKill, lb.accessLog().size());
                    List<String> retried = afterKill.stream().filter(l -> l.startsWith("PUT ") && l.contains(", ")).toList();
                    // 499: ffmpeg closes its connection right after its last upload without reading the answer
                    // (the upload still landed: the output ended, above)
                    List<String> failed = afterKill.stream().filter(l -> l.startsWith("PUT ")
                            && !l.split(" ")[2].startsWith("2") && !l.split(" ")[2].equals("499")).toList();
                    System.out.printf("[ReplicaKillIT] kill -> output advancing %d ms; PUTs after the kill %d, passed on"
                                    + " to the other replica %d, failed %d; player: %s; e.g. %s%n",
                            (player.firstAdvanceAfterKill.get() - killedAt) / 1_000_000,
                            afterKill.stream().filter(l -> l.startsWith("PUT ")).count(), retried.size(), failed.size(),
                            player.statuses, retried.isEmpty() ? "-" : retried.get(0));
                    assertThat(retried).as("PUTs nginx passed from the dead replica to the live one").isNotEmpty();
                    assertThat(failed).as("PUTs that failed after the kill").isEmpty();
                    assertThat(encoder.exitValue()).as("ffmpeg exit code; output:\n%s", encoderOutput).isZero();

                    // the player saw only 200s, and the output never went back
                    assertThat(player.statuses.keySet()).as("player statuses %s", player.statuses).containsOnly(200);
                    assertThat(player.wentBack.get()).isFalse();

                    // No segment lost: the output holds ffmpeg's segments in a run without gaps up to its last one
                    // (ffmpeg's first upload of a stream can be lost behind any proxy: see docs/reliability.md).
                    try (RedisSegmentStore store = new RedisSegmentStore(RedisStoreConfig.standalone(redis.url()))) {
                        List<TimelineEntry> entries = store.entries(new ChannelKey("live", "news"), ChannelTimeline.OUTPUT,
                                "ch.m3u8", 0, 1000);
                        List<Integer> indexes = entries.stream()
                                .map(e -> Integer.parseInt(SegmentVersions.name(e.file()).replaceAll("\\D", ""))).toList();
                        assertThat(indexes.get(0)).as("first segment in the output").isLessThanOrEqualTo(1);
                        assertThat(indexes).containsExactlyElementsOf(
                                IntStream.rangeClosed(indexes.get(0), SECONDS - 1).boxed().toList());
                    }
                    MediaPlaylistView media = MediaPlaylistView.parse(get(out + "index_1.m3u8").body());
                    for (String uri : media.uris()) {
                        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(out + uri)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode()).as(uri).isEqualTo(200);
                    }
                    Process play = new ProcessBuilder(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin",
                            "-i", out + "index_1.m3u8", "-f", "null", "-").redirectErrorStream(true).start();
                    String errors = new String(play.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(play.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(play.exitValue()).as(errors).isZero();
                    assertThat(errors).as("decoder errors").isBlank();
                }
            }
        }
    }

    private static Process startEncoder(int ingestPort, Path log) throws IOException {
        String base = "http://" + TestPackagers.USER1 + ":" + TestPackagers.PASS1 + "@127.0.0.1:" + ingestPort
                + "/in/v2/live/news/in1";
        return new ProcessBuilder(ExternalTools.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-nostdin", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(SECONDS),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", "48k",
                "-f", "hls", "-hls_time", "1", "-hls_list_size", "5", "-hls_flags", "delete_segments+program_date_time",
                "-method", "PUT", "-http_persistent", "1",
                "-hls_segment_filename", base + "/ch_%05d.ts", base + "/ch.m3u8")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Refreshes a media playlist every 500 ms and fetches every new segment, as a player does. */
    static final class Player implements Runnable {
        final String url;
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicBoolean wentBack = new AtomicBoolean();
        final AtomicLong lastSeen = new AtomicLong(-1);
        final AtomicLong killedAt = new AtomicLong();
        final AtomicLong firstAdvanceAfterKill = new AtomicLong();
        private final Set<String> fetched = new HashSet<>();

        Player(String url) {
            this.url = url;
        }

        @Override
        public void run() {
            String base = url.substring(0, url.lastIndexOf('/') + 1);
            while (!stop.get()) {
                try {
                    HttpResponse<String> r = get(url);
                    if (r.statusCode() == 404 && lastSeen.get() < 0) {
                        Thread.sleep(500); // nothing ingested yet
                        continue;
                    }
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    if (r.statusCode() == 200) {
                        MediaPlaylistView v = MediaPlaylistView.parse(r.body());
                        long last = v.mediaSequence() + v.uris().size() - 1;
                        if (last < lastSeen.get()) {
                            wentBack.set(true);
                        }
                        if (last > lastSeen.get() && killedAt.get() != 0 && firstAdvanceAfterKill.get() == 0) {
                            firstAdvanceAfterKill.set(System.nanoTime());
                        }
                        lastSeen.accumulateAndGet(last, Math::max);
                        for (String uri : v.uris()) {
                            if (fetched.add(uri)) {
                                int s = HTTP.send(HttpRequest.newBuilder(URI.create(base + uri)).timeout(Duration.ofSeconds(10)).build(),
                                        HttpResponse.BodyHandlers.discarding()).statusCode();
                                statuses.merge(s, 1, Integer::sum);
                            }
                        }
                    }
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    statuses.merge(-1, 1, Integer::sum);
                }
            }
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
