package dev.wharf.packager.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a playback URL asks for, relative to the endpoint's folder
 * {@code /out/v1/{namespace}/{channel}/{endpoint}/}.
 */
public sealed interface PlaybackRequest {
    /** {@code {manifestName}.m3u8} */
    record MasterManifest() implements PlaybackRequest {}

    /** {@code {manifestName}_{rendition}.m3u8} */
    record MediaManifest(int rendition) implements PlaybackRequest {}

    /** {@code {manifestName}_{rendition}_{sequence}.{ext}} */
    record Segment(int rendition, long sequence, String extension) implements PlaybackRequest {}

    Pattern CHILD = Pattern.compile("_(\\d{1,4})(?:_(\\d{1,18}))?\\.([a-z0-9]{1,6})");

    /** Parses a file name of an endpoint with the given manifest name; null when it is none of ours. */
    static PlaybackRequest parse(String manifestName, String file) {
        if (file.equals(manifestName + ".m3u8")) {
            return new MasterManifest();
        }
        if (!file.startsWith(manifestName)) {
            return null;
        }
        Matcher m = CHILD.matcher(file).region(manifestName.length(), file.length());
        if (!m.matches()) {
            return null;
        }
        int rendition = Integer.parseInt(m.group(1));
        if (m.group(2) == null) {
            return m.group(3).equals("m3u8") ? new MediaManifest(rendition) : null;
        }
        return m.group(3).equals("m3u8") ? null : new Segment(rendition, Long.parseLong(m.group(2)), m.group(3));
    }
}
