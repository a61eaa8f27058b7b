package dev.wharf.packager.text;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WebVTT segments of an HLS subtitles rendition (W3C WebVTT; RFC 8216 3.5), rewritten for output.
 *
 * <p>A cue time {@code L} of a segment maps to the media (MPEG-2 TS PES) time line through its
 * {@code X-TIMESTAMP-MAP=MPEGTS:m,LOCAL:l} header: {@code pts = m + (L - l)} in 90 kHz ticks. An ingested
 * segment without the header (ffmpeg 5.1's HLS muxer writes none) is given {@link #FFMPEG_MPEGTS_OFFSET}:
 * ffmpeg's WebVTT cue times are its output time line, which its MPEG-TS muxer writes shifted by 1.4 s
 * (126000 ticks: the default {@code max_delay} of 0.7 s, doubled), so {@code LOCAL:0} is {@code MPEGTS:126000}.
 *
 * <p>Everything else (cue text, settings, identifiers, NOTE/STYLE/REGION blocks) is kept byte for byte.
 * Pure functions of the ingested bytes: every replica gives the same output.
 */
public final class WebVtt {
    /** The PES time of ffmpeg's output time 0: its MPEG-TS muxer's default offset of 1.4 s. */
    public static final long FFMPEG_MPEGTS_OFFSET = 126_000;
    private static final long WRAP = 1L << 33;
    private static final Pattern MAP = Pattern.compile("X-TIMESTAMP-MAP=(.*)");
    private static final Pattern TIMESTAMP = Pattern.compile("(?:(\\d{2,}):)?(\\d{2}):(\\d{2})\\.(\\d{3})");
    private static final Pattern TIMING =
            Pattern.compile("^(\\S+)([ \\t]+-->[ \\t]+)(\\S+)(.*)$");

    private WebVtt() {}

    /** The mapping of a segment's cue times to 90 kHz media time: {@code pts = mpegts + (local - localMillis) * 90}. */
    public record TimestampMap(long mpegts, long localMillis) {
        public static final TimestampMap FFMPEG = new TimestampMap(FFMPEG_MPEGTS_OFFSET, 0);

        /** The 33-bit media time of a cue time, in 90 kHz ticks (may be negative or past 2^33 before reduction). */
        long ticks90k(long cueMillis) {
            return mpegts + (cueMillis - localMillis) * 90;
        }
    }

    /** Whether the bytes start with the WebVTT signature (after an optional UTF-8 BOM). */
    public static boolean isWebVtt(byte[] b) {
        String s = text(b);
        return s.startsWith("WEBVTT") && (s.length() == 6 || s.charAt(6) == ' ' || s.charAt(6) == '\t'
                || s.charAt(6) == '\n' || s.charAt(6) == '\r');
    }

    /** The segment's {@code X-TIMESTAMP-MAP}, or null when it has none (or an unreadable one). */
    public static TimestampMap timestampMap(byte[] vtt) {
        for (String line : header(text(vtt))) {
            Matcher m = MAP.matcher(line);
            if (m.matches()) {
                return parseMap(m.group(1));
            }
        }
        return null;
    }

    private static TimestampMap parseMap(String value) {
        long mpegts = -1;
        long local = -1;
        for (String part : value.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                return null;
            }
            String key = part.substring(0, colon).trim();
            String v = part.substring(colon + 1).trim();
            if (key.equals("MPEGTS")) {
                try {
                    mpegts = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return null;
                }
            } else if (key.equals("LOCAL")) {
                local = millis(v);
            }
        }
        return mpegts < 0 || local < 0 ? null : new TimestampMap(mpegts, local);
    }

    /**
     * The segment for HLS output (TS or fMP4 playlists): as ingested when it has an {@code X-TIMESTAMP-MAP},
     * else with {@code X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000} inserted after the signature line
     * (see {@link #FFMPEG_MPEGTS_OFFSET}), so players place its cues on the video's time line.
     */
    public static byte[] forHls(byte[] vtt) {
        if (!isWebVtt(vtt) || timestampMap(vtt) != null) {
            return vtt;
        }
        String s = text(vtt);
        int eol = lineEnd(s, 0);
        String nl = newline(s, eol);
        if (nl.isEmpty()) {
            nl = "\n";
        }
        String out = s.substring(0, eol) + nl + "X-TIMESTAMP-MAP=MPEGTS:" + FFMPEG_MPEGTS_OFFSET + ",LOCAL:00:00:00.000"
                + s.substring(eol);
        return out.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A cue: identifier (or null), times in the segment's local milliseconds, settings (or "") and payload text
     * (its lines joined with {@code \n}).
     */
    public record Cue(String id, long startMillis, long endMillis, String settings, String payload) {}

    /** The cues of a segment, in order (NOTE, STYLE and REGION blocks and malformed blocks are skipped). */
    public static java.util.List<Cue> cues(byte[] vtt) {
        java.util.List<Cue> out = new java.util.ArrayList<>();
        if (!isWebVtt(vtt)) {
            return out;
        }
        String[] lines = text(vtt).split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length && !lines[i].isEmpty()) {
            i++; // header
        }
        while (i < lines.length) {
            while (i < lines.length && lines[i].isEmpty()) {
                i++;
            }
            int start = i;
            while (i < lines.length && !lines[i].isEmpty()) {
                i++;
            }
            if (start == i) {
                break;
            }
            int timing = lines[start].contains("-->") ? start : start + 1 < i && lines[start + 1].contains("-->") ? start + 1 : -1;
            if (timing < 0 || lines[start].startsWith("NOTE")) {
                continue;
            }
            Matcher t = TIMING.matcher(lines[timing]);
            if (!t.matches() || millis(t.group(1)) < 0 || millis(t.group(3)) < 0) {
                continue;
            }
            String settings = t.group(4).strip();
            String payload = String.join("\n", java.util.Arrays.asList(lines).subList(timing + 1, i));
            out.add(new Cue(timing > start ? lines[start] : null, millis(t.group(1)), millis(t.group(3)), settings,
                    payload));
        }
        return out;
    }

    /**
     * The media time (90 kHz, unwrapped to the value nearest {@code nearTicks90k}) of a segment's cue time.
     */
    public static long mediaTime(TimestampMap map, long cueMillis, long nearTicks90k) {
        long pts = map.ticks90k(cueMillis);
        long delta = Math.floorMod(pts - nearTicks90k, WRAP);
        if (delta >= WRAP / 2) {
            delta -= WRAP;
        }
        return nearTicks90k + delta;
    }

    /** Milliseconds of a WebVTT timestamp {@code (hh:)mm:ss.ttt}, or -1 when it is not one. */
    static long millis(String ts) {
        Matcher m = TIMESTAMP.matcher(ts);
        if (!m.matches()) {
            return -1;
        }
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        return ((h * 60 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3))) * 1000
                + Long.parseLong(m.group(4));
    }

    /** A WebVTT timestamp, always with hours: {@code 00:00:07.250}. */
    static String format(long millis) {
        long ms = millis % 1000;
        long s = millis / 1000;
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", s / 3600, (s / 60) % 60, s % 60, ms);
    }

    private static String text(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static java.util.List<String> header(String s) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        int pos = 0;
        while (pos < s.length()) {
            int eol = lineEnd(s, pos);
            String line = s.substring(pos, eol);
            if (line.isEmpty()) {
                break;
            }
            lines.add(line);
            pos = eol + newline(s, eol).length();
        }
        return lines;
    }

    private static int lineEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private static String newline(String s, int eol) {
        if (eol >= s.length()) {
            return "";
        }
        if (s.charAt(eol) == '\r') {
            return eol + 1 < s.length() && s.charAt(eol + 1) == '\n' ? "\r\n" : "\r";
        }
        return "\n";
    }
}
