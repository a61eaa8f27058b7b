package dev.wharf.packager.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds which CEA-608 channels and CEA-708 services a video stream's captions use, from its SEI messages.
 *
 * <p>Captions ride in {@code user_data_registered_itu_t_t35} SEI messages (payloadType 4; ISO/IEC 14496-10 D.1.6,
 * ISO/IEC 23008-2 D.2.6): country code 0xB5 (USA), provider code 0x0031 (ATSC), user identifier "GA94", then
 * {@code user_data_type_code} 3 and {@code cc_data()} (ATSC A/53 Part 4 6.2.3, CTA-708 4.4): {@code cc_count}
 * triplets of {@code marker_bits(5) cc_valid(1) cc_type(2)} and two bytes. {@code cc_type} 0 and 1 carry
 * CEA-608 byte pairs of field 1 and field 2; 3 starts and 2 continues a CEA-708 DTVCC packet.
 *
 * <p>CEA-608 channel: a control code's first byte (0x10..0x1F after the parity bit) has bit 3 set for the
 * second data channel of its field (CEA-608 Table 50); characters belong to the channel of the last control
 * code. CEA-708 service: each DTVCC packet ({@code sequence_number(2) packet_size_code(6)}) holds service blocks
 * headed {@code service_number(3) block_size(5)} (+ an extended service number byte when 7), CTA-708 6.2.
 *
 * <p>Feed it SEI RBSPs (emulation prevention removed, NAL header excluded) in decode order. Never throws on
 * malformed input: what cannot be read is skipped.
 */
public final class CaptionDataParser {
    private static final int PAYLOAD_USER_DATA_REGISTERED = 4;
    private static final int MAX_DTVCC_PACKET = 128;

    private final boolean[] channels608 = new boolean[5];
    private final boolean[] services708 = new boolean[64];
    /** Last channel (0 or 1 within the field) chosen by a control code, per field. */
    private final int[] fieldChannel = new int[2];
    private final byte[] packet = new byte[MAX_DTVCC_PACKET];
    private int packetLen;
    private int packetSize;

    /** One SEI RBSP: a sequence of sei_message() (ISO/IEC 14496-10 7.3.2.3). */
    public void sei(byte[] rbsp, int offset, int length) {
        int p = offset;
        int end = offset + length;
        while (p < end) {
            if (p == end - 1 && (rbsp[p] & 0xFF) == 0x80) {
                return; // rbsp_trailing_bits
            }
            int type = 0;
            while (p < end && (rbsp[p] & 0xFF) == 0xFF) {
                type += 255;
                p++;
            }
            if (p >= end) {
                return;
            }
            type += rbsp[p++] & 0xFF;
            int size = 0;
            while (p < end && (rbsp[p] & 0xFF) == 0xFF) {
                size += 255;
                p++;
            }
            if (p >= end) {
                return;
            }
            size += rbsp[p++] & 0xFF;
            if (size > end - p) {
                return; // truncated
            }
            if (type == PAYLOAD_USER_DATA_REGISTERED) {
                userDataRegistered(rbsp, p, size);
            }
            p += size;
        }
    }

    private void userDataRegistered(byte[] b, int p, int size) {
        // itu_t_t35_country_code 0xB5, provider 0x0031, "GA94", user_data_type_code 3, then cc_data()
        if (size < 10 || (b[p] & 0xFF) != 0xB5 || (b[p + 1] & 0xFF) != 0x00 || (b[p + 2] & 0xFF) != 0x31
                || b[p + 3] != 'G' || b[p + 4] != 'A' || b[p + 5] != '9' || b[p + 6] != '4' || (b[p + 7] & 0xFF) != 0x03) {
            return;
        }
        int flags = b[p + 8] & 0xFF;
        if ((flags & 0x40) == 0) {
            return; // process_cc_data_flag off: the data is to be ignored
        }
        int count = flags & 0x1F;
        int q = p + 10; // past em_data
        int end = p + size;
        for (int i = 0; i < count && q + 3 <= end; i++, q += 3) {
            int head = b[q] & 0xFF;
            boolean valid = (head & 0x04) != 0;
            int ccType = head & 0x03;
            int d1 = b[q + 1] & 0xFF;
            int d2 = b[q + 2] & 0xFF;
            if (ccType <= 1) {
                if (valid) {
                    cea608(ccType, d1 & 0x7F, d2 & 0x7F);
                }
            } else if (ccType == 3) {
                endPacket();
                if (valid) {
                    int code = d1 & 0x3F;
                    packetSize = code == 0 ? MAX_DTVCC_PACKET : code * 2;
                    packet[0] = (byte) d1;
                    packet[1] = (byte) d2;
                    packetLen = 2;
                    if (packetLen >= packetSize) {
                        endPacket();
                    }
                }
            } else if (valid && packetSize > 0) {
                packet[packetLen++] = (byte) d1;
                packet[packetLen++] = (byte) d2;
                if (packetLen >= packetSize) {
                    endPacket();
                }
            }
        }
    }

    private void cea608(int field, int c1, int c2) {
        if (c1 == 0 && c2 == 0) {
            return; // padding
        }
        if (c1 >= 0x10 && c1 <= 0x1F) {
            fieldChannel[field] = (c1 & 0x08) != 0 ? 1 : 0;
        }
        if (c1 < 0x10 && field == 1) {
            return; // 0x01..0x0F on field 2: XDS, not a caption channel
        }
        channels608[1 + field * 2 + fieldChannel[field]] = true;
    }

    /** A DTVCC packet is complete (or cut short): note the services of its blocks. */
    private void endPacket() {
        int p = 1;
        int end = Math.min(packetLen, packetSize);
        while (p < end) {
            int header = packet[p] & 0xFF;
            int service = header >>> 5;
            int blockSize = header & 0x1F;
            p++;
            if (service == 0) {
                break; // null service block: padding to the end of the packet
            }
            if (service == 7) {
                if (p >= end) {
                    break;
                }
                service = packet[p] & 0x3F;
                p++;
            }
            if (blockSize > 0 && service > 0) {
                services708[service] = true;
            }
            p += blockSize;
        }
        packetLen = 0;
        packetSize = 0;
    }

    /** What was found so far. */
    public ClosedCaptions result() {
        List<Integer> cc = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            if (channels608[i]) {
                cc.add(i);
            }
        }
        List<Integer> services = new ArrayList<>();
        for (int i = 1; i < services708.length; i++) {
            if (services708[i]) {
                services.add(i);
            }
        }
        return cc.isEmpty() && services.isEmpty() ? ClosedCaptions.NONE : new ClosedCaptions(cc, services);
    }
}
