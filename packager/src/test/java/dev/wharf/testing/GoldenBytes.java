package dev.wharf.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Byte-exact golden files stored as hex text under {@code src/test/resources/golden/} (Shaka's
 * {@code --test_update_golden_files}): 16 bytes a line in groups of 4, {@code #} comment lines allowed.
 *
 * <p>Run with {@code -Dgolden.update=true} to rewrite the files from the current output; review the diff
 * as output, not code, and commit it on its own.
 */
public final class GoldenBytes {

    public static final String UPDATE_PROPERTY = "golden.update";
    private static final HexFormat HEX = HexFormat.of();

    private GoldenBytes() {
    }

    /** Compares {@code actual} with {@code golden/<name>.hex}. */
    public static void assertMatches(String name, byte[] actual) {
        assertMatches(name, actual, null);
    }

    /**
     * Compares {@code actual} with {@code golden/<name>.hex}; on a mismatch {@code describe} (a box tree
     * dump, say) of both sides is part of the failure message.
     */
    public static void assertMatches(String name, byte[] actual, Function<byte[], String> describe) {
        Path file = goldenDir().resolve(name + ".hex");
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(file, actual);
            return;
        }
        if (!Files.isRegularFile(file)) {
            fail("golden file " + file.toAbsolutePath() + " is missing; run with -D" + UPDATE_PROPERTY
                    + "=true to create it");
        }
        byte[] expected = read(file);
        if (java.util.Arrays.equals(expected, actual)) {
            return;
        }
        String description = describe == null ? ""
                : "\nexpected tree:\n" + safeDescribe(describe, expected) + "\nactual tree:\n" + safeDescribe(describe, actual);
        assertThat(toHex(actual))
                .as("bytes differ from %s (rerun with -D%s=true if the change is intended)%s", file, UPDATE_PROPERTY,
                        description)
                .isEqualTo(toHex(expected));
    }

    /** 16 bytes a line, groups of 4 bytes. */
    public static String toHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 5 / 2 + 16);
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                sb.append(i % 16 == 0 ? "\n" : i % 4 == 0 ? " " : "");
            }
            sb.append(HEX.toHexDigits(bytes[i]));
        }
        return sb.append('\n').toString();
    }

    /** Parses what {@link #toHex} writes (whitespace ignored, {@code #} lines are comments). */
    public static byte[] fromHex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            out.writeBytes(HEX.parseHex(l.replaceAll("\\s+", "")));
        }
        return out.toByteArray();
    }

    private static String safeDescribe(Function<byte[], String> describe, byte[] bytes) {
        try {
            return describe.apply(bytes);
        } catch (RuntimeException e) {
            return "(not parseable: " + e.getMessage() + ")";
        }
    }

    /** {@code src/test/resources/golden} of the module (Surefire runs in the module directory). */
    private static Path goldenDir() {
        for (Path candidate : new Path[] {Path.of("src/test/resources/golden"),
                Path.of("packager/src/test/resources/golden")}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no src/test/resources/golden under " + Path.of("").toAbsolutePath());
    }

    private static byte[] read(Path file) {
        try {
            return fromHex(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, toHex(bytes), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
