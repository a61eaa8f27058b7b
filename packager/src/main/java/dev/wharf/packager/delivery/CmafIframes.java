package dev.wharf.packager.delivery;

import dev.wharf.api.v1.CmafHlsManifestSpec;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.channel.CmafDefaults;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import dev.wharf.packager.channel.Endpoint;
import dev.wharf.packager.remux.TsToCmaf;
import dev.wharf.packager.sample.TrackFormat;
import dev.wharf.packager.store.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hlsManifests[].includeIframeOnlyStream} on the CMAF endpoint: an I-frame-only playlist per video rendition
 * (RFC 8216 4.3.3.6, {@code EXT-X-I-FRAMES-ONLY}) over the very fragments the media playlist lists (pass-through or
 * re-segmented, {@link CmafResegmenter}), and its {@code EXT-X-I-FRAME-STREAM-INF} line in the master.
 *
 * <p>Each fragment starts with a keyframe (every input segment does), so each fragment gives one I-frame entry: its
 * {@code EXT-X-BYTERANGE} runs from the {@code moof} through the {@code mdat} header to the end of the first
 * sample's data (the I-frame), so the range alone is a decodable fragment of one sample after the
 * {@code EXT-X-MAP} init. {@code EXTINF} is the fragment's duration (the time to the next listed I-frame). A
 * re-segmented fragment holds more keyframes, but only the first directly follows the {@code moof}: one entry per
 * fragment there too (one I-frame per output segment).
 *
 * <p>URL, next to the media playlists: {@code {manifestName}_{rendition}_iframes.m3u8}.
 */
final class CmafIframes {
    private static final Pattern PLAYLIST = Pattern.compile("_(\\d{1,4})_iframes\\.m3u8");

    /** One listed fragment: its URI (relative to the playlists), bytes, duration, and init URI. */
    record Fragment(String uri, byte[] bytes, long durationMicros, boolean discontinuity, String initUri) {}

    /** The I-frame of a fragment: the byte range from its {@code moof} to the end of its first sample. */
    record Range(long offset, long length) {}

    private CmafIframes() {}

