package dev.wharf.packager.http;

import java.util.Locale;

/**
 * The path of a request-target in origin-form or absolute-form. RFC 9112 section 3.2.2: a server MUST
 * accept the absolute-form ({@code PUT http://host:port/in/v2/... HTTP/1.1}), which clients send through
 * proxies; Helidon 4.5 hands it to the router unchanged (its path starts with {@code http://}), so the
 * ingest and playback handlers route on {@link #path} instead. Authentication still checks what the
 * client signed, the request-target as sent (RFC 7616 section 3.4.6).
 */
public final class RequestTarget {
    private RequestTarget() {}

    /**
     * The path of {@code rawPath} (Helidon's raw path, without the query): itself in origin-form; for an
     * {@code http} or {@code https} absolute-form, what follows the authority ({@code /} when nothing
     * does). Anything else is returned unchanged, for the caller to refuse.
     */
    public static String path(String rawPath) {
        int schemeEnd = rawPath.indexOf("://");
        if (schemeEnd < 0) {
            return rawPath;
        }
        String scheme = rawPath.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return rawPath;
        }
        int slash = rawPath.indexOf('/', schemeEnd + 3);
        if (slash == schemeEnd + 3) {
            return rawPath; // no authority: not a valid absolute-form
        }
        return slash < 0 ? "/" : rawPath.substring(slash);
    }
}
