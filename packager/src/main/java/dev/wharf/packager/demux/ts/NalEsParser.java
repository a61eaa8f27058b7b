package dev.wharf.packager.demux.ts;

import dev.wharf.packager.media.AvcSps;
import dev.wharf.packager.media.HevcParser;
import dev.wharf.packager.media.HevcSps;
import dev.wharf.packager.media.SpsParser;
import dev.wharf.packager.sample.TrackFormat;
import java.util.Arrays;
import java.util.List;

/**
 * H.264 (ISO/IEC 14496-10) and HEVC (ISO/IEC 23008-2) in Annex B byte stream form: one access unit per PES (as
 * ffmpeg and MediaLive write it), rewritten in place into 4-byte length-prefixed NAL units.
 *
 * <p>Parameter sets (H.264 SPS 7/PPS 8; HEVC VPS 32/SPS 33/PPS 34) leave the samples and go to the format (the
 * latest of each wins), as do access unit delimiters (9; 35) and filler data (12; 38). SEI stays (captions).
 * A sample is sync when it holds an IDR slice (5) or, for HEVC, an IRAP picture (16..23).
 *
 * <p>In place: when the kept NAL units are separated by 4-byte start codes only (x264 and most encoders), each
 * start code becomes the length of the unit after it and nothing moves. Otherwise the PES buffer has
 * {@link #HEADROOM} free bytes in front of the payload and each NAL unit moves to
 * the front behind its length; a 3-byte start code grows into a 4-byte length, which the headroom and the dropped
 * NAL units absorb. Only if they cannot (many short-start-code NAL units and no dropped ones) is the sample copied
 * into a new array.
 */
final class NalEsParser implements EsParser {

    enum Codec { H264, HEVC }

    static final int HEADROOM = 64;
    private static final int DEFAULT_FRAME_DURATION = 3000; // 30 fps at 90 kHz, when the SPS has no timing

    private final Codec codec;
    private final TrackOutput out;
    private final String language;

    private byte[] vps;
    private byte[] sps;
    private byte[] pps;
    private boolean parameterSetsChanged;
    private int nominalDuration = DEFAULT_FRAME_DURATION;

    private long lastDts = Long.MIN_VALUE;
    private long lastDelta = DEFAULT_FRAME_DURATION;

    // NAL units of the current PES: payload start (after the start code) and end (trailing zeros trimmed).
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int count;

    NalEsParser(Codec codec, TrackOutput out, String language) {
        this.codec = codec;
        this.out = out;
        this.language = language;
    }

    @Override
    public int headroom() {
        return HEADROOM;
    }

    @Override
    public void pes(byte[] buf, int offset, int length, long pts, long dts) {
        if (pts < 0) {
            if (lastDts == Long.MIN_VALUE) {
                return; // no time for this access unit
            }
            dts = lastDts + lastDelta;
            pts = dts;
        }
        if (lastDts != Long.MIN_VALUE && dts > lastDts) {
            lastDelta = dts - lastDts;
        }
        lastDts = dts;

        findNalUnits(buf, offset, offset + length);
        boolean sync = false;
        int outLength = 0;
        int kept = 0;
        for (int k = 0; k < count; k++) {
            int s = starts[k];
            int n = ends[k] - s;
            if (n <= 0) {
                continue;
            }
            int type = codec == Codec.H264 ? buf[s] & 0x1F : (buf[s] >> 1) & 0x3F;
            if (keep(type, buf, s, n)) {
                sync |= codec == Codec.H264 ? type == 5 : type >= 16 && type <= 23;
                starts[kept] = s;
                ends[kept] = ends[k];
                kept++;
                outLength += 4 + n;
            }
        }
        if (parameterSetsChanged) {
            updateFormat();
        }
        if (kept == 0) {
            return;
        }
        if (lengthsOverStartCodes(buf, kept)) {
            out.sample(dts, pts, sync, buf, starts[0] - 4, outLength);
            return;
        }
        byte[] data = buf;
        int pos = 0;
        if (!fitsInPlace(kept)) {
            data = new byte[outLength];
        }
        for (int k = 0; k < kept; k++) {
            int n = ends[k] - starts[k];
            System.arraycopy(buf, starts[k], data, pos + 4, n);
            data[pos] = (byte) (n >>> 24);
            data[pos + 1] = (byte) (n >>> 16);
            data[pos + 2] = (byte) (n >>> 8);
            data[pos + 3] = (byte) n;
            pos += 4 + n;
        }
        out.sample(dts, pts, sync, data, 0, outLength);
    }

    @Override
    public void flush() {
        out.flush(nominalDuration);
    }

