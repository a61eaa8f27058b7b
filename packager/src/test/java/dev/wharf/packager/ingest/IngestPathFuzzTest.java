package dev.wharf.packager.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link IngestPath#parse} (docs/security.md). The input is the rest of
 * the request path after {@code /in/v2/}, as an encoder or attacker may send it.
 *
 * <p>Properties: the only failure is {@link IngestPath.Invalid} with 400 or 404; an accepted path
 * has DNS-label names and a file of at most {@link IngestPath#MAX_DEPTH} safe elements without dot
 * segments, so it cannot leave its input's prefix; printing it back and parsing again gives the
 * same record (round trip); error messages stay short.
 */
class IngestPathFuzzTest {

    /** Entry point of Jazzer's standalone driver (bench/fuzz.sh); the @FuzzTest runs the same code. */
    public static void fuzzerTestOneInput(byte[] input) {
        String raw = IngestPath.PREFIX + new String(input, StandardCharsets.UTF_8);
        IngestPath p;
        try {
            p = IngestPath.parse(raw);
        } catch (IngestPath.Invalid e) {
            assertThat(e.status()).isIn(400, 404);
            assertThat(e.getMessage()).hasSizeLessThan(300);
            return;
        }
        assertThat(p.namespace()).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
        assertThat(p.channel()).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
        assertThat(p.input()).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
        String[] elements = p.file().split("/", -1);
        assertThat(elements.length).isBetween(1, IngestPath.MAX_DEPTH);
        for (String e : elements) {
            assertThat(e).isNotEmpty().isNotIn(".", "..").hasSizeLessThanOrEqualTo(IngestPath.MAX_ELEMENT)
                    .matches("[A-Za-z0-9_~+=,@.-]+");
        }
        String printed = IngestPath.PREFIX + p.namespace() + "/" + p.channel() + "/" + p.input() + "/" + p.file();
        try {
            assertThat(IngestPath.parse(printed)).isEqualTo(p);
        } catch (IngestPath.Invalid e) {
            throw new AssertionError("accepted path does not round-trip: " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        fuzzerTestOneInput(input);
    }
}
