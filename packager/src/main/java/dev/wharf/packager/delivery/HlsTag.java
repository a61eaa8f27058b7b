package dev.wharf.packager.delivery;

import java.util.Locale;

/**
 * Builds one HLS tag line with an attribute list (RFC 8216 4.2) in the order attributes are added,
 * so the same timeline always renders the same bytes.
 */
final class HlsTag {
    private final StringBuilder out;
    private boolean first = true;

    HlsTag(StringBuilder out, String name) {
        this.out = out;
        out.append('#').append(name).append(':');
    }

    private HlsTag key(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        out.append(key).append('=');
        return this;
    }

    HlsTag number(String key, long value) {
        key(key).out.append(value);
        return this;
    }

    HlsTag decimal(String key, double value, int decimals) {
        key(key).out.append(String.format(Locale.ROOT, "%." + decimals + "f", value));
        return this;
    }

    HlsTag quoted(String key, String value) {
        key(key).out.append('"').append(value.replace("\"", "'").replace('\n', ' ').replace('\r', ' ')).append('"');
        return this;
    }

    HlsTag enumerated(String key, String value) {
        key(key).out.append(value);
        return this;
    }

    HlsTag resolution(int width, int height) {
        key("RESOLUTION").out.append(width).append('x').append(height);
        return this;
    }

    void end() {
        out.append('\n');
    }
}
