package dev.wharf.packager.hls;

import java.util.List;

/**
 * A master playlist (RFC 8216 section 4.3.4): the variant streams and renditions of a presentation.
 *
 * @param variants            {@code EXT-X-STREAM-INF} variants (section 4.3.4.2), in playlist order
 * @param renditions          {@code EXT-X-MEDIA} renditions (section 4.3.4.1), in playlist order
 * @param iframeVariants      {@code EXT-X-I-FRAME-STREAM-INF} variants (section 4.3.4.3), in order
 * @param independentSegments {@code EXT-X-INDEPENDENT-SEGMENTS} is present (section 4.3.5.1)
 * @param unknownTags         raw lines of the tags this model does not type, in order: unknown tags
 *                            and known ones without a field ({@code EXT-X-VERSION},
 *                            {@code EXT-X-SESSION-DATA}, {@code EXT-X-SESSION-KEY}, {@code EXT-X-START},
 *                            and media playlist tags a master should not carry)
 */
public record MasterPlaylist(
        List<Variant> variants,
        List<Rendition> renditions,
        List<Variant> iframeVariants,
        boolean independentSegments,
        List<String> unknownTags) implements Playlist {

    public MasterPlaylist {
        variants = List.copyOf(variants);
        renditions = List.copyOf(renditions);
        iframeVariants = List.copyOf(iframeVariants);
        unknownTags = List.copyOf(unknownTags);
    }
}
