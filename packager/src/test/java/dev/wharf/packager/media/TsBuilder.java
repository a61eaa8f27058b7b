package dev.wharf.packager.media;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Test helper: builds small, synthetic transport streams packet by packet (ISO/IEC 13818-1 syntax). */
public final class TsBuilder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int[] cc = new int[8192];

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** One packet; the payload is padded in front by an adaptation field of stuffing bytes to fill 184 bytes. */
    public TsBuilder packet(int pid, boolean unitStart, byte[] payload) {
        return packet(pid, unitStart, payload, 0, payload.length, 0);
    }

    /**
     * One packet with up to {@code 184 - minAdaptation} payload bytes taken from {@code payload[from, to)};
     * an adaptation field of at least {@code minAdaptation} bytes (0: only if needed for stuffing).
     */
    public TsBuilder packet(int pid, boolean unitStart, byte[] payload, int from, int to, int minAdaptation) {
        byte[] p = new byte[188];
        int n = to - from;
        int adaptation = Math.max(minAdaptation, 184 - n);
        if (n + adaptation > 184) {
            throw new IllegalArgumentException("payload too long");
        }
        p[0] = 0x47;
        p[1] = (byte) ((unitStart ? 0x40 : 0) | (pid >> 8));
        p[2] = (byte) pid;
        int afc = (adaptation > 0 ? 0x20 : 0) | (n > 0 ? 0x10 : 0);
        p[3] = (byte) (afc | (cc[pid] & 0x0F));
        if (n > 0) {
            cc[pid]++;
        }
        int pos = 4;
        if (adaptation > 0) {
            p[4] = (byte) (adaptation - 1);
            if (adaptation > 1) {
                p[5] = 0; // no flags
                Arrays.fill(p, 6, 4 + adaptation, (byte) 0xFF);
            }
            pos = 4 + adaptation;
        }
        System.arraycopy(payload, from, p, pos, n);
        out.writeBytes(p);
        return this;
    }

    /** A PSI section in one packet, with pointer_field 0. */
    public TsBuilder section(int pid, byte[] section) {
        byte[] payload = new byte[section.length + 1];
        System.arraycopy(section, 0, payload, 1, section.length);
        return packet(pid, true, payload);
    }

    /** PES packets for one access unit, split over as many TS packets as needed. */
    public TsBuilder pes(int pid, int streamId, long pts, byte[] es) {
        byte[] pes = pesPacket(streamId, pts, es);
        int pos = 0;
        boolean first = true;
        while (pos < pes.length) {
            int n = Math.min(184, pes.length - pos);
            packet(pid, first, pes, pos, pos + n, 0);
            pos += n;
            first = false;
        }
        return this;
    }

    public static byte[] pesPacket(int streamId, long pts, byte[] es) {
        byte[] h = new byte[14 + es.length];
        h[2] = 1;
        h[3] = (byte) streamId;
        int len = streamId >= 0xE0 && streamId <= 0xEF ? 0 : 8 + es.length;
        h[4] = (byte) (len >> 8);
        h[5] = (byte) len;
        h[6] = (byte) 0x80;
        h[7] = (byte) 0x80; // PTS only
        h[8] = 5;
        h[9] = (byte) (0x21 | ((pts >> 29) & 0x0E));
        h[10] = (byte) (pts >> 22);
        h[11] = (byte) (0x01 | ((pts >> 14) & 0xFE));
        h[12] = (byte) (pts >> 7);
        h[13] = (byte) (0x01 | ((pts << 1) & 0xFE));
        System.arraycopy(es, 0, h, 14, es.length);
        return h;
    }

    public static byte[] pat(int programNumber, int pmtPid) {
        return withCrc(new byte[] {
                0x00, (byte) 0xB0, 13, 0x00, 0x01, (byte) 0xC1, 0x00, 0x00,
                (byte) (programNumber >> 8), (byte) programNumber, (byte) (0xE0 | (pmtPid >> 8)), (byte) pmtPid,
                0, 0, 0, 0});
    }

    /** A PMT; each stream is {@code streamType, pid, descriptor bytes...}. */
    public static byte[] pmt(int programNumber, int pcrPid, byte[]... streams) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.write(0x02);
        s.write(0);
        s.write(0); // section_length patched below
        s.write(programNumber >> 8);
        s.write(programNumber);
        s.write(0xC1);
        s.write(0);
        s.write(0);
        s.write(0xE0 | (pcrPid >> 8));
        s.write(pcrPid);
        s.write(0xF0);
        s.write(0);
        for (byte[] st : streams) {
            s.writeBytes(st);
        }
        s.writeBytes(new byte[4]);
        byte[] b = s.toByteArray();
        int sectionLength = b.length - 3;
        b[1] = (byte) (0xB0 | (sectionLength >> 8));
        b[2] = (byte) sectionLength;
        return withCrc(b);
    }

    public static byte[] es(int streamType, int pid, byte[] descriptors) {
        byte[] e = new byte[5 + descriptors.length];
        e[0] = (byte) streamType;
        e[1] = (byte) (0xE0 | (pid >> 8));
        e[2] = (byte) pid;
        e[3] = (byte) (0xF0 | (descriptors.length >> 8));
        e[4] = (byte) descriptors.length;
        System.arraycopy(descriptors, 0, e, 5, descriptors.length);
        return e;
    }

    /** Fills the last 4 bytes with CRC_32 (Annex B), computed independently of the code under test. */
    public static byte[] withCrc(byte[] section) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < section.length - 4; i++) {
            crc ^= (section[i] & 0xFF) << 24;
            for (int k = 0; k < 8; k++) {
                crc = crc < 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        int at = section.length - 4;
        section[at] = (byte) (crc >>> 24);
        section[at + 1] = (byte) (crc >>> 16);
        section[at + 2] = (byte) (crc >>> 8);
        section[at + 3] = (byte) crc;
        return section;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
