package dev.wharf.packager.hls;

/**
 * A playlist the parser refuses: malformed in a way that would give a wrong timeline, or over the
 * size limits. The message says what and where, for example
 * {@code line 7: EXTINF duration 'abc' is not a decimal number}.
 */
public final class PlaylistParseException extends Exception {

    private final int line;
    private final String reason;

    PlaylistParseException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
        this.reason = reason;
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
