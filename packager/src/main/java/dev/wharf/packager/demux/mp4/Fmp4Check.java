package dev.wharf.packager.demux.mp4;

/** The ingest's structural check of an fMP4 file: every top-level box fits, and an init segment parses. */
public final class Fmp4Check {
    private Fmp4Check() {}

    /** Null when the bytes are a well-formed init or media segment at the top level, else the reason. */
    public static String problem(byte[] b) {
        Mp4Boxes.Cursor c = new Mp4Boxes.Cursor(b, 0, b.length);
        boolean moov = false;
        int boxes = 0;
        while (c.next()) {
            boxes++;
            moov |= c.type == Fmp4InitParser.MOOV;
        }
        if (c.truncated) {
            return "box " + (boxes + 1) + " declares " + c.badSize + " bytes, more than the " + b.length
                    + " bytes received (truncated or not ISO BMFF)";
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
