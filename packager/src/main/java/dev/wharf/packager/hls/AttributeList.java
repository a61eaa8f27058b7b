package dev.wharf.packager.hls;

import java.util.LinkedHashMap;

/**
 * Attribute lists (RFC 8216 section 4.2): comma-separated {@code NAME=VALUE} pairs, as in
 * {@code BANDWIDTH=1280000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720}.
 *
 * <p>Values are kept raw, exactly as written: a quoted-string keeps its quotes, so a caller (and a
 * manifest renderer passing an attribute through) can tell {@code "NONE"} from {@code NONE}. Use
 * {@link #unquote} for the content. A quoted-string may contain commas and {@code =}; an unquoted
 * value (decimal-integer, hexadecimal-sequence, decimal-floating-point, enumerated-string,
 * decimal-resolution) runs to the next comma. The name ends at the first {@code =}, so base64 or
 * data-URI values with {@code =} in them stay whole.
 *
 * <p>Tolerated beyond the grammar: whitespace around names, values and commas, a trailing comma, an
 * empty unquoted value. Refused: a name without {@code =}, an unclosed quote, text after a closing
 * quote, a quote inside an unquoted value, and a name given twice (section 4.2: clients SHOULD
 * refuse such lists).
 */
public final class AttributeList {

    private AttributeList() {}

    /**
     * Parses an attribute list into its attributes, in order, with raw values.
     *
     * @throws IllegalArgumentException when the text is not an attribute list; the message says why
     */
    public static LinkedHashMap<String, String> parse(String s) {
        LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        int n = s.length();
        int i = 0;
        while (true) {
            i = skipSpace(s, i);
            if (i >= n) {
                return attributes;
            }
            int nameStart = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',') {
                i++;
            }
            String name = s.substring(nameStart, i).strip();
            if (i >= n || s.charAt(i) == ',') {
                throw new IllegalArgumentException("attribute '" + name + "' has no '=' (expected NAME=VALUE)");
            }
            checkName(name, nameStart);
            i = skipSpace(s, i + 1);
            String value;
            if (i < n && s.charAt(i) == '"') {
                int close = s.indexOf('"', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("attribute " + name + ": quoted string is not closed");
                }
                value = s.substring(i, close + 1);
                i = skipSpace(s, close + 1);
                if (i < n && s.charAt(i) != ',') {
                    throw new IllegalArgumentException("attribute " + name + ": unexpected '" + s.charAt(i)
                            + "' after the closing quote (column " + (i + 1) + ")");
                }
            } else {
                int start = i;
                while (i < n && s.charAt(i) != ',') {
                    if (s.charAt(i) == '"') {
                        throw new IllegalArgumentException("attribute " + name
                                + ": quote inside an unquoted value (column " + (i + 1) + ")");
                    }
                    i++;
                }
                value = s.substring(start, i).strip();
            }
            if (attributes.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("attribute " + name + " appears twice");
            }
            i++; // past the comma, or past the end
        }
    }

    /** True when {@code raw} is a quoted-string: starts and ends with {@code "}. */
    public static boolean isQuoted(String raw) {
        return raw.length() >= 2 && raw.charAt(0) == '"' && raw.charAt(raw.length() - 1) == '"';
    }

    /**
     * The content of a quoted-string; any other value unchanged (tolerating encoders that leave out
     * the quotes); null for null.
     */
    public static String unquote(String raw) {
        if (raw == null) {
            return null;
        }
        return isQuoted(raw) ? raw.substring(1, raw.length() - 1) : raw;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static void checkName(String name, int column) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("attribute with an empty name (column " + (column + 1) + ")");
        }
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c <= ' ' || c == '"') {
                throw new IllegalArgumentException("attribute name '" + name + "' contains '" + c + "'");
            }
        }
    }
}
