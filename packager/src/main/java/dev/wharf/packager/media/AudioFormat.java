package dev.wharf.packager.media;

/**
 * What an audio elementary stream header tells about the stream.
 *
 * @param codec      RFC 6381 codec string ({@code mp4a.40.2}, {@code ac-3}, ...)
 * @param sampleRate sampling frequency in Hz, 0 if unknown
 * @param channels   number of channels including LFE, 0 if unknown
 */
public record AudioFormat(String codec, int sampleRate, int channels) {
}
