package dev.wharf.packager.hls;

import java.util.List;

/**
 * One media segment of a media playlist: its URI line and the media segment tags that apply to it
 * (RFC 8216 section 4.3.2).
 *
 * @param uri                   the segment URI, as written (usually relative)
 * @param sequence              media sequence number: the playlist's {@code EXT-X-MEDIA-SEQUENCE}
 *                              plus the segment's index (section 4.3.3.2)
 * @param durationMicros        {@code EXTINF} duration (section 4.3.2.1) in microseconds, exact from
 *                              the decimal text ({@code 2.002000} is 2002000), rounded half up past
 *                              the sixth decimal
 * @param title                 {@code EXTINF} title, or null when empty
 * @param discontinuity         {@code EXT-X-DISCONTINUITY} precedes the segment (section 4.3.2.3)
 * @param programDateTimeMillis {@code EXT-X-PROGRAM-DATE-TIME} (section 4.3.2.6) as epoch
 *                              milliseconds, or -1 when absent; the tag may sit before or after the
 *                              {@code EXTINF} (ffmpeg writes it after), it applies to the next URI
 * @param byteRange             {@code EXT-X-BYTERANGE} (section 4.3.2.2), or null
 * @param map                   the {@code EXT-X-MAP} in effect (section 4.3.2.5), or null
 * @param key                   the {@code EXT-X-KEY} in effect (section 4.3.2.4), or null when none or
 *                              {@code METHOD=NONE}; of several in a row (one per KEYFORMAT), the last
 * @param tags                  raw lines, in order, of the cue and date-range tags before the segment
 *                              ({@code EXT-X-CUE-OUT}, {@code EXT-X-CUE-OUT-CONT}, {@code EXT-X-CUE-IN},
 *                              {@code EXT-X-DATERANGE} (section 4.3.2.7), {@code EXT-X-SCTE35},
 *                              {@code EXT-OATCLS-SCTE35}, {@code EXT-X-ASSET},
 *                              {@code EXT-X-SPLICEPOINT-SCTE35}) and of unknown tags between the
 *                              previous segment and this one
 * @param gap                   {@code EXT-X-GAP} is present (RFC 8216bis): the segment is missing
 */
public record MediaSegment(
        String uri,
        long sequence,
        long durationMicros,
        String title,
        boolean discontinuity,
        long programDateTimeMillis,
        ByteRange byteRange,
        InitSection map,
        Key key,
        List<String> tags,
        boolean gap) {

    public MediaSegment {
        tags = List.copyOf(tags);
    }

    /**
     * Whether a raw tag line of {@link #tags()} is one of the cue and ad tags (an unknown tag is not): what
     * {@code adMarkers: PASSTHROUGH} copies to the output.
     */
    public static boolean isAdMarker(String line) {
        return MediaPlaylistParser.isAdMarker(line);
    }
}
