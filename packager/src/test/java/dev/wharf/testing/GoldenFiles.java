package dev.wharf.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions: the expected text lives in {@code src/test/resources/golden/<name>} and is
 * compared exactly. Run with {@code -Dgolden.update=true} to (re)write the files from the actual
 * output, then review the diff before committing.
 */
public final class GoldenFiles {
    /** Relative to the module directory, where Maven runs the tests. */
    static final Path ROOT = Path.of("src", "test", "resources", "golden");

    private GoldenFiles() {}

    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    /** Asserts that {@code actual} equals the golden file {@code name} (e.g. {@code hls/master.m3u8}), byte for byte. */
    public static void assertMatches(String name, String actual) {
        Path file = ROOT.resolve(name);
        try {
            if (updating()) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("no golden file " + file.toAbsolutePath()
                        + "; run the test with -Dgolden.update=true to create it. Actual:\n" + actual);
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(actual).as("golden file %s (rewrite with -Dgolden.update=true)", file).isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
