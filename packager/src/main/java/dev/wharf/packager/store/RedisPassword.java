package dev.wharf.packager.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A Redis AUTH password: a fixed value, or a file (a mounted Secret) read again each time a connection is
 * opened, so a rotated password applies to new connections without a restart. While the file is
 * unreadable or empty (the kubelet swapping it), the last good value is used. Never printed.
 */
public final class RedisPassword implements Supplier<String> {
    private final Path file;
    private volatile String last;

    private RedisPassword(Path file, String value) {
        this.file = file;
        this.last = value;
    }

    /** A fixed password; null for a null or empty one. */
    public static RedisPassword of(String value) {
        return value == null || value.isEmpty() ? null : new RedisPassword(null, value);
    }

    /** A password file, read now (it must hold a non-empty value) and again on every new connection. */
    public static RedisPassword file(Path file) {
        String value = read(file);
        if (value == null) {
            throw new UncheckedIOException(new IOException("cannot read a non-empty password from " + file));
        }
        return new RedisPassword(file, value);
    }

    private static String read(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String get() {
        if (file != null) {
            String now = read(file);
            if (now != null) {
                last = now;
            }
        }
        return last;
    }

    @Override
    public String toString() {
        return file == null ? "***" : "*** (from " + file + ")";
    }
}
