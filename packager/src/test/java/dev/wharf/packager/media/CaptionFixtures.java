package dev.wharf.packager.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: ATSC A/53 caption SEI messages (user_data_registered_itu_t_t35, "GA94", cc_data) and their
 * insertion into an H.264 Annex B elementary stream, before each access unit's first slice.
 */
public final class CaptionFixtures {
    private CaptionFixtures() {}

    /** A CEA-608 byte pair for field 1 ({@code field} 0) or field 2 (1): cc_valid, with odd parity added. */
    public static byte[] cc608(int field, int c1, int c2) {
        return new byte[] {(byte) (0xFC | field), (byte) parity(c1), (byte) parity(c2)};
    }

    /** 608 padding (cc_valid, null pair). */
    public static byte[] padding608() {
        return new byte[] {(byte) 0xFC, (byte) 0x80, (byte) 0x80};
    }

    /**
     * One DTVCC packet (CTA-708 6.2) with one service block of {@code data} for {@code service} (1..63), as
     * cc_type 3 + 2 triplets.
     */
    public static byte[] dtvcc(int sequence, int service, byte[] data) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0); // header, patched below
        if (service < 7) {
            packet.write((service << 5) | data.length);
        } else {
            packet.write((7 << 5) | data.length);
            packet.write(service & 0x3F);
        }
        packet.writeBytes(data);
        if (packet.size() % 2 == 1) {
            packet.write(0); // a null service block header pads to whole pairs
        }
        byte[] p = packet.toByteArray();
        p[0] = (byte) ((sequence & 3) << 6 | (p.length / 2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < p.length; i += 2) {
            out.write(i == 0 ? 0xFF : 0xFE);
            out.write(p[i]);
            out.write(p[i + 1]);
        }
        return out.toByteArray();
    }

    static int parity(int c) {
        return Integer.bitCount(c & 0x7F) % 2 == 0 ? (c | 0x80) : (c & 0x7F);
    }

    /** The SEI RBSP payload (no NAL header, no emulation prevention) carrying these cc_data triplets. */
    public static byte[] seiRbsp(byte[]... triplets) {
        ByteArrayOutputStream cc = new ByteArrayOutputStream();
        int count = 0;
        for (byte[] t : triplets) {
            cc.writeBytes(t);
            count += t.length / 3;
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(new byte[] {(byte) 0xB5, 0x00, 0x31, 'G', 'A', '9', '4', 0x03});
        payload.write(0x40 | count); // process_cc_data_flag, cc_count
        payload.write(0xFF); // em_data
        payload.writeBytes(cc.toByteArray());
        payload.write(0xFF); // marker_bits
        byte[] p = payload.toByteArray();
        ByteArrayOutputStream sei = new ByteArrayOutputStream();
        sei.write(4); // payloadType: user_data_registered_itu_t_t35
        int size = p.length;
        while (size >= 255) {
            sei.write(0xFF);
            size -= 255;
        }
        sei.write(size);
        sei.writeBytes(p);
        sei.write(0x80); // rbsp_trailing_bits
        return sei.toByteArray();
    }

    /** An H.264 SEI NAL unit (header 0x06) with emulation prevention, without start code. */
    public static byte[] h264SeiNal(byte[] rbsp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x06);
        int zeros = 0;
        for (byte b : rbsp) {
            int v = b & 0xFF;
            if (zeros >= 2 && v <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(v);
            zeros = v == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    /**
     * Inserts {@code seiNals.get(i % size)} (NAL units without start code) before the first slice of access
     * unit i of an Annex B H.264 stream (one slice per picture, as x264 writes with default settings).
     */
    public static byte[] insertBeforeSlices(byte[] annexB, List<byte[]> seiNals) {
        List<int[]> nals = new ArrayList<>(); // [start of start code, start of NAL]
        for (int i = 0; i + 2 < annexB.length; i++) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
                int sc = i > 0 && annexB[i - 1] == 0 ? i - 1 : i;
                nals.add(new int[] {sc, i + 3});
                i += 2;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(annexB.length + nals.size() * 32);
        int au = 0;
        for (int n = 0; n < nals.size(); n++) {
            int start = nals.get(n)[0];
            int end = n + 1 < nals.size() ? nals.get(n + 1)[0] : annexB.length;
            int type = annexB[nals.get(n)[1]] & 0x1F;
            if (type == 1 || type == 5) {
                out.writeBytes(new byte[] {0, 0, 0, 1});
                out.writeBytes(seiNals.get(au++ % seiNals.size()));
            }
            out.write(annexB, start, end - start);
        }
        return out.toByteArray();
    }
}
