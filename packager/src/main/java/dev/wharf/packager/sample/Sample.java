package dev.wharf.packager.sample;

/**
 * One access unit of one track, as the demuxer emits it and the muxers consume it: a video frame
 * (length-prefixed NAL units, 4-byte lengths, parameter sets removed) or an audio frame (raw AAC
 * without ADTS header, AC-3/E-AC-3 syncframe).
 *
 * <p>Times are in the track's timescale ({@link TrackFormat#timescale()}, 90 kHz for MPEG-TS
 * sources), unwrapped (monotonic across the 33-bit PTS wrap).
 *
 * @param trackId        the track this sample belongs to ({@link TrackFormat#trackId()})
 * @param decodeTime     DTS in track timescale
 * @param compositionOffset PTS minus DTS (may be 0; never negative for TS input)
 * @param duration       in track timescale; the demuxer derives it from the next sample's DTS (the last
 *                       sample of a segment gets the previous duration, or the nominal frame duration)
 * @param sync           a random access point (IDR/IRAP for video; every audio frame)
 * @param data           the sample bytes (the muxer copies them once into mdat)
 * @param offset         start of the sample in {@code data}
 * @param length         byte length of the sample
 */
public record Sample(int trackId, long decodeTime, int compositionOffset, int duration, boolean sync,
                     byte[] data, int offset, int length) {

    public long presentationTime() {
        return decodeTime + compositionOffset;
    }
}
