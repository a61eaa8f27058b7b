package dev.wharf.packager.hls;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A variant stream: an {@code EXT-X-STREAM-INF} tag and the URI line after it (RFC 8216 section
 * 4.3.4.2), or an {@code EXT-X-I-FRAME-STREAM-INF} tag, whose URI is an attribute (section 4.3.4.3).
 *
 * <p>Typed fields hold the attribute's value (quoted strings without their quotes); the raw
 * attribute list stays in {@link #attributes} for anything not typed here (HDCP-LEVEL,
 * VIDEO-RANGE, ...).
 *
 * @param uri              the media playlist URI, as written (usually relative)
 * @param bandwidth        BANDWIDTH, peak bits per second; required
 * @param averageBandwidth AVERAGE-BANDWIDTH, or -1 when absent
 * @param codecs           CODECS (RFC 6381 list, e.g. {@code avc1.64001f,mp4a.40.2}), or null
 * @param width            RESOLUTION width in pixels, or 0 when absent
 * @param height           RESOLUTION height in pixels, or 0 when absent
 * @param frameRate        FRAME-RATE, or 0 when absent (a rate, not a duration: double is fine)
 * @param audioGroup       AUDIO group id, or null
 * @param videoGroup       VIDEO group id, or null
 * @param subtitlesGroup   SUBTITLES group id, or null
 * @param closedCaptions   CLOSED-CAPTIONS: the group id, or {@code NONE}; null when absent
 * @param attributes       every attribute in playlist order, values raw as written (quoted strings
 *                         keep their quotes, see {@link AttributeList})
 */
public record Variant(
        String uri,
        long bandwidth,
        long averageBandwidth,
        String codecs,
        int width,
        int height,
        double frameRate,
        String audioGroup,
        String videoGroup,
        String subtitlesGroup,
        String closedCaptions,
        Map<String, String> attributes) {

    public Variant {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
