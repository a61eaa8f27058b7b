package dev.wharf.packager.delivery;

/**
 * A single byte range of a {@code Range} request header (RFC 9110 14.1.2): what players of I-frame playlists and
 * {@code EXT-X-BYTERANGE} segments send. Multiple ranges are not served as such (the whole body is, with 200, as
 * RFC 9110 14.2 allows a server to ignore Range).
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
record HttpRange(long first, long last) {
    /** The range that no byte of the body satisfies: answered with 416. */
    static final HttpRange UNSATISFIABLE = new HttpRange(-1, -1);

    long length() {
        return last - first + 1;
    }

    /**
     * The range a header asks for in a body of {@code size} bytes: null to send the whole body (no header, another
     * unit, several ranges, or a malformed value), {@link #UNSATISFIABLE}, or the range clipped to the body.
     */
    static HttpRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    return UNSATISFIABLE;
                }
                return new HttpRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
            if (first < 0 || last < first) {
                return null;
            }
            if (first >= size) {
                return UNSATISFIABLE;
            }
            return new HttpRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
