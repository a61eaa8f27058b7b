package dev.wharf.packager.e2e;

import static dev.wharf.packager.e2e.CmafLiveIT.get;
import static dev.wharf.packager.e2e.CmafLiveIT.getBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wharf.packager.Packager;
import dev.wharf.testing.ExternalTools;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Smooth Streaming endpoint end to end: ffmpeg pushes {@value #SECONDS} s of a 2-rendition H.264 + AAC stream.
 * While live, the client manifest parses, is live, never changes a chunk it listed and advances; the newest
 * fragments carry their own time in {@code tfxd} and announce the following ones in {@code tfrf} exactly as the
 * next manifests list them; a request for the newest fragment is answered once the next one exists, with a
 * {@code tfrf} naming it. At the end every chunk of every quality level is its fragment's {@code tfxd} and summed
 * {@code trun} durations, the chunks are continuous, and each track's fragments decode in ffmpeg with no message.
 *
 * <p>ffmpeg has no Smooth demuxer; a Smooth fragment is a plain {@code moof}+{@code mdat}, so the test puts the
 * CMAF header of the same track (from a CMAF endpoint of the channel) in front of the fragments, with its
 * {@code mdhd} timescale set to Smooth's 10 MHz: the result is an ordinary fragmented MP4.
 */
class MssLiveIT {
    static final int SECONDS = CmafLiveIT.SECONDS;
    static final String MSS_ENDPOINT = """
              - metadata: {namespace: live, name: mss}
                spec:
                  channelName: news
                  mssPackage: {manifestWindowSeconds: 60}
            """;

    @Test
    void ffmpegPushesTsAndSmoothPlaysBack() throws Exception {
        try (Packager packager = Packager.start(TestPackagers.config(null, MSS_ENDPOINT + CmafLiveIT.CMAF_ENDPOINT))) {
            String base = "http://127.0.0.1:" + packager.playbackPort() + "/out/v1/live/news/";
            String folder = base + "mss/index.ism/";
            String manifestUrl = folder + "Manifest";
            Process encoder = CmafLiveIT.startEncoder(packager.ingestPort(), SECONDS);
            Map<Long, Long> seen = new HashMap<>(); // video chunk t -> d, as first listed
            List<long[]> announced = new ArrayList<>(); // tfrf entries of live fragments
            long lastEnd = -1;
            int refreshes = 0;
            int advances = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS + 30);
            while (encoder.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                HttpResponse<String> r = get(manifestUrl);
                if (r.statusCode() == 404) {
                    continue;
                }
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
                Element root = DashLiveIT.parse(r.body()).getDocumentElement();
                if (!root.hasAttribute("IsLive")) {
                    break;
                }
                assertThat(root.getAttribute("IsLive")).isEqualTo("TRUE");
                assertThat(root.getAttribute("TimeScale")).isEqualTo("10000000");
                assertThat(root.getAttribute("DVRWindowLength")).isEqualTo("600000000");
                assertThat(root.getAttribute("LookAheadFragmentCount")).isEqualTo("2");
                Element video = stream(root, "video");
                List<long[]> chunks = chunks(video);
                for (long[] c : chunks) {
                    Long before = seen.putIfAbsent(c[0], c[1]);
                    assertThat(before == null ? c[1] : before).as("duration of the chunk at %d", c[0]).isEqualTo(c[1]);
                }
                long end = chunks.getLast()[0] + chunks.getLast()[1];
                assertThat(end).isGreaterThanOrEqualTo(lastEnd);
                if (end > lastEnd && lastEnd >= 0) {
                    advances++;
                }
                lastEnd = end;
                refreshes++;
                // Like a player near the live edge: the second newest fragment, whose tfxd is its chunk.
                if (chunks.size() >= 2) {
                    long[] c = chunks.get(chunks.size() - 2);
                    HttpResponse<byte[]> f = getBytes(folder + "QualityLevels(" + bitrates(video).getFirst()
                            + ")/Fragments(video=" + c[0] + ")");
                    assertThat(f.statusCode()).isEqualTo(200);
                    SmoothBoxes b = SmoothBoxes.of(f.body());
                    assertThat(new long[] {b.time(), b.duration()}).containsExactly(c[0], c[1]);
                    assertThat(b.next()).as("tfrf of the second newest fragment").isNotEmpty();
                    assertThat(b.next().getFirst()).containsExactly(chunks.getLast()[0], chunks.getLast()[1]);
                    announced.addAll(b.next());
                }
                // Like a player that caught up with the live edge: the newest fragment, asked for as soon as it is
                // listed. Its tfrf must name the next one (the request waits for it): a Smooth client learns the
                // next chunk only from tfrf, and an empty one leaves it stuck at the edge for good.
                if (refreshes == 4 || refreshes == 7) {
                    long[] c = chunks.getLast();
                    long asked = System.nanoTime();
                    HttpResponse<byte[]> f = getBytes(folder + "QualityLevels(" + bitrates(video).getFirst()
                            + ")/Fragments(video=" + c[0] + ")");
                    long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
                    assertThat(f.statusCode()).isEqualTo(200);
                    SmoothBoxes b = SmoothBoxes.of(f.body());
                    assertThat(new long[] {b.time(), b.duration()}).containsExactly(c[0], c[1]);
                    assertThat(b.next()).as("tfrf of the newest fragment (answered after %d ms)", heldMillis).isNotEmpty();
                    assertThat(b.next().getFirst()[0]).as("the next chunk starts where the newest ends").isEqualTo(c[0] + c[1]);
                    System.out.printf("MSS newest fragment %d: answered after %d ms with %d tfrf entries%n", c[0],
                            heldMillis, b.next().size());
                    announced.addAll(b.next());
                }
            }
            assertThat(encoder.waitFor(30, TimeUnit.SECONDS)).as("encoder finished").isTrue();
            System.out.printf("MSS while live: %d refreshes, %d advanced, %d tfrf entries%n", refreshes, advances,
                    announced.size());
            assertThat(refreshes).isGreaterThanOrEqualTo(SECONDS / 2);
            // the held requests are visible to operators (they also count in the egress response time)
            assertThat(get("http://127.0.0.1:" + packager.adminPort() + "/metrics").body())
                    .containsPattern("wharf_mss_lookahead_hold_seconds_count\\{channel=\"news\",outcome=\"next\"} [1-9]");
            assertThat(advances).isGreaterThanOrEqualTo(SECONDS / 2 - 6);

            // After the end: an on-demand manifest with the whole presentation.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(DashLiveIT.parse(get(manifestUrl).body()).getDocumentElement().hasAttribute("IsLive")).isFalse());
            String body = get(manifestUrl).body();
            System.out.println("Smooth manifest:\n" + body);
            Element root = DashLiveIT.parse(body).getDocumentElement();
            // Every announced look-ahead is a chunk with the same duration.
            for (long[] a : announced) {
                assertThat(seen).as("tfrf entry %d", a[0]).containsEntry(a[0], a[1]);
            }
            int checked = 0;
            for (String type : List.of("video", "audio")) {
                Element s = stream(root, type);
                List<long[]> chunks = chunks(s);
                assertThat(chunks.size()).as("%s chunks", type).isBetween(SECONDS / 2 - 1, SECONDS / 2 + 2);
                assertThat(Long.parseLong(s.getAttribute("Chunks"))).isEqualTo(chunks.size());
                for (int i = 1; i < chunks.size(); i++) {
                    assertThat(chunks.get(i)[0]).as("%s chunk %d starts where %d ends", type, i, i - 1)
                            .isEqualTo(chunks.get(i - 1)[0] + chunks.get(i - 1)[1]);
                }
                List<Long> bitrates = bitrates(s);
                assertThat(bitrates).hasSize(type.equals("video") ? 2 : 1);
                for (int level = 0; level < bitrates.size(); level++) {
                    ByteArrayOutputStream file = new ByteArrayOutputStream();
                    file.write(smoothTimescale(getBytes(base + "cmaf/seg/news_" + (level + 1) + "_" + type.charAt(0)
                            + "_init_0.mp4").body()));
                    int samples = 0;
                    for (long[] c : chunks) {
                        String url = folder + s.getAttribute("Url").replace("{bitrate}", Long.toString(bitrates.get(level)))
                                .replace("{start time}", Long.toString(c[0]));
                        HttpResponse<byte[]> f = getBytes(url);
                        assertThat(f.statusCode()).as(url).isEqualTo(200);
                        SmoothBoxes b = SmoothBoxes.of(f.body());
                        assertThat(b.topLevel()).containsExactly("moof", "mdat");
                        assertThat(b.hasTfdt()).isFalse();
                        assertThat(new long[] {b.time(), b.duration(), b.trunDuration()}).as(url)
                                .containsExactly(c[0], c[1], c[1]);
                        samples += b.samples();
                        file.write(f.body());
                        checked++;
                    }
                    Path mp4 = Files.createTempFile("mss-" + type, ".mp4");
                    Files.write(mp4, file.toByteArray());
                    CmafLiveIT.Run decode = DashLiveIT.run(ExternalTools.ffmpeg().toString(), "-v", "error", "-nostdin",
                            "-i", mp4.toString(), "-f", "null", "-");
                    assertThat(decode.exit()).as(decode.output()).isZero();
                    assertThat(decode.output()).as("decoding the %s level %d fragments", type, level).isBlank();
                    CmafLiveIT.Run count = DashLiveIT.run(ExternalTools.ffprobe().toString(), "-v", "error",
                            "-count_packets", "-show_entries", "stream=nb_read_packets,width,height", "-of", "csv=p=0",
                            mp4.toString());
                    System.out.printf("%s level %d (%d bps): %d fragments, %d samples; ffprobe: %s", type, level,
                            bitrates.get(level), chunks.size(), samples, count.output());
                    assertThat(count.output()).contains(Integer.toString(samples));
                    if (type.equals("video")) {
                        assertThat(count.output()).contains(level == 0 ? "480,270" : "320,180");
                    }
                    Files.delete(mp4);
                }
            }
            System.out.printf("%d fragments match their chunks%n", checked);

            // Same URL, same bytes; FragmentInfo is the moof alone.
            Element video = stream(root, "video");
            String frag = folder + "QualityLevels(" + bitrates(video).get(1) + ")/Fragments(video=" + chunks(video).get(2)[0] + ")";
            byte[] once = getBytes(frag).body();
            assertThat(getBytes(frag).body()).isEqualTo(once);
            HttpResponse<byte[]> info = getBytes(frag.replace("/Fragments(", "/FragmentInfo("));
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(SmoothBoxes.of(info.body()).topLevel()).containsExactly("moof");

            // Bad requests: 404 with a reason.
            HttpResponse<String> unknownBitrate = get(folder + "QualityLevels(1234)/Fragments(video=" + chunks(video).get(2)[0] + ")");
            assertThat(unknownBitrate.statusCode()).isEqualTo(404);
            assertThat(unknownBitrate.body()).contains("bitrate 1234");
            HttpResponse<String> unknownTime = get(folder + "QualityLevels(" + bitrates(video).get(0) + ")/Fragments(video=12345)");
            assertThat(unknownTime.statusCode()).isEqualTo(404);
            assertThat(unknownTime.body()).contains("no video fragment at time 12345");
            for (String bad : List.of("index.ism/manifest", "index.ism/QualityLevels(x)/Fragments(video=1)",
                    "index.ism/QualityLevels(1)/Fragments(text=1)", "other.ism/Manifest", "index.mpd")) {
                HttpResponse<String> r = get(base + "mss/" + bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(404);
                assertThat(r.body()).as(bad).isNotBlank();
            }
        }
    }

    static Element stream(Element root, String type) {
        NodeList s = root.getElementsByTagName("StreamIndex");
        for (int i = 0; i < s.getLength(); i++) {
            Element e = (Element) s.item(i);
            if (e.getAttribute("Type").equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " StreamIndex");
    }

    /** The chunks of a StreamIndex: {t, d}, t implied by the previous chunk when absent. */
    static List<long[]> chunks(Element stream) {
        List<long[]> out = new ArrayList<>();
        NodeList c = stream.getElementsByTagName("c");
        long at = 0;
        for (int i = 0; i < c.getLength(); i++) {
            Element e = (Element) c.item(i);
            if (e.hasAttribute("t")) {
                at = Long.parseLong(e.getAttribute("t"));
            }
            long d = Long.parseLong(e.getAttribute("d"));
            out.add(new long[] {at, d});
            at += d;
        }
        return out;
    }

    static List<Long> bitrates(Element stream) {
        List<Long> out = new ArrayList<>();
        NodeList q = stream.getElementsByTagName("QualityLevel");
        for (int i = 0; i < q.getLength(); i++) {
            out.add(Long.parseLong(((Element) q.item(i)).getAttribute("Bitrate")));
        }
        return out;
    }

    /** A CMAF header with its mdhd timescale set to Smooth's 10 MHz (the test's decoding trick, see the class comment). */
    static byte[] smoothTimescale(byte[] init) {
        ByteBuffer b = ByteBuffer.wrap(init.clone());
        for (int p = 0; p + 8 <= init.length; p++) {
            if (init[p] == 'm' && init[p + 1] == 'd' && init[p + 2] == 'h' && init[p + 3] == 'd') {
                int payload = p + 4;
                int version = b.get(payload);
                b.putInt(payload + (version == 1 ? 20 : 12), 10_000_000);
                return b.array();
            }
        }
        throw new AssertionError("no mdhd in the init segment");
    }
}