    /** The rendition an I-frame playlist name asks for, or -1. */
    static int parse(String manifestName, String file) {
        if (!file.startsWith(manifestName)) {
            return -1;
        }
        Matcher m = PLAYLIST.matcher(file).region(manifestName.length(), file.length());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static String uri(String manifestName, int rendition) {
        return manifestName + "_" + rendition + "_iframes.m3u8";
    }

    /**
     * The I-frame range of a one-track CMAF fragment ({@code [styp] moof mdat}), or null when its first sample is
     * not a sync sample or the boxes are not what {@code FragmentWriter} writes.
     */
    static Range iframe(byte[] fragment) {
        ByteBuffer b = ByteBuffer.wrap(fragment);
        int p = 0;
        while (p + 8 <= fragment.length) {
            long size = Integer.toUnsignedLong(b.getInt(p));
            if (size < 8 || p + size > fragment.length) {
                return null;
            }
            if (type(fragment, p).equals("moof")) {
                return moof(b, fragment, p, (int) size);
            }
            p += (int) size;
        }
        return null;
    }

    private static Range moof(ByteBuffer b, byte[] f, int moof, int moofSize) {
        int traf = child(b, f, moof + 8, moof + moofSize, "traf");
        if (traf < 0) {
            return null;
        }
        int trafEnd = traf + b.getInt(traf);
        int tfhd = child(b, f, traf + 8, trafEnd, "tfhd");
        int trun = child(b, f, traf + 8, trafEnd, "trun");
        if (tfhd < 0 || trun < 0) {
            return null;
        }
        int tfhdFlags = b.getInt(tfhd + 8) & 0xFFFFFF;
        if ((tfhdFlags & 0x01) != 0) {
            return null; // base_data_offset: not relative to the moof
        }
        int q = tfhd + 16; // after track_ID
        long defaultSize = 0;
        int defaultFlags = 0;
        if ((tfhdFlags & 0x02) != 0) {
            q += 4;
        }
        if ((tfhdFlags & 0x08) != 0) {
            q += 4;
        }
        if ((tfhdFlags & 0x10) != 0) {
            defaultSize = Integer.toUnsignedLong(b.getInt(q));
            q += 4;
        }
        if ((tfhdFlags & 0x20) != 0) {
            defaultFlags = b.getInt(q);
        }
        int flags = b.getInt(trun + 8) & 0xFFFFFF;
        long count = Integer.toUnsignedLong(b.getInt(trun + 12));
        if (count == 0 || (flags & 0x01) == 0) {
            return null;
        }
        q = trun + 16;
        int dataOffset = b.getInt(q);
        q += 4;
        int sampleFlags = defaultFlags;
        if ((flags & 0x04) != 0) {
            sampleFlags = b.getInt(q);
            q += 4;
        }
        if ((flags & 0x100) != 0) {
            q += 4;
        }
        long firstSize = defaultSize;
        if ((flags & 0x200) != 0) {
            firstSize = Integer.toUnsignedLong(b.getInt(q));
            q += 4;
        }
        if ((flags & 0x400) != 0 && (flags & 0x04) == 0) {
            sampleFlags = b.getInt(q);
        }
        if ((sampleFlags & 0x00010000) != 0) {
            return null; // sample_is_non_sync_sample
        }
        long length = dataOffset + firstSize;
        if (dataOffset < moofSize + 8 || moof + length > f.length) {
            return null;
        }
        return new Range(moof, length);
    }

    private static int child(ByteBuffer b, byte[] f, int from, int to, String type) {
        int p = from;
        while (p + 8 <= to) {
            int size = b.getInt(p);
            if (size < 8) {
                return -1;
            }
            if (type(f, p).equals(type)) {
                return p;
            }
            p += size;
        }
        return -1;
    }

    private static String type(byte[] f, int p) {
        return new String(f, p + 4, 4, StandardCharsets.ISO_8859_1);
    }

    /**
     * The I-frame-only playlist of {@code fragments} (the media playlist's, in order); null when none has an I-frame.
     * Leading fragments without one (expired, or no sync sample first) are left out and the playlist starts at the
     * first one listed, with that one's numbers: an entry's media and discontinuity sequence numbers do not depend on
     * whether the fragments before it had an I-frame.
     *
     * @param mediaSequence         the first fragment's media sequence number
     * @param discontinuitySequence the first fragment's discontinuity sequence
     */
    static HlsTsOutput.Playlist playlist(CmafHlsManifestSpec m, List<Fragment> fragments, long mediaSequence,
                                         long discontinuitySequence, boolean ended, long lastUpdatedMillis) {
        StringBuilder body = new StringBuilder(4096);
        long maxMicros = 0;
        String init = null;
        boolean any = false;
        boolean discontinuity = false;
        int leading = 0; // fragments left out before the first one listed
        int leadingDiscontinuities = 0; // discontinuities up to and including the first one listed
        for (Fragment f : fragments) {
            // a skipped fragment's discontinuity still applies to the next one listed; on the first one too, since
            // the caller's EXT-X-DISCONTINUITY-SEQUENCE does not count it (as in the media playlist)
            discontinuity |= f.discontinuity();
            if (!any && f.discontinuity()) {
                leadingDiscontinuities++;
            }
            Range r = f.bytes() == null ? null : iframe(f.bytes());
            if (r == null) {
                leading += any ? 0 : 1;
                continue;
            }
            if (discontinuity) {
                body.append("#EXT-X-DISCONTINUITY\n");
                discontinuity = false;
            }
            if (!f.initUri().equals(init)) {
                new HlsTag(body, "EXT-X-MAP").quoted("URI", f.initUri()).end();
                init = f.initUri();
            }
            maxMicros = Math.max(maxMicros, f.durationMicros());
            body.append("#EXTINF:");
            HlsManifestWriter.appendSeconds(body, f.durationMicros());
            body.append(",\n#EXT-X-BYTERANGE:").append(r.length()).append('@').append(r.offset()).append('\n')
                    .append(f.uri()).append('\n');
            any = true;
        }
        if (!any) {
            return null;
        }
        long target = HlsManifestWriter.targetDuration(maxMicros);
        StringBuilder b = new StringBuilder(body.length() + 256);
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(CmafManifestWriter.VERSION).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append(target).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence + leading).append('\n');
        // the first listed fragment's discontinuity sequence, less the EXT-X-DISCONTINUITY written before it
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:")
                .append(discontinuitySequence + Math.max(0, leadingDiscontinuities - 1)).append('\n');
        HlsPackageSpec.PlaylistType type = CmafDefaults.playlistType(m);
        if (type != HlsPackageSpec.PlaylistType.NONE) {
            b.append("#EXT-X-PLAYLIST-TYPE:").append(type.name()).append('\n');
        }
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-I-FRAMES-ONLY\n").append(body);
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return new HlsTsOutput.Playlist(b.toString(), mediaSequence + fragments.size() - 1, lastUpdatedMillis, target);
    }

