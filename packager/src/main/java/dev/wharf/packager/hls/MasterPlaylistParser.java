package dev.wharf.packager.hls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One pass over the lines of a master playlist (RFC 8216 section 4.3.4). Single use.
 */
final class MasterPlaylistParser {

    private final List<String> lines;
    private final List<Variant> variants = new ArrayList<>();
    private final List<Rendition> renditions = new ArrayList<>();
    private final List<Variant> iframeVariants = new ArrayList<>();
    private final List<String> unknownTags = new ArrayList<>();
    private boolean independentSegments;

    // an EXT-X-STREAM-INF waiting for its URI line
    private LinkedHashMap<String, String> pending;
    private int pendingLine;

    MasterPlaylistParser(List<String> lines) {
        this.lines = lines;
    }

    MasterPlaylist parse(int from) throws PlaylistParseException {
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            int lineNumber = i + 1;
            if (line.charAt(0) != '#') {
                if (pending == null) {
                    throw new PlaylistParseException(lineNumber, "URI '" + PlaylistParser.abbreviate(line)
                            + "' is not preceded by EXT-X-STREAM-INF");
                }
                variants.add(variant(line, pending, "EXT-X-STREAM-INF", pendingLine));
                pending = null;
            } else if (line.startsWith("#EXT")) {
                tag(line, lineNumber);
            } // else a comment (section 4.1)
        }
        if (pending != null) {
            throw new PlaylistParseException(pendingLine, "EXT-X-STREAM-INF is not followed by a URI line");
        }
        return new MasterPlaylist(variants, renditions, iframeVariants, independentSegments, unknownTags);
    }

    private void tag(String line, int lineNumber) throws PlaylistParseException {
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1).strip();
        switch (name) {
            case "#EXT-X-STREAM-INF" -> { // section 4.3.4.2
                requireNoPending(lineNumber);
                pending = attributes(value, "EXT-X-STREAM-INF", lineNumber);
                pendingLine = lineNumber;
            }
            case "#EXT-X-I-FRAME-STREAM-INF" -> { // section 4.3.4.3
                requireNoPending(lineNumber);
                LinkedHashMap<String, String> attributes = attributes(value, "EXT-X-I-FRAME-STREAM-INF", lineNumber);
                String uri = AttributeList.unquote(attributes.get("URI"));
                if (uri == null || uri.isEmpty()) {
                    throw new PlaylistParseException(lineNumber, "EXT-X-I-FRAME-STREAM-INF has no URI attribute");
                }
                iframeVariants.add(variant(uri, attributes, "EXT-X-I-FRAME-STREAM-INF", lineNumber));
            }
            case "#EXT-X-MEDIA" -> { // section 4.3.4.1
                requireNoPending(lineNumber);
                renditions.add(rendition(attributes(value, "EXT-X-MEDIA", lineNumber), lineNumber));
            }
            case "#EXT-X-INDEPENDENT-SEGMENTS" -> independentSegments = true; // section 4.3.5.1
            case "#EXTM3U" -> { } // section 4.3.1.1; repeated: harmless
            // EXT-X-VERSION (4.3.1.2), EXT-X-SESSION-DATA (4.3.4.4), EXT-X-SESSION-KEY (4.3.4.5),
            // EXT-X-START (4.3.5.2), stray media playlist tags, unknown tags: kept raw.
            default -> unknownTags.add(line);
        }
    }

    private void requireNoPending(int lineNumber) throws PlaylistParseException {
        if (pending != null) {
            throw new PlaylistParseException(pendingLine, "EXT-X-STREAM-INF is not followed by a URI line"
                    + " (line " + lineNumber + " is another tag)");
        }
    }

    /**
     * {@code EXT-X-STREAM-INF} (section 4.3.4.2) or {@code EXT-X-I-FRAME-STREAM-INF} (section
     * 4.3.4.3) attributes; BANDWIDTH is required.
     */
    private static Variant variant(String uri, LinkedHashMap<String, String> a, String tag, int line)
            throws PlaylistParseException {
        String bandwidth = a.get("BANDWIDTH");
        if (bandwidth == null) {
            throw new PlaylistParseException(line, tag + " has no BANDWIDTH attribute");
        }
        long peak = integer(bandwidth, tag, "BANDWIDTH", line);
        String average = a.get("AVERAGE-BANDWIDTH");
        int width = 0;
        int height = 0;
        String resolution = a.get("RESOLUTION");
        if (resolution != null) {
            int x = Math.max(resolution.indexOf('x'), resolution.indexOf('X'));
            try {
                if (x < 0) {
                    throw new IllegalArgumentException();
                }
                width = Numbers.decimalInt(resolution.substring(0, x));
                height = Numbers.decimalInt(resolution.substring(x + 1));
            } catch (IllegalArgumentException e) {
                throw new PlaylistParseException(line, tag + " RESOLUTION '" + resolution
                        + "' is not <width>x<height>");
            }
        }
        double frameRate = 0;
        String rate = a.get("FRAME-RATE");
        if (rate != null) {
            try {
                frameRate = Numbers.decimalFloat(rate);
            } catch (IllegalArgumentException e) {
                throw new PlaylistParseException(line, tag + " FRAME-RATE '" + rate + "' " + e.getMessage());
            }
        }
        return new Variant(uri, peak,
                average == null ? -1 : integer(average, tag, "AVERAGE-BANDWIDTH", line),
                AttributeList.unquote(a.get("CODECS")),
                width, height, frameRate,
                AttributeList.unquote(a.get("AUDIO")),
                AttributeList.unquote(a.get("VIDEO")),
                AttributeList.unquote(a.get("SUBTITLES")),
                AttributeList.unquote(a.get("CLOSED-CAPTIONS")),
                a);
    }

    /** {@code EXT-X-MEDIA} (section 4.3.4.1); TYPE and GROUP-ID are required. */
    private static Rendition rendition(LinkedHashMap<String, String> a, int line) throws PlaylistParseException {
        String type = a.get("TYPE");
        if (type == null || type.isEmpty()) {
            throw new PlaylistParseException(line, "EXT-X-MEDIA has no TYPE attribute");
        }
        String groupId = AttributeList.unquote(a.get("GROUP-ID"));
        if (groupId == null) {
            throw new PlaylistParseException(line, "EXT-X-MEDIA has no GROUP-ID attribute");
        }
        return new Rendition(type, groupId,
                AttributeList.unquote(a.get("NAME")),
                AttributeList.unquote(a.get("LANGUAGE")),
                AttributeList.unquote(a.get("URI")),
                "YES".equals(a.get("DEFAULT")),
                "YES".equals(a.get("AUTOSELECT")),
                "YES".equals(a.get("FORCED")),
                AttributeList.unquote(a.get("INSTREAM-ID")),
                AttributeList.unquote(a.get("CHARACTERISTICS")),
                AttributeList.unquote(a.get("CHANNELS")),
                a);
    }

    private static long integer(String text, String tag, String attribute, int line) throws PlaylistParseException {
        try {
            return Numbers.decimalInteger(text);
        } catch (IllegalArgumentException e) {
            throw new PlaylistParseException(line, tag + " " + attribute + " '" + text + "' " + e.getMessage());
        }
    }

    private static LinkedHashMap<String, String> attributes(String value, String tag, int line)
            throws PlaylistParseException {
        try {
            return AttributeList.parse(value);
        } catch (IllegalArgumentException e) {
            throw new PlaylistParseException(line, tag + ": " + e.getMessage());
        }
    }
}
