package dev.wharf.packager.demux.ts;

import dev.wharf.packager.media.Ac3Header;
import dev.wharf.packager.media.Ac3SyncFrame;
import dev.wharf.packager.sample.TrackFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * AC-3 and E-AC-3 (ETSI TS 102 366): syncframes found by the sync word and sized from their header. An AC-3
 * sample is one syncframe (1536 samples). An E-AC-3 sample is the independent substream 0 syncframe plus the
 * syncframes of the other substreams that follow it (ISO BMFF binding, TS 102 366 F.4), 256 samples per audio block.
 * The decoder configuration is the payload of {@code dac3} (F.4) or {@code dec3} (F.6), the latter built from the
 * substreams of the first complete sample.
 */
final class Ac3EsParser extends AudioFrameParser {

    private final String language;
    private Ac3SyncFrame header;

    // The open sample: syncframes [openStart, openEnd) of openBuf.
    private byte[] openBuf;
    private int openStart;
    private int openEnd;
    private long openTime;
    private final List<Ac3SyncFrame> openFrames = new ArrayList<>(4);
    private boolean formatKnown;

    Ac3EsParser(TrackOutput out, String language) {
        super(out);
        this.language = language;
    }

    @Override
    int frameLength(byte[] b, int i, int avail) {
        if (avail < 16) {
            return avail >= 2 && ((b[i] & 0xFF) != 0x0B || (b[i + 1] & 0xFF) != 0x77) ? NO_SYNC : NEED_MORE;
        }
        Ac3SyncFrame h = Ac3Header.parseFrame(b, i, 16);
        if (h == null) {
            return NO_SYNC;
        }
        header = h;
        if (startsSample(h)) {
            sampleRate = h.sampleRate();
        }
        return h.frameSize();
    }

    private static boolean startsSample(Ac3SyncFrame h) {
        return !h.eac3() || (h.strmtyp() != 1 && h.substreamid() == 0);
    }

    @Override
    int frame(byte[] b, int i, int length, long time) {
        Ac3SyncFrame h = header;
        if (!startsSample(h) && openBuf == b && openEnd == i) {
            openEnd += length; // a further substream of the same time slot
            openFrames.add(h);
            return 0;
        }
        if (!startsSample(h)) {
            return 0; // a dependent substream whose independent frame we do not have
        }
        closeSample();
        openBuf = b;
        openStart = i;
        openEnd = i + length;
        openTime = time;
        openFrames.add(h);
        return h.samples();
    }

    @Override
    void endOfPes() {
        closeSample();
    }

    @Override
    int nominalFrameSamples() {
        return header != null ? header.samples() : 1536;
    }

    private void closeSample() {
        if (openBuf == null) {
            return;
        }
        if (!formatKnown) {
            formatKnown = true;
            Ac3SyncFrame first = openFrames.getFirst();
            byte[] config = first.eac3() ? DecoderConfigs.dec3(openFrames) : DecoderConfigs.dac3(first);
            String codec = first.eac3() ? "ec-3" : "ac-3"; // what the frames are, whatever the PMT said
            out.format(new TrackFormat(out.trackId, TrackFormat.Kind.AUDIO, codec, first.sampleRate(), 0, 0,
                    first.sampleRate(), first.channels(), language, config, List.of()));
        }
        out.sample(openTime, openTime, true, openBuf, openStart, openEnd - openStart);
        openBuf = null;
        openFrames.clear();
    }
}
