package dev.wharf.packager.demux.mp4;

/** The ingest's structural check of an fMP4 file: every top-level box fits, and an init segment parses. */
public final class Fmp4Check {
    private Fmp4Check() {}

    /** Null when the bytes are a well-formed init or media segment at the top level, else the reason. */
    public static String problem(byte[] b) {
        Mp4Boxes.Cursor c = new Mp4Boxes.Cursor(b, 0, b.length);
        boolean moov = false;
        while (c.next()) {
            moov |= c.type == Fmp4InitParser.MOOV;
        }
        if (c.truncated) {
            return (c.badType == 0 ? "a partial box header" : "box '" + Mp4Boxes.name(c.badType) + "'") + " at byte "
                    + c.badAt + " declares " + c.badSize + " bytes but " + (b.length - c.badAt)
                    + " remain (truncated, or not ISO BMFF)";
        }
        if (moov) {
            try {
                Fmp4InitParser.parse(b);
            } catch (Mp4FormatException e) {
                return "init segment: " + e.getMessage();
            }
        }
        return null;
    }
}
