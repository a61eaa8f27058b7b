package dev.wharf.packager.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.wharf.packager.media.ClosedCaptions;
import dev.wharf.packager.media.TrackInfo;
import dev.wharf.packager.media.TsProbeResult;
import dev.wharf.packager.sample.TrackFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * What the master manifest needs to know about a rendition, read from its segments: RFC 6381 codec
 * strings, video size and frame rate, closed captions in the video SEI. Stored as JSON in the input's metadata.
 *
 * @param captions CEA-608/708 captions found in the video's SEI; null in probes stored before they were detected
 */
public record RenditionProbe(List<String> codecs, int width, int height, double frameRate, boolean hasVideo,
                             boolean hasAudio, String language, ClosedCaptions captions) {

    @JsonCreator
    public RenditionProbe {
    }

    public RenditionProbe(List<String> codecs, int width, int height, double frameRate, boolean hasVideo,
                          boolean hasAudio, String language) {
        this(codecs, width, height, frameRate, hasVideo, hasAudio, language, ClosedCaptions.NONE);
    }

    /** From the tracks of an fMP4 init segment, with the frame rate read from its SPS or its samples. */
    public static RenditionProbe of(List<TrackFormat> tracks, double frameRate) {
        List<String> codecs = new ArrayList<>();
        int width = 0;
        int height = 0;
        boolean video = false;
        boolean audio = false;
        String language = null;
        for (TrackFormat t : tracks) {
            if (t.kind() == TrackFormat.Kind.VIDEO && !video) {
                video = true;
                width = t.width();
                height = t.height();
            } else if (t.kind() == TrackFormat.Kind.AUDIO && !audio) {
                audio = true;
                language = t.language();
            } else {
                continue;
            }
            codecs.add(t.codec());
        }
        return new RenditionProbe(codecs, width, height, video ? frameRate : 0, video, audio, language);
    }

    public static RenditionProbe of(TsProbeResult probe) {
        List<String> codecs = new ArrayList<>();
        int width = 0;
        int height = 0;
        double fps = 0;
        boolean video = false;
        boolean audio = false;
        String language = null;
        for (TrackInfo t : probe.tracks()) {
            if (t.kind() == TrackInfo.Kind.VIDEO) {
                video = true;
                if (width == 0) {
                    width = t.width();
                    height = t.height();
                    fps = t.frameRate();
                }
            } else if (t.kind() == TrackInfo.Kind.AUDIO) {
                audio = true;
                if (language == null) {
                    language = t.language();
                }
            }
            if (t.codec() != null && !codecs.contains(t.codec())
                    && (t.kind() == TrackInfo.Kind.VIDEO || t.kind() == TrackInfo.Kind.AUDIO)) {
                codecs.add(t.codec());
            }
        }
        return new RenditionProbe(codecs, width, height, fps, video, audio, language, probe.captions());
    }
}
