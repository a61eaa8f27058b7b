package dev.wharf.packager.sample;

import java.util.List;

/**
 * What an init segment or a manifest needs to know about a track.
 *
 * @param trackId      1-based track id, stable for a rendition (from the PMT order)
 * @param kind         video, audio or subtitles
 * @param codec        RFC 6381 codec string ("avc1.64001f", "hvc1.1.6.L93.B0", "mp4a.40.2", "ac-3", "ec-3", "wvtt")
 * @param timescale    ticks per second of sample times (90000 for TS video and audio)
 * @param width        video width in pixels (0 for audio)
 * @param height       video height in pixels
 * @param sampleRate   audio sample rate in Hz (0 for video)
 * @param channels     audio channel count
 * @param language     ISO 639-2/T code or "und"
 * @param decoderConfig the codec configuration record: AVCDecoderConfigurationRecord (avcC) for H.264,
 *                     HEVCDecoderConfigurationRecord (hvcC) for HEVC, AudioSpecificConfig for AAC,
 *                     dac3/dec3 payload for AC-3/E-AC-3
 * @param parameterSets for video: SPS, PPS (and VPS for HEVC) NAL units without start codes, in order
 */
public record TrackFormat(int trackId, Kind kind, String codec, int timescale, int width, int height, int sampleRate,
                          int channels, String language, byte[] decoderConfig, List<byte[]> parameterSets) {

    public enum Kind { VIDEO, AUDIO, SUBTITLES }
}
