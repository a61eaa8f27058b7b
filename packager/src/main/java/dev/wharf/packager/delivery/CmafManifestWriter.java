package dev.wharf.packager.delivery;

import dev.wharf.api.v1.CmafHlsManifestSpec;
import dev.wharf.packager.channel.CmafDefaults;
import dev.wharf.packager.hls.Rendition;
import dev.wharf.packager.store.TimelineEntry;
import java.util.List;

/**
 * Renders the HLS manifests of a CMAF endpoint (HLS with fMP4 segments) from the timeline model.
 *
 * <p>URLs (all relative, so a CDN can sit in front):
 * <pre>
 * {endpoint}/{hlsManifestId}/{manifestName}.m3u8                     master
 * {endpoint}/{hlsManifestId}/{manifestName}_{n}_{v|a}.m3u8           media playlist of rendition n's video or audio
 * {endpoint}/seg/{segmentPrefix}_{n}_{v|a}_init_{d}.mp4              init segment, for discontinuity sequence d
 * {endpoint}/seg/{segmentPrefix}_{n}_{v|a}_{sequence}.mp4            media segment (one CMAF fragment)
 * {endpoint}/{hlsManifestId}/{manifestName}_{n}_s.m3u8               media playlist of subtitles rendition n
 * {endpoint}/seg/{segmentPrefix}_{n}_s_{sequence}.vtt                WebVTT segment (X-TIMESTAMP-MAP ensured)
 * </pre>
 * Segments live beside the manifests' folders, so every HLS manifest of the endpoint shares them (and
 * the packaged-output cache).
 *
 * <p>CMAF tracks carry one media type each: every ingested variant gives a video track, and the audio of
 * the first variant that has video and audio becomes the one audio rendition group {@value #AUDIO_GROUP}
 * that all video variants reference (the encoders we know send the same audio in every variant). A
 * rendition without video is offered as an audio-only variant.
 */
public final class CmafManifestWriter {
    static final String AUDIO_GROUP = "audio";
    /** {@code EXT-X-MAP} in a media playlist without {@code EXT-X-I-FRAMES-ONLY} needs version 6 (RFC 8216 7). */
    static final int VERSION = 6;
    static final String SEGMENT_FOLDER = "seg";

    private CmafManifestWriter() {}

    /**
     * A variant as listed.
     *
     * @param rendition the output rendition number n
     * @param video     whether it has a video track (else it is audio only)
     * @param codecs    video and audio codecs (RFC 6381), video first
     */
    public record CmafVariant(int rendition, boolean video, long bandwidth, long averageBandwidth, String codecs,
                              int width, int height, double frameRate, boolean closedCaptions) {

        public CmafVariant(int rendition, boolean video, long bandwidth, long averageBandwidth, String codecs,
                           int width, int height, double frameRate) {
            this(rendition, video, bandwidth, averageBandwidth, codecs, width, height, frameRate, false);
        }
    }

    /** A WebVTT subtitles rendition (ingested {@code EXT-X-MEDIA:TYPE=SUBTITLES}), served as WebVTT segments. */
    public record Subtitles(int rendition, String name, String language, boolean isDefault, boolean autoselect,
                            boolean forced, String characteristics) {}

    static final String SUBTITLES_GROUP = "subtitles";
    /** The letter of a subtitles rendition's playlist and segments in URLs. */
    static final String TEXT_LETTER = "s";

    /** The audio rendition group, from rendition {@code rendition}'s audio track. */
    public record AudioGroup(int rendition, String language) {}

    public static String master(String manifestName, List<CmafVariant> variants, AudioGroup audio) {
        return master(manifestName, variants, audio, List.of(), List.of());
    }