    /**
     * The common case without moving any byte: the kept NAL units follow one another separated by exactly a 4-byte
     * start code ({@code 00 00 00 01}; dropped units such as the AUD and parameter sets only before them, or
     * after), so each start code is overwritten by the length of the unit after it and the sample is the buffer
     * from the first length on. The 4 bytes before the first kept unit are a start code, a dropped unit or
     * headroom, none of which is needed any more (parameter sets were copied out). Same bytes as moving.
     */
    private boolean lengthsOverStartCodes(byte[] buf, int kept) {
        for (int k = 1; k < kept; k++) {
            if (ends[k - 1] != starts[k] - 4) {
                return false;
            }
        }
        for (int k = 0; k < kept; k++) {
            int n = ends[k] - starts[k];
            int at = starts[k] - 4;
            buf[at] = (byte) (n >>> 24);
            buf[at + 1] = (byte) (n >>> 16);
            buf[at + 2] = (byte) (n >>> 8);
            buf[at + 3] = (byte) n;
        }
        return true;
    }

    /** In place is safe when no NAL unit's new position (behind its 4-byte length) lies after its old one. */
    private boolean fitsInPlace(int kept) {
        int pos = 0;
        for (int k = 0; k < kept; k++) {
            if (pos + 4 > starts[k]) {
                return false;
            }
            pos += 4 + ends[k] - starts[k];
        }
        return true;
    }

    /** False for NAL unit types that leave the sample; parameter sets are remembered on the way. */
    private boolean keep(int type, byte[] b, int s, int n) {
        if (codec == Codec.H264) {
            switch (type) {
                case 7 -> sps = remember(sps, b, s, n);
                case 8 -> pps = remember(pps, b, s, n);
                case 9, 12 -> {
                }
                default -> {
                    return true;
                }
            }
        } else {
            switch (type) {
                case 32 -> vps = remember(vps, b, s, n);
                case 33 -> sps = remember(sps, b, s, n);
                case 34 -> pps = remember(pps, b, s, n);
                case 35, 38 -> {
                }
                default -> {
                    return true;
                }
            }
        }
        return false;
    }

    private byte[] remember(byte[] current, byte[] b, int s, int n) {
        if (current != null && Arrays.equals(current, 0, current.length, b, s, s + n)) {
            return current;
        }
        parameterSetsChanged = true;
        return Arrays.copyOfRange(b, s, s + n);
    }

    private void updateFormat() {
        if (sps == null || pps == null || (codec == Codec.HEVC && vps == null)) {
            return;
        }
        parameterSetsChanged = false;
        TrackFormat f;
        if (codec == Codec.H264) {
            AvcSps p = SpsParser.parseNal(sps, 0, sps.length);
            if (p == null) {
                return;
            }
            nominalDuration = frameDuration(p.frameRate());
            f = new TrackFormat(out.trackId, TrackFormat.Kind.VIDEO, p.codec(), 90_000, p.width(), p.height(), 0, 0,
                    language, DecoderConfigs.avcC(sps, pps, p), List.of(sps, pps));
        } else {
            HevcSps p = HevcParser.parseSpsNal(sps, 0, sps.length);
            if (p == null) {
                return;
            }
            nominalDuration = frameDuration(p.frameRate());
            int parallelism = HevcParser.parallelismType(pps, 0, pps.length);
            f = new TrackFormat(out.trackId, TrackFormat.Kind.VIDEO, p.codec(), 90_000, p.width(), p.height(), 0, 0,
                    language, DecoderConfigs.hvcC(vps, sps, pps, p, parallelism), List.of(vps, sps, pps));
        }
        out.format(f);
    }

    private static int frameDuration(double frameRate) {
        return frameRate > 0 ? (int) Math.round(90_000 / frameRate) : DEFAULT_FRAME_DURATION;
    }

    /**
     * Annex B.2 scan: start codes {@code 00 00 01} (a leading {@code 00} of a 4-byte start code and any
     * trailing_zero_8bits are trimmed from the end of the previous NAL unit). Bytes before the first start code are
     * not a NAL unit and are ignored.
     */
    private void findNalUnits(byte[] b, int from, int end) {
        count = 0;
        int i = from;
        while (i + 2 < end) {
            int c = b[i + 2];
            if (c > 1 || c < 0) {
                i += 3;
            } else if (c == 0) {
                i++;
            } else if (b[i] == 0 && b[i + 1] == 0) {
                if (count > 0) {
                    ends[count - 1] = trimZeros(b, starts[count - 1], i);
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count++] = i + 3;
                i += 3;
            } else {
                i += 3;
            }
        }
        if (count > 0) {
            ends[count - 1] = trimZeros(b, starts[count - 1], end);
        }
    }

    private static int trimZeros(byte[] b, int start, int end) {
        while (end > start && b[end - 1] == 0) {
            end--;
        }
        return end;
    }
}
