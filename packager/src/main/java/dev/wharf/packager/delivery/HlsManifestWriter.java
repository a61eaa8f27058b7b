package dev.wharf.packager.delivery;

import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.packager.hls.MediaSegment;
import dev.wharf.packager.hls.Rendition;
import dev.wharf.packager.hls.Variant;
import dev.wharf.packager.store.TimelineEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Renders HLS master and media playlists from the timeline model (never from the ingested text). */
public final class HlsManifestWriter {
    private static final DateTimeFormatter PDT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HlsManifestWriter() {}

    /** A variant as it will be listed, with the numbers measured or read for it. */
    public record VariantLine(OutputRendition rendition, long bandwidth, long averageBandwidth, String codecs,
                              int width, int height, double frameRate) {}

    public static String master(String manifestName, List<VariantLine> variants, List<OutputRendition> media,
                                List<Rendition> closedCaptions) {
        StringBuilder b = new StringBuilder(1024);
        b.append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (OutputRendition r : media) {
            Rendition m = r.media();
            HlsTag t = new HlsTag(b, "EXT-X-MEDIA").enumerated("TYPE", m.type()).quoted("GROUP-ID", m.groupId());
            if (m.language() != null) {
                t.quoted("LANGUAGE", m.language());
            }
            t.quoted("NAME", m.name() == null ? "rendition " + r.index() : m.name());
            t.enumerated("AUTOSELECT", m.autoselect() || m.isDefault() ? "YES" : "NO");
            t.enumerated("DEFAULT", m.isDefault() ? "YES" : "NO");
            if (m.type().equals("SUBTITLES") && m.forced()) {
                t.enumerated("FORCED", "YES");
            }
            if (m.channels() != null) {
                t.quoted("CHANNELS", m.channels());
            }
            if (m.characteristics() != null) {
                t.quoted("CHARACTERISTICS", m.characteristics());
            }
            t.quoted("URI", manifestName + "_" + r.index() + ".m3u8").end();
        }
        closedCaptionMedia(b, closedCaptions);
        for (VariantLine v : variants) {
            Variant in = v.rendition().variant();
            HlsTag t = new HlsTag(b, "EXT-X-STREAM-INF").number("BANDWIDTH", v.bandwidth());
            if (v.averageBandwidth() > 0) {
                t.number("AVERAGE-BANDWIDTH", v.averageBandwidth());
            }
            if (v.width() > 0 && v.height() > 0) {
                t.resolution(v.width(), v.height());
            }
            if (v.frameRate() > 0) {
                t.decimal("FRAME-RATE", v.frameRate(), 3);
            }
            if (v.codecs() != null && !v.codecs().isEmpty()) {
                t.quoted("CODECS", v.codecs());
            }
            if (in != null && in.audioGroup() != null) {
                t.quoted("AUDIO", in.audioGroup());
            }
            if (in != null && in.subtitlesGroup() != null) {
                t.quoted("SUBTITLES", in.subtitlesGroup());
            }
            if (in != null && in.closedCaptions() != null) {
                if (in.closedCaptions().equals("NONE")) {
                    t.enumerated("CLOSED-CAPTIONS", "NONE");
                } else {
                    t.quoted("CLOSED-CAPTIONS", in.closedCaptions());
                }
            } else if (CaptionSignalling.has(v.rendition().probe())
                    && closedCaptions.stream().anyMatch(c -> CaptionSignalling.GROUP.equals(c.groupId()))) {
                t.quoted("CLOSED-CAPTIONS", CaptionSignalling.GROUP); // found in the video's SEI
            }
            t.end();
            b.append(manifestName).append('_').append(v.rendition().index()).append(".m3u8\n");
        }
        return b.toString();
    }

