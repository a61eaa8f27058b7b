package dev.wharf.packager.hls;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the playlists an encoder uploads to the ingest (RFC 8216) into a {@link Playlist}.
 *
 * <p><b>Tolerant</b> of what real encoders write, beyond the letter of the RFC: a UTF-8 byte order
 * mark (section 4.1 says clients SHOULD refuse one), CR LF, LF or lone CR line ends, blank lines,
 * whitespace around lines, comments (lines starting with {@code #} but not {@code #EXT}, section 4.1),
 * unknown tags (kept raw), {@code EXT-X-PROGRAM-DATE-TIME} before or after its {@code EXTINF},
 * {@code EXTINF} without a title or comma, a missing {@code EXT-X-TARGETDURATION}, and a last
 * {@code EXTINF} whose URI has not been written yet.
 *
 * <p><b>Strict</b> where a wrong answer would corrupt the timeline: the first line must be
 * {@code #EXTM3U} (section 4.3.1.1); durations and sequence numbers must be numbers; durations must
 * not be negative; a playlist with both master and media segment tags is refused (section 4.1); a
 * segment URI needs its {@code EXTINF}; an {@code EXT-X-STREAM-INF} needs its URI line and BANDWIDTH.
 *
 * <p>Master or media: a playlist with {@code EXT-X-STREAM-INF}, {@code EXT-X-I-FRAME-STREAM-INF} or
 * {@code EXT-X-MEDIA} is a master playlist; anything else, a header alone included, is a media
 * playlist.
 *
 * <p>Limits: at most {@value #MAX_BYTES} bytes of UTF-8 and {@value #MAX_LINES} lines. The
 * parser keeps no state: the static methods are safe to call from any thread.
 */
public final class PlaylistParser {

    /** Largest accepted playlist, in UTF-8 bytes (1 MiB). */
    public static final int MAX_BYTES = 1 << 20;
    /** Largest accepted number of lines. */
    public static final int MAX_LINES = 100_000;

    private PlaylistParser() {}

    /** Parses a playlist from its UTF-8 bytes, as uploaded. */
    public static Playlist parse(byte[] utf8) throws PlaylistParseException {
        if (utf8.length > MAX_BYTES) {
            throw tooLarge(utf8.length);
        }
        String text = new String(utf8, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            checkUtf8(utf8); // a replacement character: either written as such or from bad bytes
        }
        return parseLines(split(text));
    }

    /** Parses a playlist from its text. */
    public static Playlist parse(String text) throws PlaylistParseException {
        if (text.length() > MAX_BYTES / 3) {
            long bytes = utf8Length(text);
            if (bytes > MAX_BYTES) {
                throw tooLarge(bytes);
            }
        }
        return parseLines(split(text));
    }

    private static Playlist parseLines(List<String> lines) throws PlaylistParseException {
        int header = 0;
        while (header < lines.size() && lines.get(header).isEmpty()) {
            header++;
        }
        if (header == lines.size() || !lines.get(header).equals("#EXTM3U")) {
            String found = header == lines.size() ? "an empty document" : "'" + abbreviate(lines.get(header)) + "'";
            throw new PlaylistParseException(header < lines.size() ? header + 1 : 1,
                    "not an HLS playlist: first line must be #EXTM3U, found " + found);
        }
        int firstMasterTag = -1;
        int firstExtinf = -1;
        for (int i = header + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("#EXT")) {
                continue;
            }
            if (firstMasterTag < 0 && (isTag(line, "#EXT-X-STREAM-INF") || isTag(line, "#EXT-X-MEDIA")
                    || isTag(line, "#EXT-X-I-FRAME-STREAM-INF"))) {
                firstMasterTag = i;
            } else if (firstExtinf < 0 && isTag(line, "#EXTINF")) {
                firstExtinf = i;
            }
        }
        if (firstMasterTag < 0) {
            return new MediaPlaylistParser(lines).parse(header + 1);
        }
        if (firstExtinf >= 0) {
            int later = Math.max(firstMasterTag, firstExtinf);
            int earlier = Math.min(firstMasterTag, firstExtinf);
            throw new PlaylistParseException(later + 1, tagName(lines.get(later)) + " in a playlist that has "
                    + tagName(lines.get(earlier)) + " on line " + (earlier + 1)
                    + ": a playlist is either a master or a media playlist (RFC 8216 section 4.1)");
        }
        return new MasterPlaylistParser(lines).parse(header + 1);
    }

    /**
     * Splits into lines at LF, CR LF or CR, each stripped of surrounding whitespace (blank lines
     * become empty strings, so index + 1 is the line number); drops a leading byte order mark.
     */
    static List<String> split(String text) throws PlaylistParseException {
        int n = text.length();
        List<String> lines = new ArrayList<>(Math.min(MAX_LINES, n / 24 + 16));
        int i = n > 0 && text.charAt(0) == '\uFEFF' ? 1 : 0;
        while (i < n) {
            int start = i;
            char c = 0;
            while (i < n && (c = text.charAt(i)) != '\n' && c != '\r') {
                i++;
            }
            int end = i;
            if (i < n) {
                i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
            }
            while (start < end && text.charAt(start) <= ' ') {
                start++;
            }
            while (end > start && text.charAt(end - 1) <= ' ') {
                end--;
            }
            if (lines.size() == MAX_LINES) {
                throw new PlaylistParseException(MAX_LINES + 1,
                        "playlist has more than " + MAX_LINES + " lines, the limit");
            }
            lines.add(start == end ? "" : text.substring(start, end));
        }
        return lines;
    }

    /** True when {@code line} is the tag {@code name}, alone or followed by ':'. */
    static boolean isTag(String line, String name) {
        return line.startsWith(name) && (line.length() == name.length() || line.charAt(name.length()) == ':');
    }

    /** The tag name of a tag line, without '#' and value: {@code EXTINF} for {@code #EXTINF:2,}. */
    static String tagName(String line) {
        int colon = line.indexOf(':');
        return line.substring(1, colon < 0 ? line.length() : colon);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static PlaylistParseException tooLarge(long bytes) {
        return new PlaylistParseException(0, "playlist is " + bytes + " bytes, over the limit of "
                + MAX_BYTES + " bytes (1 MiB)");
    }

    private static void checkUtf8(byte[] utf8) throws PlaylistParseException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8);
        try {
            decoder.decode(in);
        } catch (MalformedInputException e) {
            int line = 1;
            for (int k = 0; k < in.position() && k < utf8.length; k++) {
                if (utf8[k] == '\n' || (utf8[k] == '\r' && (k + 1 >= utf8.length || utf8[k + 1] != '\n'))) {
                    line++;
                }
            }
            throw new PlaylistParseException(line, "not valid UTF-8 (byte " + (in.position() + 1) + ")");
        } catch (CharacterCodingException e) {
            throw new PlaylistParseException(0, "not valid UTF-8");
        }
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                bytes += 4;
                k++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
