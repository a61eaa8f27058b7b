package dev.wharf.packager.demux.ts;

/**
 * Framing and timing shared by the audio elementary streams (ADTS, AC-3/E-AC-3): splits PES payloads into
 * frames, carries a frame that spans a PES boundary over to the next PES, and times frames in the track's
 * timescale, which is the audio sample rate.
 *
 * <p>Timing: 13818-1 2.4.3.7 says a PES PTS belongs to the first access unit that starts in that PES. That frame
 * is anchored at {@code round(pts * sampleRate / 90000)} the first time, and each frame advances the time by its
 * exact sample count (1024 for AAC, 1536 for AC-3). Later PES PTSs only re-anchor when they are off by more than
 * half a frame (a gap or a time base change), so the 90 kHz rounding of the PES timestamps never leaks into
 * durations. Frames before the first PTS are dropped.
 *
 * <p>Samples point into the PES buffer (no copy), except a frame that spans two PES packets: that one is
 * assembled into a new array together with the next PES payload.
 */
abstract class AudioFrameParser implements EsParser {

    /** A frame header needs more bytes than there are to decide. */
    static final int NEED_MORE = -1;
    /** No valid frame header at this position. */
    static final int NO_SYNC = 0;
    /** Bytes of an unfinished frame kept at most; more is garbage. */
    private static final int MAX_CARRY = 1 << 16;

    protected final TrackOutput out;
    /** Set by the subclass from the frame header in {@link #frameLength}. */
    protected int sampleRate;

    private byte[] carry;
    private int carryLen;
    private boolean timeKnown;
    private long nextTime;
    private int lastFrameSamples = 1024;
    private long skippedBytes;

    AudioFrameParser(TrackOutput out) {
        this.out = out;
    }

    long skippedBytes() {
        return skippedBytes;
    }

    /**
     * @param avail bytes readable from {@code i}
     * @return the frame length in bytes, {@link #NO_SYNC} or {@link #NEED_MORE}
     */
    abstract int frameLength(byte[] b, int i, int avail);

    /**
     * One whole frame; the subclass emits it (or adds it to an open sample) through {@link #out}.
     *
     * @return the samples per channel it advances the time by (0 for a frame that extends the previous sample)
     */
    abstract int frame(byte[] b, int i, int length, long time);

    /** The PES payload is used up: emit any sample still open. */
    void endOfPes() {
    }

    /** Samples per channel of a typical frame, for the last sample's duration. */
    int nominalFrameSamples() {
        return lastFrameSamples;
    }

    @Override
    public final void pes(byte[] buf, int offset, int length, long pts, long dts) {
        byte[] b = buf;
        int i = offset;
        int end = offset + length;
        int firstNew = offset;
        if (carryLen > 0) {
            b = new byte[carryLen + length];
            System.arraycopy(carry, 0, b, 0, carryLen);
            System.arraycopy(buf, offset, b, carryLen, length);
            i = 0;
            end = carryLen + length;
            firstNew = carryLen;
            carryLen = 0;
        }
        long pesPts = pts;
        while (i < end) {
            int n = frameLength(b, i, end - i);
            if (n == NO_SYNC) {
                i++;
                skippedBytes++;
                continue;
            }
            if (n == NEED_MORE || i + n > end) {
                keep(b, i, end - i);
                break;
            }
            if (pesPts >= 0 && i >= firstNew) {
                anchor(pesPts);
                pesPts = -1;
            }
            if (timeKnown) {
                int samples = frame(b, i, n, nextTime);
                if (samples > 0) {
                    nextTime += samples;
                    lastFrameSamples = samples;
                }
            }
            i += n;
        }
        endOfPes();
    }

    @Override
    public final void flush() {
        carryLen = 0;
        endOfPes();
        out.flush(nominalFrameSamples());
    }

    private void anchor(long pts90k) {
        if (sampleRate <= 0) {
            return;
        }
        long t = Math.floorDiv(pts90k * sampleRate + 45_000, 90_000);
        if (!timeKnown || Math.abs(t - nextTime) > lastFrameSamples / 2) {
            nextTime = t;
            timeKnown = true;
        }
    }

    private void keep(byte[] b, int from, int n) {
        if (n > MAX_CARRY) {
            skippedBytes += n;
            return;
        }
        if (carry == null || carry.length < n) {
            carry = new byte[Math.max(n, 2048)];
        }
        System.arraycopy(b, from, carry, 0, n);
        carryLen = n;
    }
}
