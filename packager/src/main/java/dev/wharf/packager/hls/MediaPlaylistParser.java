package dev.wharf.packager.hls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One pass over the lines of a media playlist (RFC 8216 sections 4.3.2 and 4.3.3). Tags that
 * describe a segment accumulate until its URI line, which completes the segment. Single use.
 */
final class MediaPlaylistParser {

    private final List<String> lines;

    // playlist tags
    private int version = 1;
    private long targetDuration = -1;
    private long mediaSequence;
    private int mediaSequenceLine;
    private long discontinuitySequence;
    private int discontinuitySequenceLine;
    private String playlistType;
    private boolean endList;
    private boolean iframesOnly;
    private final List<String> unknownTags = new ArrayList<>();
    private final List<MediaSegment> segments = new ArrayList<>();

    // tags in effect until replaced
    private InitSection map;
    private Key key;

    // the segment being read: everything since the previous URI line
    private boolean started;
    private long durationMicros = -1;
    private int extinfLine;
    private String title;
    private boolean discontinuity;
    private long programDateTimeMillis = -1;
    private ByteRange byteRange;
    private int byteRangeLine;
    private boolean gap;
    private List<String> tags;

    // the previous segment, for byte ranges without offset (section 4.3.2.2)
    private String previousUri;
    private long previousRangeEnd = -1;

    MediaPlaylistParser(List<String> lines) {
        this.lines = lines;
    }

