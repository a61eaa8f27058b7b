package dev.wharf.packager.delivery;

import dev.wharf.packager.hls.Rendition;
import dev.wharf.packager.hls.Variant;
import dev.wharf.packager.ingest.RenditionProbe;

/**
 * One child playlist an endpoint serves: a variant stream or an alternative rendition
 * (EXT-X-MEDIA with a URI), numbered from 1 in the order of the ingested master playlist so its
 * URL never depends on stream selection or order.
 *
 * @param index      the number in the output URL ({@code index_3.m3u8})
 * @param ingestPath the ingested child playlist it is built from (the timeline's rendition name)
 * @param variant    the ingested variant, or null for an alternative rendition
 * @param media      the ingested EXT-X-MEDIA rendition, or null for a variant
 * @param probe      codecs and size read from the segments, or null before the first segment
 */
public record OutputRendition(int index, String ingestPath, Variant variant, Rendition media, RenditionProbe probe) {
}
