package dev.wharf.packager.hls;

/**
 * A sub-range of a resource, {@code <n>[@<o>]} (RFC 8216 section 4.3.2.2), as written.
 *
 * <p>An absent offset is kept as -1, not resolved: for a segment it means "the byte after the
 * previous segment's sub-range of the same resource", which the parser checks exists.
 *
 * @param length length in bytes
 * @param offset offset of the first byte, or -1 when absent
 */
public record ByteRange(long length, long offset) {

    /** True when the text gave an offset. */
    public boolean hasOffset() {
        return offset >= 0;
    }
}
