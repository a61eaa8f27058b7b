package dev.wharf.packager.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Program specific information, ISO/IEC 13818-1 2.4.4: section reassembly from transport packet payloads
 * ({@code pointer_field}, 2.4.4.2), the program association section (2.4.4.3, Table 2-30) and the TS program
 * map section (2.4.4.8, Table 2-33) with the descriptors a packager cares about (2.6).
 */
public final class PsiParser {

    public static final int TABLE_ID_PAT = 0x00;
    public static final int TABLE_ID_PMT = 0x02;
    /** 2.4.4.10: a PSI section is at most 1024 bytes including its 3-byte header. */
    static final int MAX_SECTION_BYTES = 1024;

    static final int DESCRIPTOR_REGISTRATION = 0x05;
    static final int DESCRIPTOR_ISO_639_LANGUAGE = 0x0A;
    /** ETSI EN 300 468 6.2.43 teletext_descriptor. */
    static final int DESCRIPTOR_DVB_TELETEXT = 0x56;
    /** ETSI EN 300 468 6.2.41 subtitling_descriptor. */
    static final int DESCRIPTOR_DVB_SUBTITLING = 0x59;
    /** ETSI EN 300 468 Annex D AC-3_descriptor. */
    static final int DESCRIPTOR_DVB_AC3 = 0x6A;
    /** ETSI EN 300 468 Annex D enhanced_AC-3_descriptor. */
    static final int DESCRIPTOR_DVB_EAC3 = 0x7A;