    MediaPlaylist parse(int from) throws PlaylistParseException {
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) != '#') {
                segment(line, i + 1);
            } else if (line.startsWith("#EXT")) {
                tag(line, i + 1);
            } // else a comment (section 4.1)
        }
        // An EXTINF without URI at the end: the encoder has not written the segment yet; its cue
        // tags come back with it in the next upload. Unknown tags there are kept at playlist level.
        if (tags != null) {
            for (String tag : tags) {
                int colon = tag.indexOf(':');
                if (!isCueTag(colon < 0 ? tag : tag.substring(0, colon))) {
                    unknownTags.add(tag);
                }
            }
        }
        long target = targetDuration >= 0 ? targetDuration : impliedTargetDuration();
        InitSection firstMap = segments.isEmpty() ? map : segments.get(0).map();
        return new MediaPlaylist(version, target, mediaSequence, discontinuitySequence, playlistType,
                endList, iframesOnly, firstMap, segments, unknownTags);
    }

    private void tag(String line, int lineNumber) throws PlaylistParseException {
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? null : line.substring(colon + 1).strip();
        switch (name) {
            case "#EXTINF" -> extinf(value, lineNumber);
            case "#EXT-X-PROGRAM-DATE-TIME" -> programDateTime(value, lineNumber);
            case "#EXT-X-BYTERANGE" -> { // section 4.3.2.2
                byteRange = byteRange(require(value, name, lineNumber), "EXT-X-BYTERANGE", lineNumber);
                byteRangeLine = lineNumber;
                started = true;
            }
            case "#EXT-X-DISCONTINUITY" -> { // section 4.3.2.3
                discontinuity = true;
                started = true;
            }
            case "#EXT-X-GAP" -> { // RFC 8216bis: the segment is missing
                gap = true;
                started = true;
            }
            case "#EXT-X-KEY" -> key = key(require(value, name, lineNumber), lineNumber); // section 4.3.2.4
            case "#EXT-X-MAP" -> map = map(require(value, name, lineNumber), lineNumber); // section 4.3.2.5
            case "#EXT-X-TARGETDURATION" -> // section 4.3.3.1
                    targetDuration = targetDuration(require(value, name, lineNumber), lineNumber);
            case "#EXT-X-MEDIA-SEQUENCE" -> { // section 4.3.3.2
                long sequence = integer(require(value, name, lineNumber), "EXT-X-MEDIA-SEQUENCE", lineNumber);
                if (mediaSequenceLine > 0 && sequence != mediaSequence) {
                    throw new PlaylistParseException(lineNumber, "EXT-X-MEDIA-SEQUENCE " + sequence
                            + " contradicts EXT-X-MEDIA-SEQUENCE " + mediaSequence + " on line " + mediaSequenceLine);
                }
                mediaSequence = sequence;
                mediaSequenceLine = lineNumber;
                if (!segments.isEmpty()) {
                    renumber(); // tolerated after segments (section 4.3.3.2 wants it before them)
                }
            }
            case "#EXT-X-DISCONTINUITY-SEQUENCE" -> { // section 4.3.3.3
                long sequence = integer(require(value, name, lineNumber), "EXT-X-DISCONTINUITY-SEQUENCE", lineNumber);
                if (discontinuitySequenceLine > 0 && sequence != discontinuitySequence) {
                    throw new PlaylistParseException(lineNumber, "EXT-X-DISCONTINUITY-SEQUENCE " + sequence
                            + " contradicts EXT-X-DISCONTINUITY-SEQUENCE " + discontinuitySequence
                            + " on line " + discontinuitySequenceLine);
                }
                discontinuitySequence = sequence;
                discontinuitySequenceLine = lineNumber;
            }
            case "#EXT-X-VERSION" -> { // section 4.3.1.2
                try {
                    version = Numbers.decimalInt(require(value, name, lineNumber));
                } catch (IllegalArgumentException e) {
                    throw new PlaylistParseException(lineNumber, "EXT-X-VERSION '" + value + "' " + e.getMessage());
                }
            }
            case "#EXT-X-PLAYLIST-TYPE" -> { // section 4.3.3.5
                String type = require(value, name, lineNumber);
                if (!type.equals("EVENT") && !type.equals("VOD")) {
                    throw new PlaylistParseException(lineNumber, "EXT-X-PLAYLIST-TYPE '" + type + "' is not EVENT or VOD");
                }
                playlistType = type;
            }
            case "#EXT-X-ENDLIST" -> endList = true; // section 4.3.3.4
            case "#EXT-X-I-FRAMES-ONLY" -> iframesOnly = true; // section 4.3.3.6
            case "#EXTM3U" -> { } // section 4.3.1.1; repeated: harmless
            // Playlist-level tags the model does not type (sections 4.3.1.2, 4.3.5; RFC 8216bis for
            // low-latency HLS; EXT-X-ALLOW-CACHE from protocol version < 7), wherever they sit.
            case "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-START", "#EXT-X-DEFINE", "#EXT-X-ALLOW-CACHE",
                 "#EXT-X-SERVER-CONTROL", "#EXT-X-PART-INF", "#EXT-X-SKIP", "#EXT-X-RENDITION-REPORT",
                 "#EXT-X-PRELOAD-HINT" -> unknownTags.add(line);
            default -> {
                // Cue tags start a segment; unknown tags are playlist-level in the header, else they
                // belong with the next segment.
                if (isCueTag(name)) {
                    segmentTag(line);
                    started = true;
                } else if (started || !segments.isEmpty()) {
                    segmentTag(line);
                } else {
                    unknownTags.add(line);
                }
            }
        }
    }

    /** {@code EXTINF:<duration>,[<title>]} (section 4.3.2.1). */
    private void extinf(String value, int lineNumber) throws PlaylistParseException {
        if (durationMicros >= 0) {
            throw new PlaylistParseException(lineNumber, "EXTINF follows the EXTINF on line " + extinfLine
                    + " with no segment URI between them");
        }
        String text = value == null ? "" : value;
        int comma = text.indexOf(',');
        String duration = (comma < 0 ? text : text.substring(0, comma)).strip();
        try {
            durationMicros = Numbers.secondsToMicros(duration);
        } catch (IllegalArgumentException e) {
            throw new PlaylistParseException(lineNumber, "EXTINF duration '" + duration + "' " + e.getMessage());
        }
        title = comma < 0 || comma == text.length() - 1 ? null : text.substring(comma + 1);
        extinfLine = lineNumber;
        started = true;
    }

    /** {@code EXT-X-PROGRAM-DATE-TIME:<date-time>} (section 4.3.2.6), before or after the EXTINF. */
    private void programDateTime(String value, int lineNumber) throws PlaylistParseException {
        String text = require(value, "#EXT-X-PROGRAM-DATE-TIME", lineNumber);
        try {
            programDateTimeMillis = Numbers.programDateTimeMillis(text);
        } catch (IllegalArgumentException e) {
            throw new PlaylistParseException(lineNumber, "EXT-X-PROGRAM-DATE-TIME '" + text + "' " + e.getMessage());
        }
        started = true;
    }

    /** A URI line: completes the segment its preceding tags describe. */
    private void segment(String uri, int lineNumber) throws PlaylistParseException {
        if (durationMicros < 0) {
            throw new PlaylistParseException(lineNumber, "segment URI '" + PlaylistParser.abbreviate(uri)
                    + "' has no EXTINF before it");
        }
        long rangeEnd = -1;
        if (byteRange != null) {
            long offset = byteRange.offset();
            if (offset < 0) {
                if (previousRangeEnd < 0 || !uri.equals(previousUri)) {
                    throw new PlaylistParseException(byteRangeLine, "EXT-X-BYTERANGE without offset must follow"
                            + " a sub-range of the same resource (RFC 8216 section 4.3.2.2)");
                }
                offset = previousRangeEnd;
            }
            rangeEnd = offset + byteRange.length();
        }
        segments.add(new MediaSegment(uri, mediaSequence + segments.size(), durationMicros, title, discontinuity,
                programDateTimeMillis, byteRange, map, key, tags == null ? List.of() : tags, gap));
        previousUri = uri;
        previousRangeEnd = rangeEnd;
        started = false;
        durationMicros = -1;
        title = null;
        discontinuity = false;
        programDateTimeMillis = -1;
        byteRange = null;
        gap = false;
        tags = null;
    }

    private void segmentTag(String line) {
        if (tags == null) {
            tags = new ArrayList<>(4);
        }
        tags.add(line);
    }

    /** {@code EXT-X-KEY:<attribute-list>} (section 4.3.2.4); METHOD=NONE ends encryption. */
    private Key key(String value, int lineNumber) throws PlaylistParseException {
        LinkedHashMap<String, String> attributes = attributes(value, "EXT-X-KEY", lineNumber);
        String method = attributes.get("METHOD");
        if (method == null || method.isEmpty()) {
            throw new PlaylistParseException(lineNumber, "EXT-X-KEY has no METHOD attribute");
        }
        if (method.equals("NONE")) {
            return null;
        }
        String uri = AttributeList.unquote(attributes.get("URI"));
        if (uri == null || uri.isEmpty()) {
            throw new PlaylistParseException(lineNumber, "EXT-X-KEY METHOD=" + method + " has no URI attribute");
        }
        String iv = attributes.get("IV");
        if (iv != null && !isHexIv(iv)) {
            throw new PlaylistParseException(lineNumber, "EXT-X-KEY IV '" + iv
                    + "' is not a hexadecimal-sequence of at most 128 bits (0x...)");
        }
        return new Key(method, uri, iv, AttributeList.unquote(attributes.get("KEYFORMAT")));
    }

    /** {@code EXT-X-MAP:<attribute-list>} (section 4.3.2.5). */
    private InitSection map(String value, int lineNumber) throws PlaylistParseException {
        LinkedHashMap<String, String> attributes = attributes(value, "EXT-X-MAP", lineNumber);
        String uri = AttributeList.unquote(attributes.get("URI"));
        if (uri == null || uri.isEmpty()) {
            throw new PlaylistParseException(lineNumber, "EXT-X-MAP has no URI attribute");
        }
        String range = AttributeList.unquote(attributes.get("BYTERANGE"));
        return new InitSection(uri, range == null ? null : byteRange(range, "EXT-X-MAP BYTERANGE", lineNumber));
    }

    /** {@code <n>[@<o>]} (section 4.3.2.2). */
    private static ByteRange byteRange(String text, String what, int lineNumber) throws PlaylistParseException {
        int at = text.indexOf('@');
        try {
            long length = Numbers.decimalInteger(at < 0 ? text : text.substring(0, at));
            long offset = at < 0 ? -1 : Numbers.decimalInteger(text.substring(at + 1));
            return new ByteRange(length, offset);
        } catch (IllegalArgumentException e) {
            throw new PlaylistParseException(lineNumber, what + " '" + text + "' is not <length>[@<offset>]");
        }
    }

    /** {@code EXT-X-TARGETDURATION:<s>} (section 4.3.3.1); a decimal value is rounded up, tolerantly. */
    private static long targetDuration(String text, int lineNumber) throws PlaylistParseException {
        try {
            return Numbers.decimalInteger(text);
        } catch (IllegalArgumentException notInteger) {
            try {
                long micros = Numbers.secondsToMicros(text);
                return (micros + 999_999) / 1_000_000;
            } catch (IllegalArgumentException e) {
                throw new PlaylistParseException(lineNumber, "EXT-X-TARGETDURATION '" + text + "' " + notInteger.getMessage());
            }
        }
    }

    private static long integer(String text, String tag, int lineNumber) throws PlaylistParseException {
        try {
            return Numbers.decimalInteger(text);
        } catch (IllegalArgumentException e) {
            throw new PlaylistParseException(lineNumber, tag + " '" + text + "' " + e.getMessage());
        }
    }

    private static LinkedHashMap<String, String> attributes(String value, String tag, int lineNumber)
            throws PlaylistParseException {
        try {
            return AttributeList.parse(value);
        } catch (IllegalArgumentException e) {
            throw new PlaylistParseException(lineNumber, tag + ": " + e.getMessage());
        }
    }

    private static String require(String value, String name, int lineNumber) throws PlaylistParseException {
        if (value == null || value.isEmpty()) {
            throw new PlaylistParseException(lineNumber, name.substring(1) + " has no value");
        }
        return value;
    }

    private static boolean isHexIv(String iv) {
        if (iv.length() < 3 || iv.length() > 34 || iv.charAt(0) != '0' || (iv.charAt(1) != 'x' && iv.charAt(1) != 'X')) {
            return false;
        }
        for (int k = 2; k < iv.length(); k++) {
            char c = iv.charAt(k);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** See {@link MediaSegment#isAdMarker}. */
    static boolean isAdMarker(String line) {
        int colon = line.indexOf(':');
        return isCueTag(colon < 0 ? line : line.substring(0, colon));
    }

    /**
     * Cue and ad tags, by name with its '#': {@code EXT-X-DATERANGE} (section 4.3.2.7) and the
     * SCTE-35 signalling tags outside RFC 8216 (Adobe and AWS Elemental conventions). They travel
     * raw with the segment they precede.
     */
    private static boolean isCueTag(String name) {
        return switch (name) {
            case "#EXT-X-CUE-OUT", "#EXT-X-CUE-OUT-CONT", "#EXT-X-CUE-IN", "#EXT-X-DATERANGE",
                 "#EXT-X-SCTE35", "#EXT-OATCLS-SCTE35", "#EXT-X-ASSET", "#EXT-X-SPLICEPOINT-SCTE35" -> true;
            default -> false;
        };
    }

    /** The smallest valid target duration (section 4.3.3.1): the longest EXTINF rounded to the nearest second. */
    private long impliedTargetDuration() {
        if (segments.isEmpty()) {
            return 0;
        }
        long longest = 0;
        for (MediaSegment segment : segments) {
            longest = Math.max(longest, segment.durationMicros());
        }
        return Math.max(1, (longest + 500_000) / 1_000_000);
    }

    private void renumber() {
        for (int k = 0; k < segments.size(); k++) {
            MediaSegment s = segments.get(k);
            segments.set(k, new MediaSegment(s.uri(), mediaSequence + k, s.durationMicros(), s.title(),
                    s.discontinuity(), s.programDateTimeMillis(), s.byteRange(), s.map(), s.key(), s.tags(), s.gap()));
        }
    }
}
