package dev.wharf.packager.admin;

import dev.wharf.packager.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The bearer token of {@code server.adminTokenFile}, re-read from the file on every check so a rotated
 * Secret (the kubelet swaps the mounted file in place) applies without a restart. The file is a few
 * bytes and admin requests are rare, so reading it each time costs nothing measurable and needs no
 * timer. When the file cannot be read or is empty (mid-rotation), the last good token stays in force.
 */
public final class AdminToken {
    private static final Logger LOG = Logger.getLogger(AdminToken.class.getName());

    private final Path file;
    private byte[] current;

    private AdminToken(Path file, byte[] current) {
        this.file = file;
        this.current = current;
    }

    /** Reads the token at start; a missing or empty file is a configuration error there. */
    public static AdminToken load(String file) {
        Path p = Path.of(file);
        byte[] t = read(p).orElseThrow(() -> new ConfigException(List.of(
                "server.adminTokenFile: cannot read a non-empty token from " + file)));
        return new AdminToken(p, t);
    }

    private static Optional<byte[]> read(Path p) {
        try {
            String s = Files.readString(p, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The token now: the file's content, or the last good one when the file is unreadable or empty. */
    synchronized byte[] current() {
        Optional<byte[]> now = read(file);
        if (now.isPresent() && !MessageDigest.isEqual(now.get(), current)) {
            current = now.get();
            LOG.info("admin token file " + file + " changed: new token in force"); // never the token itself
        } else if (now.isEmpty()) {
            LOG.warning("admin token file " + file + " unreadable or empty: keeping the previous token");
        }
        return current;
    }

    /**
     * Whether an {@code Authorization} header value carries this token. The scheme name is
     * case-insensitive (RFC 9110 section 11.1); one or more spaces separate it from the token.
     */
    public boolean matches(String authorization) {
        byte[] given = credentials(authorization).map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        byte[] token = current();
        return given.length > 0 && MessageDigest.isEqual(given, token);
    }

    /** The token of a {@code Bearer} credential, whatever the scheme's case; empty for another scheme. */
    static Optional<String> credentials(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String h = authorization.strip();
        int sp = h.indexOf(' ');
        if (sp < 0 || !h.substring(0, sp).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String t = h.substring(sp + 1).strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }
}
