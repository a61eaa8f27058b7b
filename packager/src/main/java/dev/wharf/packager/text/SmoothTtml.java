package dev.wharf.packager.text;

import dev.wharf.packager.mux.mp4.SmoothFragmentWriter;
import dev.wharf.packager.sample.Sample;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * WebVTT cues as the TTML documents of a Smooth Streaming text stream (MS-SSTR: {@code StreamIndex Type="text"},
 * {@code QualityLevel FourCC="TTML"}; each fragment's {@code mdat} is one TTML document).
 *
 * <p>A fragment covers {@code [start, end)} of the video's media time line (the same ranges as the DASH
 * {@code wvtt} track, {@link WvttFragments}); the cues active in it are clipped to it and written as {@code <p>}
 * elements with {@code begin}/{@code end} in ticks of {@code ttp:tickRate="10000000"}, relative to the fragment's
 * start (its {@code tfxd} time, the manifest's chunk {@code t}): dash.js's MSS module reads Smooth TTML times as
 * relative to the sample ({@code manifest.ttmlTimeIsRelative}); absolute times put every cue one fragment start late
 * (docs/players.md). Cue text keeps its words and
 * line breaks ({@code <br/>}); WebVTT markup ({@code <i>}, {@code <v Name>}, ...) is dropped, its character
 * references decoded, and the result escaped for XML. Settings and identifiers are dropped (no TTML region is
 * declared). Pure: the same segment and range give the same bytes.
 */
public final class SmoothTtml {
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private SmoothTtml() {}

    /**
     * The TTML document of a fragment.
     *
     * @param startTicks90k the fragment's start (media time, unwrapped)
     * @param endTicks90k   its end; {@code > startTicks90k}
     * @param language      {@code xml:lang}, or null ("und")
     */
    public static String document(byte[] vtt, long startTicks90k, long endTicks90k, String language) {
        WebVtt.TimestampMap map = WebVtt.timestampMap(vtt);
        if (map == null) {
            map = WebVtt.TimestampMap.FFMPEG;
        }
        StringBuilder b = new StringBuilder(512);
        b.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        b.append("<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\"")
                .append(" ttp:tickRate=\"").append(SmoothFragmentWriter.TIMESCALE).append('"')
                .append(" xml:lang=\"").append(escape(language == null ? "und" : language)).append("\">\n");
        b.append("  <body>\n    <div>\n");
        for (WebVtt.Cue c : WebVtt.cues(vtt)) {
            long s = Math.max(startTicks90k, WebVtt.mediaTime(map, c.startMillis(), startTicks90k));
            long e = Math.min(endTicks90k, WebVtt.mediaTime(map, c.endMillis(), startTicks90k));
            if (e <= s) {
                continue;
            }
            long origin = hns(startTicks90k);
            b.append("      <p begin=\"").append(hns(s) - origin).append("t\" end=\"").append(hns(e) - origin)
                    .append("t\">");
            String[] lines = c.payload().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    b.append("<br/>");
                }
                b.append(escape(plain(lines[i])));
            }
            b.append("</p>\n");
        }
        b.append("    </div>\n  </body>\n</tt>\n");
        return b.toString();
    }

    /**
     * The Smooth fragment: one sample, the TTML document, over {@code [start, end)} in 10 MHz; {@code tfxd} its
     * chunk, {@code tfrf} {@code next}.
     */
    public static byte[] fragment(byte[] vtt, long sequenceNumber, long startTicks90k, long endTicks90k,
                                  String language, List<SmoothFragmentWriter.Chunk> next) {
        byte[] doc = document(vtt, startTicks90k, endTicks90k, language).getBytes(StandardCharsets.UTF_8);
        Sample s = new Sample(1, startTicks90k, 0, Math.toIntExact(endTicks90k - startTicks90k), true, doc, 0,
                doc.length);
        return SmoothFragmentWriter.write(sequenceNumber, 1, WvttFragments.TIMESCALE, List.of(s), next);
    }

    private static long hns(long ticks90k) {
        return SmoothFragmentWriter.toHns(ticks90k, WvttFragments.TIMESCALE);
    }

    /** A cue text line without WebVTT markup, its character references decoded. */
    static String plain(String line) {
        String s = TAG.matcher(line).replaceAll("");
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00A0").replace("&lrm;", "\u200E")
                .replace("&rlm;", "\u200F").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
