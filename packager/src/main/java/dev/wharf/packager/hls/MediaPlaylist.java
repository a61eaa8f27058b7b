package dev.wharf.packager.hls;

import java.util.List;

/**
 * A media playlist (RFC 8216 sections 4.3.2 and 4.3.3): a list of media segments.
 *
 * @param version               {@code EXT-X-VERSION} (section 4.3.1.2); 1 when absent
 * @param targetDurationSeconds {@code EXT-X-TARGETDURATION} (section 4.3.3.1); when absent, the
 *                              smallest value the segments allow (their longest duration rounded to
 *                              the nearest second, at least 1), or 0 without segments
 * @param mediaSequence         {@code EXT-X-MEDIA-SEQUENCE} (section 4.3.3.2); 0 when absent
 * @param discontinuitySequence {@code EXT-X-DISCONTINUITY-SEQUENCE} (section 4.3.3.3); 0 when absent
 * @param playlistType          {@code EXT-X-PLAYLIST-TYPE} (section 4.3.3.5): {@code EVENT}, {@code VOD} or null
 * @param endList               {@code EXT-X-ENDLIST} is present (section 4.3.3.4)
 * @param iframesOnly           {@code EXT-X-I-FRAMES-ONLY} is present (section 4.3.3.6)
 * @param map                   the {@code EXT-X-MAP} of the first segment (section 4.3.2.5); without
 *                              segments, the one in effect at the end; null when none
 * @param segments              the complete segments, in order; an {@code EXTINF} at the end of the
 *                              text with no URI yet (an upload caught mid-write) is left out
 * @param unknownTags           raw lines of playlist-level tags this model does not type, in order:
 *                              known ones ({@code EXT-X-INDEPENDENT-SEGMENTS}, {@code EXT-X-START},
 *                              {@code EXT-X-SERVER-CONTROL}, ...) wherever they sit, unknown ones that
 *                              precede the first segment; then unknown tags after the last segment
 *                              (those of a segment not written yet)
 */
public record MediaPlaylist(
        int version,
        long targetDurationSeconds,
        long mediaSequence,
        long discontinuitySequence,
        String playlistType,
        boolean endList,
        boolean iframesOnly,
        InitSection map,
        List<MediaSegment> segments,
        List<String> unknownTags) implements Playlist {

    public MediaPlaylist {
        segments = List.copyOf(segments);
        unknownTags = List.copyOf(unknownTags);
    }

    /** The sum of the segment durations, in microseconds. */
    public long durationMicros() {
        long total = 0;
        for (MediaSegment segment : segments) {
            total += segment.durationMicros();
        }
        return total;
    }
}
