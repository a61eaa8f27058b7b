package dev.wharf.packager.mux.ts;

import java.util.List;

/**
 * Joins consecutive MPEG-TS segments of one encoder run into one segment (HLS re-segmentation).
 *
 * <p>Why a join and not a demux/re-mux: consecutive HLS segments of one encoder run are, by RFC 8216 (3.2 and
 * 6.2.2: each segment continues the encoded stream of the one before), pieces of one transport stream. Their
 * concatenation is that stream, with PAT/PMT repeated at each former boundary (allowed anywhere, ISO/IEC 13818-1
 * 2.4.4), PCR, PTS and DTS continuous as the encoder wrote them, and every byte the encoder sent kept: SEI
 * captions, ID3, AC-3, SCTE-35, PES packets split across a boundary. A re-mux from demuxed samples would have to
 * rebuild all of that. The one thing a segmenter may break at a boundary is the {@code continuity_counter}
 * (2.4.3.3): some restart it at 0 in every segment file. The join renumbers it per PID so the output is one
 * continuous counter sequence; when the input already is continuous (ffmpeg's HLS muxer) the bytes are the plain
 * concatenation. Callers never join across a discontinuity (another encoder run or input).
 *
 * <p>Pure and deterministic: the same segments give the same bytes.
 */
public final class TsJoiner {
    public static final int PACKET = 188;
    static final int SYNC = 0x47;
    static final int NULL_PID = 0x1FFF;

    private TsJoiner() {}

    /** The segments joined, continuity counters renumbered; one segment is returned as is. */
    public static byte[] join(List<byte[]> segments) {
        if (segments.size() == 1) {
            return segments.getFirst();
        }
        int total = 0;
        for (byte[] s : segments) {
            total += s.length;
        }
        byte[] out = new byte[total];
        int[] lastOut = new int[8192];
        int[] lastIn = new int[8192];
        java.util.Arrays.fill(lastOut, -1);
        int pos = 0;
        for (byte[] s : segments) {
            System.arraycopy(s, 0, out, pos, s.length);
            java.util.Arrays.fill(lastIn, -1);
            fixContinuity(out, pos, pos + s.length, lastOut, lastIn);
            pos += s.length;
        }
        return out;
    }

    /**
     * Rewrites the continuity counters of the packets in {@code [from, to)} so that each PID continues from
     * {@code lastOut}. A packet without payload keeps the counter (2.4.3.3); a duplicate packet (same counter as
     * the previous packet of its PID in the same input) stays a duplicate.
     */
    private static void fixContinuity(byte[] b, int from, int to, int[] lastOut, int[] lastIn) {
        for (int p = from; p + PACKET <= to; p += PACKET) {
            if ((b[p] & 0xFF) != SYNC) {
                continue; // not a packet boundary: left as is (the demuxers resynchronise)
            }
            int pid = ((b[p + 1] & 0x1F) << 8) | (b[p + 2] & 0xFF);
            if (pid == NULL_PID) {
                continue;
            }
            int cc = b[p + 3] & 0x0F;
            boolean payload = (b[p + 3] & 0x10) != 0;
            int out;
            if (lastOut[pid] < 0) {
                out = cc;
            } else if (!payload || (lastIn[pid] == cc)) {
                out = lastOut[pid];
            } else {
                out = (lastOut[pid] + 1) & 0x0F;
            }
            b[p + 3] = (byte) ((b[p + 3] & 0xF0) | out);
            lastOut[pid] = out;
            lastIn[pid] = cc;
        }
    }
}
