package dev.wharf.packager.demux.mp4;

/** An init segment that cannot be used: malformed boxes, no track, or no supported codec. */
public final class Mp4FormatException extends Exception {
    public Mp4FormatException(String message) {
        super(message, null, false, false);
    }
}
