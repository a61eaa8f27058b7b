package dev.wharf.packager.ingest;

import java.nio.charset.StandardCharsets;

/** Quick structural checks that an ingested file is what its name says (the media probe does the rest). */
final class SegmentCheck {
    private SegmentCheck() {}

    /** Null when the bytes look like ISO BMFF (fMP4 init or media segment), else the reason. */
    static String mp4(byte[] b) {
        if (b.length < 8) {
            return "not an fMP4 segment: shorter than one box header";
        }
        long size = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        String type = new String(b, 4, 4, StandardCharsets.ISO_8859_1);
        boolean known = switch (type) {
            case "ftyp", "styp", "moof", "moov", "sidx", "emsg", "prft", "free" -> true;
            default -> false;
        };
        if (!known) {
            return "not an fMP4 segment: first box is '" + printableType(type) + "', expected ftyp, styp, moof, sidx, emsg or prft";
        }
        if (size != 1 && (size < 8 || size > b.length)) {
            return "not an fMP4 segment: first box size " + size + " does not fit the " + b.length + " bytes received";
        }
        return null;
    }

    /** Null when the bytes start like a WebVTT file (optional BOM, then "WEBVTT"). */
    static String webvtt(byte[] b) {
        int off = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
        if (b.length - off < 6 || !new String(b, off, 6, StandardCharsets.US_ASCII).equals("WEBVTT")) {
            return "not a WebVTT file: it must start with 'WEBVTT'";
        }
        if (b.length - off > 6 && !Character.isWhitespace(b[off + 6])) {
            return "not a WebVTT file: 'WEBVTT' must be followed by a space, tab or line break";
        }
        return null;
    }

    /** Null when the bytes start like packed audio: an ID3 tag, an ADTS or an AC-3/E-AC-3 sync word. */
    static String packedAudio(byte[] b) {
        if (b.length >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
            return null;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xF0) == 0xF0) {
            return null;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0x0B && (b[1] & 0xff) == 0x77) {
            return null;
        }
        return "not packed audio: expected an ID3 tag, an ADTS header or an AC-3 sync word";
    }

    private static String printableType(String t) {
        StringBuilder s = new StringBuilder();
        for (char c : t.toCharArray()) {
            s.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.toString();
    }
}
