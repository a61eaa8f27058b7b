package dev.wharf.packager.timeline;

import java.net.URI;

/** Resolves URIs found in ingested playlists to file paths under the same ingest input. */
public final class IngestPaths {
    private IngestPaths() {}

    /**
     * The path under the input of {@code uri} as referenced from the playlist at {@code playlistPath}.
     * Relative URIs resolve against the playlist's folder; absolute URIs keep what follows the
     * ingest prefix {@code /in/v2/{namespace}/{channel}/{input}/}; query strings are dropped.
     */
    public static String resolve(String playlistPath, String uri) {
        String u = uri;
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        if (u.contains("://") || u.startsWith("/")) {
            String path = u.contains("://") ? URI.create(u).getRawPath() : u;
            // /in/v2/{ns}/{channel}/{input}/{file...}
            String[] parts = path.split("/", 7);
            if (parts.length == 7 && parts[1].equals("in") && parts[2].equals("v2")) {
                return parts[6];
            }
            return path.substring(path.lastIndexOf('/') + 1);
        }
        int slash = playlistPath.lastIndexOf('/');
        String base = slash < 0 ? "" : playlistPath.substring(0, slash + 1);
        return removeDotSegments(base + u);
    }

    /** RFC 3986 section 5.2.4: "." and ".." elements resolved (ingested file names never contain them). */
    private static String removeDotSegments(String path) {
        if (!path.contains(".")) {
            return path;
        }
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        String[] elements = path.split("/", -1);
        for (int i = 0; i < elements.length; i++) {
            String e = elements[i];
            boolean last = i == elements.length - 1;
            if (e.equals("..")) {
                out.pollLast();
                if (last) {
                    out.add("");
                }
            } else if (e.equals(".")) {
                if (last) {
                    out.add("");
                }
            } else {
                out.add(e);
            }
        }
        return String.join("/", out);
    }
}
