package dev.wharf.packager.ingest;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.delivery.SegmentCache;
import dev.wharf.packager.demux.mp4.Fmp4Demuxer;
import dev.wharf.packager.demux.mp4.Fmp4Init;
import dev.wharf.packager.demux.mp4.Fmp4InitParser;
import dev.wharf.packager.demux.mp4.Mp4FormatException;
import dev.wharf.packager.demux.ts.DemuxResult;
import dev.wharf.packager.media.AvcSps;
import dev.wharf.packager.media.HevcParser;
import dev.wharf.packager.media.HevcSps;
import dev.wharf.packager.media.SpsParser;
import dev.wharf.packager.remux.Fmp4ToCmaf;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.TimelineEntry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fMP4 side of the ingest (HLS with {@code EXT-X-MAP}): init segment snapshots, media times and probes.
 *
 * <p>An encoder PUTs its init segment under a name of its choosing ({@code init.mp4}) and may PUT another init
 * under the same name later (a restart, a new encoding). A timeline entry must keep the init its segment was
 * encoded with, so when a playlist binds segments to an init, the init's bytes at that moment are stored once more
 * under {@code {path}@{first 16 hex digits of their SHA-256}}, with the channel's retention (rewritten while in
 * use), and that name is what the entry records ({@link dev.wharf.packager.store.TimelineEntry#initFile()}).
 * Equal bytes give the same name on every replica.
 */
final class Fmp4Ingest {
    /** Separates an init's path from its content hash in a snapshot name; never in an ingested file name's extension. */
    static final char SNAPSHOT_MARK = '@';
    private static final int MAX_PARSED = 256;

    private final SegmentStore store;
    private final SegmentCache cache;
    private final Map<String, Long> snapshotWrittenAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Fmp4Init> parsed = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Fmp4Init> eldest) {
                    return size() > MAX_PARSED;
                }
            });

    Fmp4Ingest(SegmentStore store, SegmentCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /**
     * The snapshot name of the init at {@code path}'s current bytes (stored under {@code storedKey}, see
     * {@link dev.wharf.packager.store.SegmentVersions}), stored if needed; null while it has not arrived.
     */
    String snapshot(Channel channel, String input, String path, String storedKey, long nowMillis) {
        byte[] bytes = bytes(channel, input, storedKey);
        if (bytes == null) {
            return null;
        }
        String name = snapshotName(path, bytes);
        // rewrite while in use so it outlives the retention of the last segment that needs it
        keep(channel, input, name, bytes, nowMillis);
        return name;
    }

    /**
     * The snapshot of {@code path} the rendition's last entry uses, kept stored, when the encoder's own copy of the
     * init has expired: encoders PUT an init once (ffmpeg does), so one retention into the stream its stored key and
     * index were gone and every later segment waited for an init that never came (the output froze). No PUT of that
     * path within the retention means the init has not changed, so the last snapshot still describes the segments.
     * Null when the last entry used another init or its snapshot is gone too.
     */
    String lastSnapshot(Channel channel, String input, String rendition, String path, long nowMillis) {
        List<TimelineEntry> last = store.lastEntries(channel.key(), input, rendition, 1);
        if (last.isEmpty()) {
            return null;
        }
        String name = last.getFirst().initFile();
        int mark = name.lastIndexOf(SNAPSHOT_MARK);
        if (mark < 0 || !name.substring(0, mark).equals(path)) {
            return null;
        }
        byte[] bytes = bytes(channel, input, name);
        if (bytes == null) {
            return null;
        }
        keep(channel, input, name, bytes, nowMillis);
        return name;
    }

    /** Rewrites a snapshot (content-addressed, so no race) at most every quarter retention, so it outlives its users. */
    private void keep(Channel channel, String input, String name, byte[] bytes, long nowMillis) {
        String key = IngestService.cacheKey(channel, input, name);
        Long written = snapshotWrittenAt.get(key);
        if (written == null || nowMillis - written > channel.retention().toMillis() / 4) {
            if (snapshotWrittenAt.size() > 10_000) {
                snapshotWrittenAt.clear();
            }
            store.putFile(channel.key(), input, name, bytes, channel.retention());
            cache.put(key, bytes);
            snapshotWrittenAt.put(key, nowMillis);
        }
    }

    static String snapshotName(String path, byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return path + SNAPSHOT_MARK + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parsed init of a snapshot, or null when gone or unusable. */
    Fmp4Init init(Channel channel, String input, String snapshot) {
        String key = IngestService.cacheKey(channel, input, snapshot);
        Fmp4Init init = parsed.get(key);
        if (init == null) {
            byte[] bytes = bytes(channel, input, snapshot);
            if (bytes == null) {
                return null;
            }
            try {
                init = Fmp4InitParser.parse(bytes);
            } catch (Mp4FormatException e) {
                return null;
            }
            parsed.put(key, init);
        }
        return init;
    }

    /** The first presentation time of an fMP4 segment at 90 kHz, -1 when unknown. */
    long mediaTime(Channel channel, String input, String file, String snapshot) {
        Fmp4Init init = init(channel, input, snapshot);
        byte[] bytes = init == null ? null : bytes(channel, input, file);
        return bytes == null ? -1 : Fmp4ToCmaf.firstPresentationTime90k(init, bytes);
    }

    /** What the manifests need to know of a rendition, from its init and one of its segments; null when unknown. */
    RenditionProbe probe(Channel channel, String input, String file, String snapshot) {
        Fmp4Init init = init(channel, input, snapshot);
        byte[] bytes = init == null ? null : bytes(channel, input, file);
        if (bytes == null) {
            return null;
        }
        DemuxResult d = Fmp4Demuxer.demux(init, bytes);
        double fps = 0;
        for (TrackFormat f : init.formats()) {
            if (f.kind() == TrackFormat.Kind.VIDEO) {
                fps = frameRate(f, d.samples(f.trackId()));
                break;
            }
        }
        return RenditionProbe.of(init.formats(), fps);
    }

    /** The SPS's VUI frame rate, else the typical sample duration's. */
    static double frameRate(TrackFormat f, List<Sample> samples) {
        for (byte[] nal : f.parameterSets()) {
            double rate = 0;
            if (f.codec().startsWith("avc") && nal.length > 0 && (nal[0] & 0x1F) == 7) {
                AvcSps p = SpsParser.parseNal(nal, 0, nal.length);
                rate = p == null ? 0 : p.frameRate();
            } else if (!f.codec().startsWith("avc") && nal.length > 1 && (nal[0] >> 1 & 0x3F) == 33) {
                HevcSps p = HevcParser.parseSpsNal(nal, 0, nal.length);
                rate = p == null ? 0 : p.frameRate();
            }
            if (rate > 0) {
                return rate;
            }
        }
        if (samples.size() < 2) {
            return 0;
        }
        int[] durations = samples.stream().mapToInt(Sample::duration).filter(d -> d > 0).sorted().toArray();
        if (durations.length == 0) {
            return 0;
        }
        double fps = (double) f.timescale() / durations[durations.length / 2];
        return Math.round(fps * 1000) / 1000.0;
    }

    private byte[] bytes(Channel channel, String input, String file) {
        byte[] hot = cache.get(IngestService.cacheKey(channel, input, file));
        return hot != null ? hot : store.getFile(channel.key(), input, file).orElse(null);
    }

}
