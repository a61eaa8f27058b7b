package dev.wharf.packager.delivery;

import dev.wharf.packager.hls.Rendition;
import java.util.List;

/**
 * What playback of one channel needs, read from the store once per change: the active input, its
 * renditions in output order, and the closed-caption declarations of its master playlist.
 */
record ChannelSnapshot(String input, List<OutputRendition> renditions, List<Rendition> closedCaptions) {

    OutputRendition rendition(int index) {
        for (OutputRendition r : renditions) {
            if (r.index() == index) {
                return r;
            }
        }
        return null;
    }
}
