package dev.wharf.packager.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Smooth Streaming URL asks for, below the endpoint's folder (MS-SSTR 2.2.1, MediaPackage's URL form
 * {@code /out/v1/{namespace}/{channel}/{endpoint}/{manifestName}.ism/Manifest}).
 */
sealed interface SmoothRequest {
    /** {@code {manifestName}.ism/Manifest} */
    record Manifest() implements SmoothRequest {}

    /**
     * {@code {manifestName}.ism/QualityLevels({bitrate})/Fragments({stream}={time})}, or {@code FragmentInfo(...)}
     * (the fragment's {@code moof} only, MS-SSTR 2.2.3; dash.js asks for it while a live stream is paused).
     */
    record Fragment(long bitrate, String stream, long time, boolean infoOnly) implements SmoothRequest {}

    Pattern QUALITY_LEVELS = Pattern.compile("QualityLevels\\((\\d{1,12})\\)");
    Pattern FRAGMENTS = Pattern.compile("(Fragments|FragmentInfo)\\(([A-Za-z0-9_-]{1,64})=(\\d{1,19})\\)");

    /**
     * Parses the path elements after the endpoint ({@code folder/...}); null when they name nothing Smooth
     * serves.
     */
    static SmoothRequest parse(String manifestName, String[] rest) {
        if (rest.length < 2 || !rest[0].equals(manifestName + ".ism")) {
            return null;
        }
        if (rest.length == 2) {
            return rest[1].equals("Manifest") ? new Manifest() : null;
        }
        if (rest.length != 3) {
            return null;
        }
        Matcher q = QUALITY_LEVELS.matcher(unescape(rest[1]));
        Matcher f = FRAGMENTS.matcher(unescape(rest[2]));
        if (!q.matches() || !f.matches()) {
            return null;
        }
        try {
            return new Fragment(Long.parseLong(q.group(1)), f.group(2), Long.parseLong(f.group(3)),
                    f.group(1).equals("FragmentInfo"));
        } catch (NumberFormatException e) {
            return null; // a time beyond 2^63
        }
    }

    /** Clients may percent-encode the parentheses and the equals sign. */
    private static String unescape(String s) {
        return s.replace("%28", "(").replace("%29", ")").replace("%3D", "=").replace("%3d", "=");
    }
}
