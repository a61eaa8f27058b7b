package dev.wharf.packager.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * A parsed ingest URL path: {@code /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}}. The file
 * may have up to {@value #MAX_DEPTH} path elements; each is checked so nothing can escape the
 * input's prefix or smuggle separators (encoded slashes, dot segments, control characters).
 */
public record IngestPath(String namespace, String channel, String input, String file) {
    public static final String PREFIX = "/in/v2/";
    static final int MAX_DEPTH = 4;
    static final int MAX_ELEMENT = 255;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern FILE_ELEMENT = Pattern.compile("[A-Za-z0-9_~+=,@.-]+");

    /** The path is not an acceptable ingest path; {@link #status} says whether it's malformed (400) or unknown (404). */
    public static final class Invalid extends Exception {
        private final int status;

        Invalid(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Parses the raw (still percent-encoded) request path. */
    public static IngestPath parse(String rawPath) throws Invalid {
        if (!rawPath.startsWith(PREFIX)) {
            throw new Invalid(404, "not an ingest path: expected /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}");
        }
        String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
        if (parts.length < 4) {
            throw new Invalid(404, "not an ingest path: expected /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}");
        }
        if (parts.length - 3 > MAX_DEPTH) {
            throw new Invalid(400, "file path has more than " + MAX_DEPTH + " elements");
        }
        String ns = decode(parts[0]);
        String ch = decode(parts[1]);
        String in = decode(parts[2]);
        for (String n : new String[] {ns, ch, in}) {
            if (!NAME.matcher(n).matches()) {
                throw new Invalid(400, "namespace, channel and ingest endpoint must be DNS labels, got '" + printable(n) + "'");
            }
        }
        StringBuilder file = new StringBuilder();
        for (int i = 3; i < parts.length; i++) {
            String e = decode(parts[i]);
            if (e.isEmpty()) {
                throw new Invalid(400, "empty path element in file name (absolute paths and '//' are not allowed)");
            }
            if (e.equals(".") || e.equals("..")) {
                throw new Invalid(400, "dot segments ('.' or '..') are not allowed in file names");
            }
            if (e.length() > MAX_ELEMENT) {
                throw new Invalid(400, "file name element longer than " + MAX_ELEMENT + " characters");
            }
            if (!FILE_ELEMENT.matcher(e).matches()) {
                throw new Invalid(400, "file name '" + printable(e) + "' has characters outside [A-Za-z0-9_~+=,@.-]");
            }
            if (i > 3) {
                file.append('/');
            }
            file.append(e);
        }
        return new IngestPath(ns, ch, in, file.toString());
    }

    /** Strict percent-decoding: encoded '/', '\', NUL and control characters, and malformed escapes are refused. */
    static String decode(String raw) throws Invalid {
        if (raw.indexOf('%') < 0) {
            checkChars(raw);
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new Invalid(400, "malformed percent-encoding in path");
                }
                int hi = hexDigit(raw.charAt(i + 1));
                int lo = hexDigit(raw.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new Invalid(400, "malformed percent-encoding in path");
                }
                int b = hi << 4 | lo;
                if (b == '/' || b == '\\') {
                    throw new Invalid(400, "encoded path separators (%2F, %5C) are not allowed");
                }
                out.write(b);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8)); // not just its low byte
            }
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Invalid(400, "path is not valid UTF-8");
        }
        checkChars(s);
        return s;
    }

    /** An ASCII hexadecimal digit's value (Character.digit also takes other scripts' digits), else -1. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static void checkChars(String s) throws Invalid {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new Invalid(400, "control characters are not allowed in paths");
            }
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
