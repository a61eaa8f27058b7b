package dev.wharf.packager.hls;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An alternative rendition: one {@code EXT-X-MEDIA} tag (RFC 8216 section 4.3.4.1), member of the
 * rendition group {@link #groupId} (section 4.3.4.1.1).
 *
 * @param type            TYPE: {@code AUDIO}, {@code VIDEO}, {@code SUBTITLES} or {@code CLOSED-CAPTIONS}
 * @param groupId         GROUP-ID
 * @param name            NAME, or null when absent
 * @param language        LANGUAGE (RFC 5646 tag), or null
 * @param uri             URI of the rendition's media playlist; null for closed captions and for
 *                        renditions muxed into the variant's own segments
 * @param isDefault       DEFAULT=YES
 * @param autoselect      AUTOSELECT=YES
 * @param forced          FORCED=YES
 * @param instreamId      INSTREAM-ID ({@code CC1}..{@code CC4}, {@code SERVICE1}..), or null
 * @param characteristics CHARACTERISTICS, or null
 * @param channels        CHANNELS (e.g. {@code 2}, {@code 16/JOC}), or null
 * @param attributes      every attribute in playlist order, values raw as written
 */
public record Rendition(
        String type,
        String groupId,
        String name,
        String language,
        String uri,
        boolean isDefault,
        boolean autoselect,
        boolean forced,
        String instreamId,
        String characteristics,
        String channels,
        Map<String, String> attributes) {

    public Rendition {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