    /**
     * One elementary stream of a PMT.
     *
     * @param pid                  elementary_PID
     * @param streamType           stream_type (Table 2-34)
     * @param language             ISO 639-2 code from the ISO 639 language, subtitling or teletext descriptor, or null
     * @param dvbDescriptorTag     the first of 0x56, 0x59, 0x6A, 0x7A present, else 0
     * @param registrationFormatId format_identifier of a registration descriptor (e.g. 'AC-3'), else 0
     */
    public record EsEntry(int pid, int streamType, String language, int dvbDescriptorTag, int registrationFormatId) {
    }

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            CRC_TABLE[i] = c;
        }
    }

    private PsiParser() {
    }

    /** CRC-32/MPEG-2 (Annex B): over a whole section including its CRC_32 field the result is 0. */
    static int crc32(byte[] b, int offset, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b[i]) & 0xFF];
        }
        return crc;
    }

    /** Reassembles the first complete, CRC-valid section of one table on one PID. */
    public static final class SectionAssembler {
        private final int tableId;
        private final byte[] buf = new byte[MAX_SECTION_BYTES];
        private int len;
        private boolean collecting;

        public SectionAssembler(int tableId) {
            this.tableId = tableId;
        }

        public byte[] section() {
            return buf;
        }

        /** Feeds one packet payload {@code [pos, end)}; true once {@link #section()} holds a complete good section. */
        public boolean feed(byte[] data, int pos, int end, boolean payloadUnitStart) {
            if (payloadUnitStart) {
                if (pos >= end) {
                    return false;
                }
                int pointer = data[pos++] & 0xFF;
                if (collecting && append(data, pos, Math.min(end, pos + pointer))) {
                    return true;
                }
                pos += pointer;
                if (pos >= end) {
                    collecting = false;
                    return false;
                }
                len = 0;
                collecting = true;
                return append(data, pos, end);
            }
            return collecting && append(data, pos, end);
        }

        private boolean append(byte[] data, int from, int to) {
            int n = Math.min(to - from, buf.length - len);
            if (n > 0) {
                System.arraycopy(data, from, buf, len, n);
                len += n;
            }
            if (len < 3) {
                return false;
            }
            if ((buf[0] & 0xFF) != tableId) {
                collecting = false;
                return false;
            }
            int total = 3 + (((buf[1] & 0x0F) << 8) | (buf[2] & 0xFF));
            if (total > MAX_SECTION_BYTES || total < 12 || (buf[1] & 0x80) == 0) {
                collecting = false;
                return false;
            }
            if (len < total) {
                return false;
            }
            collecting = false;
            return crc32(buf, 0, total) == 0 && (buf[5] & 0x01) != 0; // CRC ok and current_next_indicator
        }
    }

    public static int sectionLength(byte[] s) {
        return 3 + (((s[1] & 0x0F) << 8) | (s[2] & 0xFF));
    }

    /**
     * Table 2-30: the first program with a non-zero program_number.
     *
     * @return {@code program_number << 16 | program_map_PID}, or -1 if there is none
     */
    public static int firstProgram(byte[] s) {
        int end = sectionLength(s) - 4;
        for (int i = 8; i + 4 <= end; i += 4) {
            int programNumber = ((s[i] & 0xFF) << 8) | (s[i + 1] & 0xFF);
            int pid = ((s[i + 2] & 0x1F) << 8) | (s[i + 3] & 0xFF);
            if (programNumber != 0) {
                return programNumber << 16 | pid;
            }
        }
        return -1;
    }

    public static int pmtProgramNumber(byte[] s) {
        return ((s[3] & 0xFF) << 8) | (s[4] & 0xFF);
    }

    /** Table 2-33: the elementary streams in PMT order. Malformed loops end the list early. */
    public static List<EsEntry> pmtStreams(byte[] s) {
        int end = sectionLength(s) - 4;
        int programInfoLength = ((s[10] & 0x0F) << 8) | (s[11] & 0xFF);
        List<EsEntry> out = new ArrayList<>(4);
        int i = 12 + programInfoLength;
        while (i + 5 <= end) {
            int streamType = s[i] & 0xFF;
            int pid = ((s[i + 1] & 0x1F) << 8) | (s[i + 2] & 0xFF);
            int esInfoLength = ((s[i + 3] & 0x0F) << 8) | (s[i + 4] & 0xFF);
            int d = i + 5;
            int dEnd = d + esInfoLength;
            if (dEnd > end) {
                break;
            }
            String language = null;
            int dvbTag = 0;
            int registration = 0;
            while (d + 2 <= dEnd) {
                int tag = s[d] & 0xFF;
                int dLen = s[d + 1] & 0xFF;
                int body = d + 2;
                if (body + dLen > dEnd) {
                    break;
                }
                switch (tag) {
                    case DESCRIPTOR_ISO_639_LANGUAGE, DESCRIPTOR_DVB_SUBTITLING, DESCRIPTOR_DVB_TELETEXT -> {
                        if (language == null && dLen >= 3) {
                            language = iso639(s, body);
                        }
                        if (tag != DESCRIPTOR_ISO_639_LANGUAGE && dvbTag == 0) {
                            dvbTag = tag;
                        }
                    }
                    case DESCRIPTOR_DVB_AC3, DESCRIPTOR_DVB_EAC3 -> {
                        if (dvbTag == 0) {
                            dvbTag = tag;
                        }
                    }
                    case DESCRIPTOR_REGISTRATION -> {
                        if (dLen >= 4 && registration == 0) {
                            registration = ((s[body] & 0xFF) << 24) | ((s[body + 1] & 0xFF) << 16)
                                    | ((s[body + 2] & 0xFF) << 8) | (s[body + 3] & 0xFF);
                        }
                    }
                    default -> {
                    }
                }
                d = body + dLen;
            }
            out.add(new EsEntry(pid, streamType, language, dvbTag, registration));
            i = dEnd;
        }
        return out;
    }

    /** Three ISO 8859-1 letters; anything else (e.g. zero padding) is treated as absent. */
    private static String iso639(byte[] s, int at) {
        for (int k = 0; k < 3; k++) {
            int c = s[at + k] & 0xFF;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return null;
            }
        }
        return new String(s, at, 3, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
