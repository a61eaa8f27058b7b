package dev.wharf.packager.hls;

/**
 * A playlist the parser refuses: malformed in a way that would give a wrong timeline, or over the
 * size limits. The message says what and where, for example
 * {@code line 7: EXTINF duration 'abc' is not a decimal number}.
 */
public final class PlaylistParseException extends Exception {

    private final int line;
    private final String reason;

    /** Longest reason kept, in characters: it is sent to the encoder and logged. */
    static final int MAX_REASON = 240;
    /** Longest quoted piece of the input kept in a reason. */
    static final int MAX_QUOTED = 60;

    PlaylistParseException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + bounded(reason) : bounded(reason));
        this.line = line;
        this.reason = bounded(reason);
    }

    /**
     * The reason with each {@code '...'}-quoted piece of the input abbreviated, control characters
     * shown as {@code ?} (no forged log lines), and the whole cut at {@link #MAX_REASON}: a reason
     * quoting a megabyte-long line must not become a megabyte-long answer (found by fuzzing,
     * docs/security.md).
     */
    static String bounded(String reason) {
        StringBuilder b = new StringBuilder(Math.min(reason.length(), MAX_REASON + 8));
        int i = 0;
        while (i < reason.length() && b.length() < MAX_REASON) {
            char c = reason.charAt(i);
            int close = c == '\'' ? reason.indexOf('\'', i + 1) : -1;
            if (close > i + 1 + MAX_QUOTED) {
                appendPrintable(b, reason, i, i + 1 + MAX_QUOTED - 3);
                b.append("...");
                i = close; // the closing quote is appended next
                continue;
            }
            appendPrintable(b, reason, i, i + 1);
            i++;
        }
        if (i < reason.length()) {
            b.setLength(Math.min(b.length(), MAX_REASON - 3));
            b.append("...");
        }
        return b.toString();
    }

    private static void appendPrintable(StringBuilder b, String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
    }

    /** The 1-based line the problem is on, or 0 when it concerns the whole input (its size). */
    public int line() {
        return line;
    }

    /** The message without its {@code line N: } prefix. */
    public String reason() {
        return reason;
    }
}
