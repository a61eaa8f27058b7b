package dev.wharf.packager.mux.ts;

import dev.wharf.packager.media.PsiParser;
import dev.wharf.packager.media.StreamTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the keyframes of an MPEG-TS segment are: what an I-frame-only playlist (RFC 8216 4.3.3.6) points at with
 * {@code EXT-X-BYTERANGE}. The video PID comes from the PAT and PMT; each PES packet on it is one access unit,
 * a keyframe when it carries an IDR picture (H.264 nal_unit_type 5) or an IRAP picture (HEVC types 16 to 23).
 *
 * <p>A keyframe's range runs from the first transport packet of its PES to the last one (packets of other PIDs
 * in between are included). The Media Initialization Section (PAT, PMT) is the start of the resource, before the
 * first keyframe: RFC 8216 4.3.3.6 lets clients take it from there when no {@code EXT-X-MAP} is given.
 */
public final class TsKeyframeIndex {

    /**
     * One keyframe.
     *
     * @param offset  byte offset of its first transport packet
     * @param length  bytes up to the end of its last transport packet
     * @param pts90k  its presentation time (33 bits, 90 kHz)
     */
    public record Keyframe(long offset, long length, long pts90k) {}

    private TsKeyframeIndex() {}

    /** The keyframes of a segment, in stream order; empty when it has no H.264/HEVC video or no keyframe. */
    public static List<Keyframe> index(byte[] ts) {
        PsiParser.SectionAssembler pat = new PsiParser.SectionAssembler(PsiParser.TABLE_ID_PAT);
        PsiParser.SectionAssembler pmt = new PsiParser.SectionAssembler(PsiParser.TABLE_ID_PMT);
        int pmtPid = -1;
        int videoPid = -1;
        boolean hevc = false;
        List<Keyframe> out = new ArrayList<>();
        Pes current = new Pes();
        for (int p = 0; p + TsJoiner.PACKET <= ts.length; p += TsJoiner.PACKET) {
            if ((ts[p] & 0xFF) != TsJoiner.SYNC) {
                continue;
            }
            boolean start = (ts[p + 1] & 0x40) != 0;
            int pid = ((ts[p + 1] & 0x1F) << 8) | (ts[p + 2] & 0xFF);
            int afc = (ts[p + 3] >> 4) & 0x03;
            int payload = p + 4;
            if ((afc & 0x02) != 0) {
                payload += 1 + (ts[p + 4] & 0xFF);
            }
            int end = p + TsJoiner.PACKET;
            if ((afc & 0x01) == 0 || payload >= end) {
                continue;
            }
            if (pid == 0 && pmtPid < 0) {
                if (pat.feed(ts, payload, end, start)) {
                    int program = PsiParser.firstProgram(pat.section());
                    pmtPid = program < 0 ? -1 : program & 0x1FFF;
                }
            } else if (pid == pmtPid && videoPid < 0) {
                if (pmt.feed(ts, payload, end, start)) {
                    for (PsiParser.EsEntry e : PsiParser.pmtStreams(pmt.section())) {
                        if (e.streamType() == StreamTypes.H264 || e.streamType() == StreamTypes.HEVC) {
                            videoPid = e.pid();
                            hevc = e.streamType() == StreamTypes.HEVC;
                            break;
                        }
                    }
                }
            } else if (pid == videoPid) {
                if (start) {
                    finish(current, hevc, out);
                    current.reset(p);
                }
                if (current.firstPacket >= 0) {
                    current.lastPacket = p;
                    current.append(ts, payload, end - payload);
                }
            }
        }
        finish(current, hevc, out);
        return out;
    }

    /**
     * Enough of a PES packet's start to find its first picture: the PES header, then parameter sets and SEI
     * (x264 writes a ~700-byte SEI before its first IDR); the rest is not copied.
     */
    static final int HEAD_BYTES = 16 * 1024;

    private static final class Pes {
        int firstPacket = -1;
        int lastPacket;
        final byte[] head = new byte[HEAD_BYTES];
        int length;

        void reset(int packet) {
            firstPacket = packet;
            lastPacket = packet;
            length = 0;
        }

        void append(byte[] b, int from, int n) {
            int k = Math.min(n, HEAD_BYTES - length);
            System.arraycopy(b, from, head, length, k);
            length += k;
        }
    }

    private static void finish(Pes pes, boolean hevc, List<Keyframe> out) {
        if (pes.firstPacket < 0) {
            return;
        }
        byte[] b = pes.head;
        int length = pes.length;
        // PES header (ISO/IEC 13818-1 2.4.3.6): start code prefix, stream id, length, flags, header length
        if (length < 9 || b[0] != 0 || b[1] != 0 || b[2] != 1) {
            return;
        }
        int ptsDtsFlags = (b[7] >> 6) & 0x03;
        int headerEnd = 9 + (b[8] & 0xFF);
        if ((ptsDtsFlags & 0x02) == 0 || length < 14 || headerEnd > length) {
            return;
        }
        long pts = (((long) (b[9] >> 1) & 0x07) << 30) | ((long) (b[10] & 0xFF) << 22) | ((long) ((b[11] & 0xFF) >> 1) << 15)
                | ((long) (b[12] & 0xFF) << 7) | ((b[13] & 0xFF) >> 1);
        if (isKeyframe(b, headerEnd, length, hevc)) {
            out.add(new Keyframe(pes.firstPacket, pes.lastPacket + TsJoiner.PACKET - pes.firstPacket, pts));
        }
    }

    /** Whether the Annex B access unit in {@code b[from, end)} holds an IDR (H.264) or IRAP (HEVC) picture. */
    static boolean isKeyframe(byte[] b, int from, int end, boolean hevc) {
        for (int i = from; i + 3 < end; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                int header = b[i + 3] & 0xFF;
                if (hevc) {
                    int type = (header >> 1) & 0x3F;
                    if (type >= 16 && type <= 23) {
                        return true;
                    }
                    if (type < 16) {
                        return false; // the first VCL NAL unit is not IRAP
                    }
                } else {
                    int type = header & 0x1F;
                    if (type == 5) {
                        return true;
                    }
                    if (type >= 1 && type <= 4) {
                        return false;
                    }
                }
                i += 2;
            }
        }
        return false;
    }
}
