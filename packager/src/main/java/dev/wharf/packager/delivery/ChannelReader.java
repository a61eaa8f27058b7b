package dev.wharf.packager.delivery;

import static dev.wharf.packager.ingest.IngestService.META_MASTER;
import static dev.wharf.packager.ingest.IngestService.META_MASTER_TEXT;
import static dev.wharf.packager.ingest.IngestService.META_PROBE_PREFIX;
import static dev.wharf.packager.ingest.IngestService.META_RENDITION_PREFIX;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.failover.ChannelTimeline;
import dev.wharf.packager.hls.MasterPlaylist;
import dev.wharf.packager.hls.Playlist;
import dev.wharf.packager.hls.PlaylistParseException;
import dev.wharf.packager.hls.PlaylistParser;
import dev.wharf.packager.hls.Rendition;
import dev.wharf.packager.hls.Variant;
import dev.wharf.packager.ingest.RenditionProbe;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.timeline.IngestPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a channel's playback model from the store (on a cache miss only): the renditions come from
 * the master playlist of the channel's active input; their timelines are the channel's output
 * timelines ({@link ChannelTimeline#OUTPUT}).
 */
final class ChannelReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SegmentStore store;
    private final ChannelTimeline decisions;

    ChannelReader(SegmentStore store, ChannelTimeline decisions) {
        this.store = store;
        this.decisions = decisions;
    }

    ChannelSnapshot read(Channel channel) {
        String active = decisions.decision(channel).activeInput();
        if (active.isEmpty() || channel.input(active).isEmpty()) {
            return new ChannelSnapshot(null, List.of(), List.of());
        }
        return snapshot(channel, active, store.meta(channel.key(), active));
    }

    private ChannelSnapshot snapshot(Channel channel, String input, Map<String, String> meta) {
        List<OutputRendition> out = new ArrayList<>();
        List<Rendition> captions = new ArrayList<>();
        MasterPlaylist master = master(channel, input, meta);
        if (master != null) {
            String masterFile = meta.get(META_MASTER);
            int index = 1;
            for (Variant v : master.variants()) {
                String path = IngestPaths.resolve(masterFile, v.uri());
                out.add(new OutputRendition(index++, path, v, null, probe(meta, path)));
            }
            for (Rendition r : master.renditions()) {
                if (r.uri() == null) {
                    if (r.type().equals("CLOSED-CAPTIONS")) {
                        captions.add(r);
                    }
                    continue;
                }
                String path = IngestPaths.resolve(masterFile, r.uri());
                out.add(new OutputRendition(index++, path, null, r, probe(meta, path)));
            }
        } else {
            // No master pushed: every media playlist is a variant, in name order.
            TreeSet<String> paths = new TreeSet<>();
            for (String field : meta.keySet()) {
                if (field.startsWith(META_RENDITION_PREFIX)) {
                    paths.add(field.substring(META_RENDITION_PREFIX.length()));
                }
            }
            int index = 1;
            for (String path : paths) {
                out.add(new OutputRendition(index++, path, null, null, probe(meta, path)));
            }
        }
        return new ChannelSnapshot(input, List.copyOf(out), List.copyOf(captions));
    }

    private MasterPlaylist master(Channel channel, String input, Map<String, String> meta) {
        String file = meta.get(META_MASTER);
        if (file == null) {
            return null;
        }
        // the text kept with the metadata; the stored file for what an older packager ingested
        String text = meta.get(META_MASTER_TEXT);
        byte[] bytes = text != null ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : store.getFile(channel.key(), input, file).orElse(null);
        if (bytes == null) {
            return null;
        }
        try {
            Playlist p = PlaylistParser.parse(bytes);
            return p instanceof MasterPlaylist m ? m : null;
        } catch (PlaylistParseException e) {
            return null;
        }
    }

    private static RenditionProbe probe(Map<String, String> meta, String path) {
        String json = meta.get(META_PROBE_PREFIX + path);
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, RenditionProbe.class);
        } catch (IOException e) {
            return null;
        }
    }
}