    /**
     * What differs between the media playlists of the formats (HLS with TS segments, CMAF): the version,
     * the segment URIs and, for fMP4, the init segment ({@code EXT-X-MAP}). Everything else (window,
     * sequence numbers, discontinuities, PDT) is one implementation.
     *
     * @param version             {@code EXT-X-VERSION}
     * @param independentSegments whether to write {@code EXT-X-INDEPENDENT-SEGMENTS}
     * @param segmentUri          the URI of an entry's segment, relative to the playlist
     * @param mapUri              the URI of the init segment an entry needs, or null for formats without one; an
     *                            {@code EXT-X-MAP} is written before the first segment and wherever the URI changes
     */
    public record MediaLayout(int version, boolean independentSegments, Function<TimelineEntry, String> segmentUri,
                              Function<TimelineEntry, String> mapUri) {

        /** HLS with the ingested segments passed through: {@code {manifestName}_{rendition}_{sequence}.{ext}}. */
        public static MediaLayout ts(String manifestName, int rendition) {
            return new MediaLayout(3, false, e -> manifestName + "_" + rendition + "_" + e.sequence() + "."
                    + extension(e.file()), null);
        }
    }

    /**
     * A media playlist over {@code window} (ascending, non-empty or empty before content arrives).
     *
     * @param targetDurationSeconds the rendition's TARGETDURATION, which never shrinks
     */
    public static String media(String manifestName, int rendition, HlsPackageSpec hls, List<TimelineEntry> window,
                               long targetDurationSeconds, boolean ended) {
        return media(MediaLayout.ts(manifestName, rendition), hls.playlistType, hls.programDateTimeIntervalSeconds,
                hls.adMarkers, window, targetDurationSeconds, ended);
    }

    /**
     * A media playlist over {@code window} in the given layout.
     *
     * @param pdtIntervalSeconds    {@code programDateTimeIntervalSeconds}; 0 writes no PDT
     * @param targetDurationSeconds the rendition's TARGETDURATION, which never shrinks
     */
    public static String media(MediaLayout layout, HlsPackageSpec.PlaylistType playlistType, int pdtIntervalSeconds,
                               List<TimelineEntry> window, long targetDurationSeconds, boolean ended) {
        return media(layout, playlistType, pdtIntervalSeconds, HlsPackageSpec.AdMarkers.NONE, window, targetDurationSeconds,
                ended);
    }

