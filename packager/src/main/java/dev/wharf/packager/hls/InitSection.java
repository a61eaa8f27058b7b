package dev.wharf.packager.hls;

/**
 * The media initialization section of an {@code EXT-X-MAP} tag (RFC 8216 section 4.3.2.5): the
 * fMP4 init segment (or TS PAT/PMT) the following media segments need.
 *
 * <p>Named {@code InitSection} rather than {@code Map} so it does not shadow {@link java.util.Map}.
 *
 * @param uri       URI attribute, without quotes
 * @param byteRange BYTERANGE attribute, or null
 */
public record InitSection(String uri, ByteRange byteRange) {}
