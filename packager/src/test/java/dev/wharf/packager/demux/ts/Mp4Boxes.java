package dev.wharf.packager.demux.ts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/** Test-side ISO BMFF scanner: finds a box by its path-free type in the moov tree, or the mdat payload. */
final class Mp4Boxes {

    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl");

    private Mp4Boxes() {
    }

    /** The payload (after the 8-byte header) of the first box of {@code type}, searching into sample entries. */
    static byte[] find(byte[] mp4, String type) {
        return find(mp4, 0, mp4.length, type);
    }

    private static byte[] find(byte[] b, int from, int to, String type) {
        int p = from;
        while (p + 8 <= to) {
            int size = (int) u32(b, p);
            String t = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
            if (size < 8 || p + size > to) {
                return null;
            }
            if (t.equals(type)) {
                return Arrays.copyOfRange(b, p + 8, p + size);
            }
            int childrenAt = switch (t) {
                case "stsd" -> p + 8 + 8; // full box header, entry_count
                case "avc1", "hvc1", "hev1" -> p + 8 + 78; // VisualSampleEntry
                case "mp4a", "ac-3", "ec-3" -> p + 8 + 28; // AudioSampleEntry
                default -> CONTAINERS.contains(t) ? p + 8 : -1;
            };
            if (childrenAt >= 0) {
                byte[] r = find(b, childrenAt, p + size, type);
                if (r != null) {
                    return r;
                }
            }
            p += size;
        }
        return null;
    }

    /** The DecoderSpecificInfo (tag 5) inside an esds payload (full box: 4 bytes of version and flags first). */
    static byte[] decoderSpecificInfo(byte[] esds) {
        int p = 4;
        while (p < esds.length) {
            int tag = esds[p++] & 0xFF;
            int len = 0;
            int c;
            do {
                c = esds[p++] & 0xFF;
                len = len << 7 | (c & 0x7F);
            } while ((c & 0x80) != 0);
            switch (tag) {
                case 0x03 -> p += 3; // ES_ID, flags (no optional fields from ffmpeg), then nested descriptors
                case 0x04 -> p += 13; // DecoderConfigDescriptor fixed part, then nested descriptors
                case 0x05 -> {
                    return Arrays.copyOfRange(esds, p, p + len);
                }
                default -> p += len;
            }
        }
        return null;
    }

    private static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }
}
