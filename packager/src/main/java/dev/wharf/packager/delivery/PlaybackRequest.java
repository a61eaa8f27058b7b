package dev.wharf.packager.delivery;

import dev.wharf.packager.sample.TrackFormat;
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

    /** HLS from an fMP4 source: {@code {manifestName}_{rendition}_init_{discontinuitySequence}.mp4} */
    record InitSegment(int rendition, long discontinuitySequence) implements PlaybackRequest {}

    /** CMAF, in a manifest's folder: {@code {manifestName}_{rendition}_{v|a}.m3u8} */
    record CmafMediaManifest(int rendition, CmafTrack track) implements PlaybackRequest {}

    /** CMAF, in the segment folder: {@code {prefix}_{rendition}_{v|a}_init_{discontinuitySequence}.mp4} */
    record CmafInit(int rendition, CmafTrack track, long discontinuitySequence) implements PlaybackRequest {}

    /** CMAF, in the segment folder: {@code {prefix}_{rendition}_{v|a}_{sequence}.mp4} */
    record CmafSegment(int rendition, CmafTrack track, long sequence) implements PlaybackRequest {}

    /** DASH $Time$ URLs, in the segment folder: {@code {prefix}_{rendition}_{v|a}_t{decodeTime}.mp4} */
    record CmafSegmentAtTime(int rendition, CmafTrack track, long decodeTime) implements PlaybackRequest {}

    /** CMAF, in a manifest's folder: {@code {manifestName}_{rendition}_s.m3u8}, a subtitles rendition's playlist */
    record TextMediaManifest(int rendition) implements PlaybackRequest {}

    /** CMAF and DASH, in the segment folder: {@code {prefix}_{rendition}_s_{sequence}.vtt}, a WebVTT segment */
    record TextSegment(int rendition, long sequence) implements PlaybackRequest {}

    /** DASH, in the segment folder: {@code {prefix}_{rendition}_s_{sequence}.mp4}, a subtitles fragment (wvtt) */
    record TextFragment(int rendition, long sequence) implements PlaybackRequest {}

    /** DASH, in the segment folder: {@code {prefix}_{rendition}_s_init_{discontinuitySequence}.mp4} (wvtt) */
    record TextInit(int rendition, long discontinuitySequence) implements PlaybackRequest {}

    /** Marks a decode time instead of a sequence number in a segment name. */
    String TIME_MARK = "t";

    /** The single-track CMAF tracks cut out of an ingested (muxed) rendition, with their letter in URLs. */
    enum CmafTrack {
        VIDEO("v", TrackFormat.Kind.VIDEO), AUDIO("a", TrackFormat.Kind.AUDIO);

        final String letter;
        final TrackFormat.Kind kind;

        CmafTrack(String letter, TrackFormat.Kind kind) {
            this.letter = letter;
            this.kind = kind;
        }

        static CmafTrack of(String letter) {
            return letter.equals("v") ? VIDEO : AUDIO;
        }
    }

    Pattern CMAF_CHILD = Pattern.compile("_(\\d{1,4})_([va])\\.m3u8");
    Pattern CMAF_SEGMENT = Pattern.compile("_(\\d{1,4})_([va])_(init_|t)?(\\d{1,18})\\.mp4");
    Pattern TEXT_CHILD = Pattern.compile("_(\\d{1,4})_s\\.m3u8");
    Pattern TEXT_SEGMENT = Pattern.compile("_(\\d{1,4})_s_(\\d{1,18})\\.vtt");
    Pattern TEXT_FRAGMENT = Pattern.compile("_(\\d{1,4})_s_(init_)?(\\d{1,18})\\.mp4");

    /** Parses a file name in a CMAF manifest's folder (master or media playlist); null when it is none of ours. */
    static PlaybackRequest parseCmafManifest(String manifestName, String file) {
        if (file.equals(manifestName + ".m3u8")) {
            return new MasterManifest();
        }
        if (!file.startsWith(manifestName)) {
            return null;
        }
        Matcher t = TEXT_CHILD.matcher(file).region(manifestName.length(), file.length());
        if (t.matches()) {
            return new TextMediaManifest(Integer.parseInt(t.group(1)));
        }
        Matcher m = CMAF_CHILD.matcher(file).region(manifestName.length(), file.length());
        return m.matches() ? new CmafMediaManifest(Integer.parseInt(m.group(1)), CmafTrack.of(m.group(2))) : null;
    }

    /** Parses a file name in a CMAF endpoint's segment folder; null when it is none of ours. */
    static PlaybackRequest parseCmafSegment(String segmentPrefix, String file) {
        if (!file.startsWith(segmentPrefix)) {
            return null;
        }
        Matcher t = TEXT_SEGMENT.matcher(file).region(segmentPrefix.length(), file.length());
        if (t.matches()) {
            return new TextSegment(Integer.parseInt(t.group(1)), Long.parseLong(t.group(2)));
        }
        Matcher f = TEXT_FRAGMENT.matcher(file).region(segmentPrefix.length(), file.length());
        if (f.matches()) {
            int rendition = Integer.parseInt(f.group(1));
            long n = Long.parseLong(f.group(3));
            return f.group(2) == null ? new TextFragment(rendition, n) : new TextInit(rendition, n);
        }
        Matcher m = CMAF_SEGMENT.matcher(file).region(segmentPrefix.length(), file.length());
        if (!m.matches()) {
            return null;
        }
        int rendition = Integer.parseInt(m.group(1));
        CmafTrack track = CmafTrack.of(m.group(2));
        long n = Long.parseLong(m.group(4));
        if (m.group(3) == null) {
            return new CmafSegment(rendition, track, n);
        }
        return m.group(3).equals(TIME_MARK) ? new CmafSegmentAtTime(rendition, track, n) : new CmafInit(rendition, track, n);
    }

    Pattern INIT = Pattern.compile("_(\\d{1,4})_init_(\\d{1,18})\\.mp4");
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
            Matcher init = INIT.matcher(file).region(manifestName.length(), file.length());
            return init.matches() ? new InitSegment(Integer.parseInt(init.group(1)), Long.parseLong(init.group(2))) : null;
        }
        int rendition = Integer.parseInt(m.group(1));
        if (m.group(2) == null) {
            return m.group(3).equals("m3u8") ? new MediaManifest(rendition) : null;
        }
        return m.group(3).equals("m3u8") ? null : new Segment(rendition, Long.parseLong(m.group(2)), m.group(3));
    }
}
