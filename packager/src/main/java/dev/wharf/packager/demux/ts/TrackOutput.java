package dev.wharf.packager.demux.ts;

import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.Arrays;

/**
 * Where an {@link EsParser} puts what it finds for one track: the format (announced when first known and again
 * when its decoder configuration changes) and samples, held back by one so that each gets
 * {@code duration = DTS(next) - DTS(this)}. The last sample gets the previous duration, or the nominal one
 * the parser gave (frame rate, 1024 for AAC...). Samples before the format is known are dropped: no muxer could
 * describe them.
 */
final class TrackOutput {

    final int trackId;
    private final TsDemuxer.Listener listener;
    private TrackFormat format;
    private int droppedBeforeFormat;

    // The held-back sample.
    private boolean pending;
    private long pDts;
    private int pCto;
    private boolean pSync;
    private byte[] pData;
    private int pOffset;
    private int pLength;
    private int lastDuration = -1;

    TrackOutput(int trackId, TsDemuxer.Listener listener) {
        this.trackId = trackId;
        this.listener = listener;
    }

    TrackFormat format() {
        return format;
    }

    int droppedBeforeFormat() {
        return droppedBeforeFormat;
    }

    void format(TrackFormat f) {
        if (format == null || !Arrays.equals(format.decoderConfig(), f.decoderConfig())
                || format.width() != f.width() || format.height() != f.height()
                || format.sampleRate() != f.sampleRate() || format.channels() != f.channels()) {
            format = f;
            listener.onTrack(f);
        }
    }

    void sample(long dts, long pts, boolean sync, byte[] data, int offset, int length) {
        if (format == null) {
            droppedBeforeFormat++;
            return;
        }
        if (pending) {
            long d = dts - pDts;
            emit(d > 0 && d <= Integer.MAX_VALUE ? (int) d : Math.max(lastDuration, 0));
        }
        pending = true;
        pDts = dts;
        long cto = pts - dts;
        pCto = cto >= 0 && cto <= Integer.MAX_VALUE ? (int) cto : 0;
        pSync = sync;
        pData = data;
        pOffset = offset;
        pLength = length;
    }

    /** Emits the held-back sample, with the previous duration or else {@code nominalDuration}. */
    void flush(int nominalDuration) {
        if (pending) {
            emit(lastDuration >= 0 ? lastDuration : nominalDuration);
        }
    }

    private void emit(int duration) {
        pending = false;
        lastDuration = duration;
        listener.onSample(new Sample(trackId, pDts, pCto, duration, pSync, pData, pOffset, pLength));
        pData = null;
    }
}
