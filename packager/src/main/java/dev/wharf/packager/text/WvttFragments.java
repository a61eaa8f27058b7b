package dev.wharf.packager.text;

import dev.wharf.packager.mux.mp4.FragmentWriter;
import dev.wharf.packager.mux.mp4.InitSegmentWriter;
import dev.wharf.packager.mux.mp4.TrackRun;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * WebVTT in ISO BMFF (ISO/IEC 14496-30): a WebVTT segment becomes one fragment of a {@code wvtt} track, timescale
 * 90 kHz on the video's media time line (so a DASH {@code presentationTimeOffset} works as for the video).
 *
 * <p>The fragment covers {@code [start, end)} without gaps: the cue boundaries cut it into samples; a sample
 * holds one {@code vttc} box per cue active over it (7.2: {@code iden} with the cue identifier, {@code sttg}
 * with its settings, {@code payl} with its text, in that order) or a single {@code vtte} box when none is.
 * Cue times come from the segment's {@code X-TIMESTAMP-MAP} (else ffmpeg's; see {@link WebVtt}); cues are
 * clipped to the fragment. Pure: the same segment and range give the same bytes.
 */
public final class WvttFragments {
    public static final int TIMESCALE = 90_000;

    private WvttFragments() {}

    /** The track: track_ID 1 (single-track CMAF), {@code wvtt} sample entry with the {@code WEBVTT} header. */
    public static TrackFormat format(String language) {
        return new TrackFormat(1, TrackFormat.Kind.SUBTITLES, "wvtt", TIMESCALE, 0, 0, 0, 0,
                language == null ? "und" : language, "WEBVTT".getBytes(StandardCharsets.UTF_8), List.of());
    }

    public static byte[] init(String language) {
        return InitSegmentWriter.write(List.of(format(language)));
    }

    /**
     * @param startTicks90k the fragment's decode time (media time, unwrapped)
     * @param endTicks90k   its end; {@code > startTicks90k}
     */
    public static byte[] fragment(byte[] vtt, long sequenceNumber, long startTicks90k, long endTicks90k,
                                  String language) {
        return FragmentWriter.write(sequenceNumber & 0xFFFF_FFFFL,
                List.of(TrackRun.of(format(language), samples(vtt, startTicks90k, endTicks90k))));
    }

    /** The samples of {@code [start, end)}. */
    public static List<Sample> samples(byte[] vtt, long startTicks90k, long endTicks90k) {
        WebVtt.TimestampMap map = WebVtt.timestampMap(vtt);
        if (map == null) {
            map = WebVtt.TimestampMap.FFMPEG;
        }
        record Timed(WebVtt.Cue cue, long start, long end) {}
        List<Timed> timed = new ArrayList<>();
        TreeSet<Long> cuts = new TreeSet<>(List.of(startTicks90k, endTicks90k));
        for (WebVtt.Cue c : WebVtt.cues(vtt)) {
            long s = Math.max(startTicks90k, WebVtt.mediaTime(map, c.startMillis(), startTicks90k));
            long e = Math.min(endTicks90k, WebVtt.mediaTime(map, c.endMillis(), startTicks90k));
            if (e > s) {
                timed.add(new Timed(c, s, e));
                cuts.add(s);
                cuts.add(e);
            }
        }
        List<Sample> out = new ArrayList<>();
        Long prev = null;
        for (long cut : cuts) {
            if (prev != null) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (Timed t : timed) {
                    if (t.start() <= prev && t.end() >= cut) {
                        vttc(b, t.cue());
                    }
                }
                if (b.size() == 0) {
                    box(b, "vtte", new byte[0]);
                }
                byte[] data = b.toByteArray();
                out.add(new Sample(1, prev, 0, (int) (cut - prev), true, data, 0, data.length));
            }
            prev = cut;
        }
        return out;
    }

    /** {@code VTTCueBox} (14496-30 7.2.3). */
    static void vttc(ByteArrayOutputStream out, WebVtt.Cue cue) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        if (cue.id() != null && !cue.id().isEmpty()) {
            box(inner, "iden", cue.id().getBytes(StandardCharsets.UTF_8));
        }
        if (!cue.settings().isEmpty()) {
            box(inner, "sttg", cue.settings().getBytes(StandardCharsets.UTF_8));
        }
        box(inner, "payl", cue.payload().getBytes(StandardCharsets.UTF_8));
        box(out, "vttc", inner.toByteArray());
    }

    static void box(ByteArrayOutputStream out, String fourcc, byte[] payload) {
        int size = 8 + payload.length;
        out.write(size >>> 24);
        out.write(size >>> 16);
        out.write(size >>> 8);
        out.write(size);
        out.writeBytes(fourcc.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
    }
}
