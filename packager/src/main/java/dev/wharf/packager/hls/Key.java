package dev.wharf.packager.hls;

/**
 * How media segments are encrypted: an {@code EXT-X-KEY} tag (RFC 8216 section 4.3.2.4). A tag with
 * {@code METHOD=NONE} ends encryption and is represented by no key (null) on the segments.
 *
 * @param method    METHOD: {@code AES-128}, {@code SAMPLE-AES}, ...
 * @param uri       URI of the key, without quotes
 * @param iv        IV as written ({@code 0x} plus hexadecimal digits), or null when absent
 * @param keyFormat KEYFORMAT, without quotes, or null when absent (meaning {@code identity})
 */
public record Key(String method, String uri, String iv, String keyFormat) {}