    /**
     * @param subtitles      the subtitles renditions, offered as the group {@value #SUBTITLES_GROUP}
     * @param closedCaptions the {@code CLOSED-CAPTIONS} renditions (see {@link CaptionSignalling}); variants with
     *                       {@link CmafVariant#closedCaptions()} reference their group
     */
    public static String master(String manifestName, List<CmafVariant> variants, AudioGroup audio,
                                List<Subtitles> subtitles, List<Rendition> closedCaptions) {
        StringBuilder b = new StringBuilder(1024);
        b.append("#EXTM3U\n#EXT-X-VERSION:").append(VERSION).append("\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Subtitles st : subtitles) {
            HlsTag t = new HlsTag(b, "EXT-X-MEDIA").enumerated("TYPE", "SUBTITLES").quoted("GROUP-ID", SUBTITLES_GROUP);
            if (st.language() != null) {
                t.quoted("LANGUAGE", st.language());
            }
            t.quoted("NAME", st.name() == null ? "subtitles " + st.rendition() : st.name());
            t.enumerated("AUTOSELECT", st.autoselect() || st.isDefault() ? "YES" : "NO");
            t.enumerated("DEFAULT", st.isDefault() ? "YES" : "NO");
            if (st.forced()) {
                t.enumerated("FORCED", "YES");
            }
            if (st.characteristics() != null) {
                t.quoted("CHARACTERISTICS", st.characteristics());
            }
            t.quoted("URI", textPlaylist(manifestName, st.rendition())).end();
        }
        HlsManifestWriter.closedCaptionMedia(b, closedCaptions);
        String ccGroup = closedCaptions.isEmpty() ? null : closedCaptions.getFirst().groupId();
        if (audio != null) {
            HlsTag t = new HlsTag(b, "EXT-X-MEDIA").enumerated("TYPE", "AUDIO").quoted("GROUP-ID", AUDIO_GROUP);
            if (audio.language() != null && !audio.language().equals("und")) {
                t.quoted("LANGUAGE", audio.language());
            }
            t.quoted("NAME", "audio").enumerated("AUTOSELECT", "YES").enumerated("DEFAULT", "YES");
            t.quoted("URI", mediaPlaylist(manifestName, audio.rendition(), PlaybackRequest.CmafTrack.AUDIO)).end();
        }
        for (CmafVariant v : variants) {
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
            if (v.video() && audio != null) {
                t.quoted("AUDIO", AUDIO_GROUP);
            }
            if (v.video() && !subtitles.isEmpty()) {
                t.quoted("SUBTITLES", SUBTITLES_GROUP);
            }
            if (v.video() && v.closedCaptions() && ccGroup != null) {
                t.quoted("CLOSED-CAPTIONS", ccGroup);
            }
            t.end();
            b.append(mediaPlaylist(manifestName, v.rendition(),
                    v.video() ? PlaybackRequest.CmafTrack.VIDEO : PlaybackRequest.CmafTrack.AUDIO)).append('\n');
        }
        return b.toString();
    }

    static String mediaPlaylist(String manifestName, int rendition, PlaybackRequest.CmafTrack track) {
        return manifestName + "_" + rendition + "_" + track.letter + ".m3u8";
    }

    static String textPlaylist(String manifestName, int rendition) {
        return manifestName + "_" + rendition + "_" + TEXT_LETTER + ".m3u8";
    }

    /** The URI of a subtitles segment, from a manifest's folder. */
    static String textSegment(String segmentPrefix, int rendition, long sequence) {
        return segmentPrefix + "_" + rendition + "_" + TEXT_LETTER + "_" + sequence + ".vtt";
    }

    /** The media playlist of a subtitles rendition: WebVTT segments in {@code seg/}, same window and numbering. */
    public static String textMedia(CmafHlsManifestSpec m, String segmentPrefix, int rendition, List<TimelineEntry> window,
                                   long targetDurationSeconds, boolean ended) {
        HlsManifestWriter.MediaLayout layout = new HlsManifestWriter.MediaLayout(VERSION, false,
                e -> "../" + SEGMENT_FOLDER + "/" + textSegment(segmentPrefix, rendition, e.sequence()), null);
        return HlsManifestWriter.media(layout, CmafDefaults.playlistType(m), CmafDefaults.programDateTimeIntervalSeconds(m),
                window, targetDurationSeconds, ended);
    }

    /** The layout of a CMAF media playlist: fMP4 segments and their init segment one folder up, in {@code seg/}. */
    static HlsManifestWriter.MediaLayout layout(String segmentPrefix, int rendition, PlaybackRequest.CmafTrack track) {
        String base = "../" + SEGMENT_FOLDER + "/" + segmentPrefix + "_" + rendition + "_" + track.letter + "_";
        return new HlsManifestWriter.MediaLayout(VERSION, true, e -> base + e.sequence() + ".mp4",
                e -> base + "init_" + runOf(e) + ".mp4");
    }

    /** The discontinuity sequence an entry plays in: its init segment is named after it. */
    static long runOf(TimelineEntry e) {
        return e.discontinuitySequence();
    }

    public static String media(CmafHlsManifestSpec m, String segmentPrefix, int rendition, PlaybackRequest.CmafTrack track,
                               List<TimelineEntry> window, long targetDurationSeconds, boolean ended) {
        return HlsManifestWriter.media(layout(segmentPrefix, rendition, track), CmafDefaults.playlistType(m),
                CmafDefaults.programDateTimeIntervalSeconds(m), CmafDefaults.adMarkers(m), window, targetDurationSeconds,
                ended);
    }
}
