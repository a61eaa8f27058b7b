package dev.wharf.packager.demux.ts;

/**
 * Turns 33-bit PTS/DTS values (ISO/IEC 13818-1 2.4.3.7, 90 kHz, wrapping every 2^33 ticks, about 26.5 h) into one
 * monotonic {@code long} time line shared by all tracks of the program.
 *
 * <p>The first value is kept as is; every later value is the previous result plus the signed difference of the
 * two raw values modulo 2^33, taken in {@code [-2^32, 2^32)}. So a stream whose first PTS is just below 2^33
 * continues above 2^33, and audio and video that straddle the wrap stay on one line. The reference is shared by
 * all PIDs (interleaving keeps differences small), so one track cannot drift a wrap away from another.
 */
final class PtsUnwrapper {

    static final long WRAP = 1L << 33;
    private static final long MASK = WRAP - 1;

    private long last = -1;
    private boolean started;

    long unwrap(long raw33) {
        if (!started) {
            started = true;
            last = raw33;
            return raw33;
        }
        long delta = (raw33 - last) & MASK;
        if (delta >= WRAP / 2) {
            delta -= WRAP;
        }
        last += delta;
        return last;
    }
}