    /**
     * As above, with the endpoint's {@code adMarkers}: PASSTHROUGH copies the input's SCTE-35 and date-range tags
     * ({@link MediaPlaylistParser#isAdMarker}) before the segment they preceded in the input (before the output segment
     * that holds it, when re-segmented), in their order; any other value writes none (MediaPackage's NONE strips
     * them; SCTE35_ENHANCED and DATERANGE, made from in-band SCTE-35, are not built and the operator says so).
     */
    public static String media(MediaLayout layout, HlsPackageSpec.PlaylistType playlistType, int pdtIntervalSeconds,
                               HlsPackageSpec.AdMarkers adMarkers, List<TimelineEntry> window, long targetDurationSeconds,
                               boolean ended) {
        boolean markers = adMarkers == HlsPackageSpec.AdMarkers.PASSTHROUGH;
        // RFC 8216 4.3.2.7: a playlist with EXT-X-DATERANGE must hold an EXT-X-PROGRAM-DATE-TIME
        boolean pdtForDateRange = markers && pdtIntervalSeconds <= 0 && window.stream()
                .anyMatch(e -> e.tags().stream().anyMatch(t -> t.startsWith("#EXT-X-DATERANGE")));
        StringBuilder b = new StringBuilder(128 + window.size() * 96);
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(layout.version()).append('\n');
        b.append("#EXT-X-TARGETDURATION:").append(targetDurationSeconds).append('\n');
        long firstSeq = window.isEmpty() ? 0 : window.get(0).sequence();
        long discSeq = 0;
        if (!window.isEmpty()) {
            TimelineEntry first = window.get(0);
            discSeq = first.discontinuitySequence() - (first.discontinuity() ? 1 : 0);
        }
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(firstSeq).append('\n');
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discSeq).append('\n');
        if (playlistType != HlsPackageSpec.PlaylistType.NONE) {
            b.append("#EXT-X-PLAYLIST-TYPE:").append(playlistType.name()).append('\n');
        }
        if (layout.independentSegments()) {
            b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        }
        long pdtIntervalMillis = pdtIntervalSeconds * 1000L;
        long lastPdtSlot = Long.MIN_VALUE;
        String lastMap = null;
        for (int i = 0; i < window.size(); i++) {
            TimelineEntry e = window.get(i);
            if (e.discontinuity()) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            if (layout.mapUri() != null) {
                String map = layout.mapUri().apply(e);
                if (map != null && !map.equals(lastMap)) {
                    new HlsTag(b, "EXT-X-MAP").quoted("URI", map).end();
                    lastMap = map;
                }
            }
            if (pdtForDateRange && i == 0) {
                b.append("#EXT-X-PROGRAM-DATE-TIME:").append(PDT.format(Instant.ofEpochMilli(e.programDateTimeMillis())))
                        .append('\n');
            }
            if (pdtIntervalMillis > 0) {
                // On the first segment, after a discontinuity, and whenever the wall clock enters a
                // new interval: a function of the entry alone, so every refresh agrees.
                long slot = Math.floorDiv(e.programDateTimeMillis(), pdtIntervalMillis);
                if (i == 0 || e.discontinuity() || slot != lastPdtSlot) {
                    b.append("#EXT-X-PROGRAM-DATE-TIME:").append(PDT.format(Instant.ofEpochMilli(e.programDateTimeMillis())))
                            .append('\n');
                }
                lastPdtSlot = slot;
            }
            if (markers) {
                boolean inBreak = false;
                for (String tag : e.tags()) {
                    if (!MediaSegment.isAdMarker(tag)) {
                        continue;
                    }
                    // a joined segment carries its input segments' tags: one EXT-X-CUE-OUT-CONT per output segment
                    boolean cont = tag.startsWith("#EXT-X-CUE-OUT-CONT");
                    if (cont && inBreak) {
                        continue;
                    }
                    inBreak |= cont || tag.startsWith("#EXT-X-CUE-OUT");
                    b.append(tag).append('\n');
                }
            }
            b.append("#EXTINF:");
            appendSeconds(b, e.durationMicros());
            b.append(",\n");
            b.append(layout.segmentUri().apply(e)).append('\n');
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    /** Seconds with exactly 3 decimals (milliseconds), from microseconds, rounded half up. */
    static void appendSeconds(StringBuilder b, long micros) {
        long millis = (micros + 500) / 1000;
        b.append(millis / 1000).append('.');
        long frac = millis % 1000;
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        b.append(frac);
    }

    /** The {@code EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS} lines of a master (the HLS and CMAF endpoints'). */
    static void closedCaptionMedia(StringBuilder b, List<Rendition> closedCaptions) {
        for (Rendition cc : closedCaptions) {
            HlsTag t = new HlsTag(b, "EXT-X-MEDIA").enumerated("TYPE", "CLOSED-CAPTIONS").quoted("GROUP-ID", cc.groupId());
            if (cc.language() != null) {
                t.quoted("LANGUAGE", cc.language());
            }
            t.quoted("NAME", cc.name() == null ? cc.instreamId() : cc.name())
                    .enumerated("AUTOSELECT", cc.autoselect() || cc.isDefault() ? "YES" : "NO")
                    .enumerated("DEFAULT", cc.isDefault() ? "YES" : "NO")
                    .quoted("INSTREAM-ID", cc.instreamId()).end();
        }
    }

    /** TARGETDURATION: the longest segment rounded to the nearest second (RFC 8216 4.3.3.1), at least 1. */
    public static long targetDuration(long maxDurationMicros) {
        return Math.max(1, (maxDurationMicros + 500_000) / 1_000_000);
    }

    /** The extension of an entry's file, a stored key ({@code seg.ts@k3j2}) or a bare name. */
    public static String extension(String file) {
        file = dev.wharf.packager.store.SegmentVersions.name(file);
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "ts" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