    /**
     * The peak I-frame bit rate of an I-frame-only playlist (range bytes over EXTINF), for the master's BANDWIDTH; the
     * HLS endpoint's ({@link HlsTsOutput#masterLines}) too.
     */
    static long peakBitsPerSecond(String playlist) {
        long peak = 0;
        long micros = 0;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXTINF:")) {
                micros = Math.round(Double.parseDouble(line.substring(8, line.indexOf(','))) * 1_000_000);
            } else if (line.startsWith("#EXT-X-BYTERANGE:") && micros > 0) {
                long bytes = Long.parseLong(line.substring(17, line.indexOf('@')));
                peak = Math.max(peak, bytes * 8 * 1_000_000 / micros);
            }
        }
        return peak;
    }

    /**
     * The I-frame playlist of a video rendition of a CMAF endpoint's manifest: the fragments its media playlist
     * lists (re-segmented when the endpoint's group size is above 1), null without content or video.
     */
    static HlsTsOutput.Playlist render(PlaybackService p, Channel channel, Endpoint endpoint, CmafHlsManifestSpec m,
                                       OutputRendition r) {
        if (r == null || r.media() != null || r.probe() == null || !r.probe().hasVideo()) {
            return null;
        }
        String prefix = PlaybackService.segmentPrefix(channel, endpoint.cmaf());
        String base = "../" + CmafManifestWriter.SEGMENT_FOLDER + "/" + prefix + "_" + r.index() + "_"
                + PlaybackRequest.CmafTrack.VIDEO.letter + "_";
        int windowSeconds = CmafDefaults.playlistWindowSeconds(m);
        HlsTsOutput.Window joined = p.hlsTs.window(channel, r.ingestPath(), windowSeconds,
                CmafDefaults.segmentDurationSeconds(endpoint.cmaf()));
        List<Fragment> fragments = new ArrayList<>();
        List<TimelineEntry> entries = new ArrayList<>();
        boolean ended;
        if (joined != null && joined.groupSize() > 1) {
            int n = joined.groupSize();
            for (OutputSegmentation.OutputSegment s : joined.segments()) {
                TimelineEntry e = s.asEntry();
                entries.add(e);
                fragments.add(new Fragment(base + s.firstSequence() + "_" + n + ".mp4",
                        p.cmafJoin.fragment(channel, s, n, PlaybackRequest.CmafTrack.VIDEO), e.durationMicros(),
                        e.discontinuity(), base + "init_" + CmafManifestWriter.runOf(e) + ".mp4"));
            }
            ended = joined.state().ended();
        } else {
            PlaybackService.Window w = p.window(channel, p.generation(channel), r, windowSeconds);
            if (w == null) {
                return null;
            }
            for (TimelineEntry e : w.entries()) {
                entries.add(e);
                TsToCmaf.Track t = p.packagedTrack(channel, e, TrackFormat.Kind.VIDEO);
                fragments.add(new Fragment(base + e.sequence() + ".mp4", t == null ? null : t.fragment(),
                        e.durationMicros(), e.discontinuity(), base + "init_" + CmafManifestWriter.runOf(e) + ".mp4"));
            }
            ended = w.ended();
        }
        if (entries.isEmpty()) {
            return null;
        }
        TimelineEntry first = entries.getFirst();
        long lastUpdated = 0;
        for (TimelineEntry e : entries) {
            lastUpdated = Math.max(lastUpdated, e.ingestedAtMillis());
        }
        return playlist(m, fragments, first.sequence(), first.discontinuitySequence() - (first.discontinuity() ? 1 : 0),
                ended, lastUpdated);
    }

    /**
     * The {@code EXT-X-I-FRAME-STREAM-INF} lines of a CMAF master: one per video variant that has I-frames,
     * BANDWIDTH the peak I-frame bit rate of its I-frame playlist.
     *
     * @param videoCodecs the video codec of each variant (by rendition number), as the master's CODECS
     */
    static String masterLines(PlaybackService p, Channel channel, Endpoint endpoint, CmafHlsManifestSpec m,
                              String manifestName, List<CmafManifestWriter.CmafVariant> variants,
                              java.util.Map<Integer, String> videoCodecs, ChannelSnapshot snap) {
        StringBuilder b = new StringBuilder();
        for (CmafManifestWriter.CmafVariant v : variants) {
            if (!v.video()) {
                continue;
            }
            HlsTsOutput.Playlist pl = render(p, channel, endpoint, m, snap.rendition(v.rendition()));
            long peak = pl == null ? 0 : peakBitsPerSecond(pl.text());
            if (peak <= 0) {
                continue;
            }
            HlsTag t = new HlsTag(b, "EXT-X-I-FRAME-STREAM-INF").number("BANDWIDTH", PlaybackService.roundKbps(peak));
            String codec = videoCodecs.get(v.rendition());
            if (codec != null) {
                t.quoted("CODECS", codec);
            }
            if (v.width() > 0 && v.height() > 0) {
                t.resolution(v.width(), v.height());
            }
            t.quoted("URI", uri(manifestName, v.rendition())).end();
        }
        return b.toString();
    }
}
