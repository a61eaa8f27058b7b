package dev.wharf.packager.media;

/**
 * One elementary stream of the probed program.
 *
 * @param kind       what the stream carries
 * @param pid        elementary_PID from the PMT
 * @param streamType stream_type from the PMT (ISO/IEC 13818-1 Table 2-34)
 * @param codec      RFC 6381 codec string, e.g. {@code avc1.64001f}, {@code hvc1.1.6.L93.B0}, {@code mp4a.40.2},
 *                   {@code ac-3}, {@code ec-3}; null if unknown
 * @param width      video luma width after cropping, 0 if unknown or not video
 * @param height     video luma height after cropping, 0 if unknown or not video
 * @param frameRate  video frame rate from the SPS (or HEVC VPS) timing info, 0 if unknown
 * @param sampleRate audio sampling frequency in Hz, 0 if unknown or not audio
 * @param channels   audio channels including LFE, 0 if unknown or not audio
 * @param language   ISO 639-2 code from the PMT (ISO 639 language, DVB subtitling or teletext descriptor), or null
 */
public record TrackInfo(Kind kind, int pid, int streamType, String codec, int width, int height, double frameRate,
                        int sampleRate, int channels, String language) {

    /** Coarse stream category. */
    public enum Kind { VIDEO, AUDIO, SUBTITLES, DATA }
}
