package dev.wharf.packager.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestPathTest {

    private static final String BASE = "/in/v2/default/demo/primary/";

    @Test
    void parsesASimplePath() throws Exception {
        assertThat(IngestPath.parse("/in/v2/default/demo/primary/index.m3u8"))
                .isEqualTo(new IngestPath("default", "demo", "primary", "index.m3u8"));
    }

    @Test
    void parsesNestedFilesUpToFourElements() throws Exception {
        assertThat(IngestPath.parse(BASE + "a/seg.ts").file()).isEqualTo("a/seg.ts");
        assertThat(IngestPath.parse(BASE + "a/b/seg.ts").file()).isEqualTo("a/b/seg.ts");
        assertThat(IngestPath.parse(BASE + "a/b/c/seg.ts")).isEqualTo(new IngestPath("default", "demo", "primary", "a/b/c/seg.ts"));
    }

    @Test
    void decodesPercentEncodingAndAcceptsTheWholeFileAlphabet() throws Exception {
        assertThat(IngestPath.parse(BASE + "seg%5F1.ts").file()).isEqualTo("seg_1.ts");
        assertThat(IngestPath.parse(BASE + "%73eg.ts").file()).isEqualTo("seg.ts");
        assertThat(IngestPath.parse(BASE + "A-Z_a~z+0=9,@.x.TS").file()).isEqualTo("A-Z_a~z+0=9,@.x.TS");
        assertThat(IngestPath.parse("/in/v2/n%31/c-1/i0/f").namespace()).isEqualTo("n1");
        assertThat(IngestPath.parse(BASE + "..ts").file()).isEqualTo("..ts"); // not a dot segment
        assertThat(IngestPath.parse(BASE + "...").file()).isEqualTo("...");
    }

    @Test
    void acceptsLongestNamesAndElements() throws Exception {
        String label = "a" + "b".repeat(61) + "c"; // 63
        String element = "x".repeat(255);
        IngestPath p = IngestPath.parse("/in/v2/" + label + "/" + label + "/" + label + "/" + element);
        assertThat(p.namespace()).hasSize(63);
        assertThat(p.file()).hasSize(255);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /in/v2/default/demo/primary/../x.ts         | 400 | dot segments ('.' or '..') are not allowed in file names
            /in/v2/default/demo/primary/a/../../x.ts    | 400 | dot segments ('.' or '..') are not allowed in file names
            /in/v2/default/demo/primary/./x.ts          | 400 | dot segments ('.' or '..') are not allowed in file names
            /in/v2/default/demo/primary/a/.             | 400 | dot segments ('.' or '..') are not allowed in file names
            /in/v2/default/demo/primary/%2E%2E/x.ts     | 400 | dot segments ('.' or '..') are not allowed in file names
            /in/v2/default/demo/primary/%2e             | 400 | dot segments ('.' or '..') are not allowed in file names
            /in/v2/default/demo/primary/a%2Fb.ts        | 400 | encoded path separators (%2F, %5C) are not allowed
            /in/v2/default/demo/primary/a%2fb.ts        | 400 | encoded path separators (%2F, %5C) are not allowed
            /in/v2/default/demo/primary/..%2F..%2Fx     | 400 | encoded path separators (%2F, %5C) are not allowed
            /in/v2/default/demo/primary/a%5Cb.ts        | 400 | encoded path separators (%2F, %5C) are not allowed
            /in/v2/default%2Fother/demo/primary/x.ts    | 400 | encoded path separators (%2F, %5C) are not allowed
            /in/v2/default/demo/primary/a\\b.ts         | 400 | file name 'a\\b.ts' has characters outside [A-Za-z0-9_~+=,@.-]
            /in/v2/default/demo/primary/x%00.ts         | 400 | control characters are not allowed in paths
            /in/v2/default/demo/primary/x%0A.ts         | 400 | control characters are not allowed in paths
            /in/v2/default/demo/primary/x%0d.ts         | 400 | control characters are not allowed in paths
            /in/v2/default/demo/primary/x%1F.ts         | 400 | control characters are not allowed in paths
            /in/v2/default/demo/primary/x%7F.ts         | 400 | control characters are not allowed in paths
            /in/v2/default/demo/primary/%               | 400 | malformed percent-encoding in path
            /in/v2/default/demo/primary/x.ts%           | 400 | malformed percent-encoding in path
            /in/v2/default/demo/primary/%2              | 400 | malformed percent-encoding in path
            /in/v2/default/demo/primary/x%2             | 400 | malformed percent-encoding in path
            /in/v2/default/demo/primary/%zz.ts          | 400 | malformed percent-encoding in path
            /in/v2/default/demo/primary/%g0.ts          | 400 | malformed percent-encoding in path
            /in/v2/default/demo/primary/%-1.ts          | 400 | malformed percent-encoding in path
            /in/v2/default/demo/primary/%C3%28.ts       | 400 | path is not valid UTF-8
            /in/v2/default/demo/primary/%FF.ts          | 400 | path is not valid UTF-8
            /in/v2/default/demo/primary/%C3.ts          | 400 | path is not valid UTF-8
            /in/v2/default/demo/primary/%ED%A0%80.ts    | 400 | path is not valid UTF-8
            /in/v2/default/demo/primary/%C3%A9.ts       | 400 | file name 'é.ts' has characters outside [A-Za-z0-9_~+=,@.-]
            /in/v2/default/demo/primary/a%20b.ts        | 400 | file name 'a b.ts' has characters outside [A-Za-z0-9_~+=,@.-]
            /in/v2/default/demo/primary/a:b.ts          | 400 | file name 'a:b.ts' has characters outside [A-Za-z0-9_~+=,@.-]
            /in/v2/default/demo/primary/a;b.ts          | 400 | file name 'a;b.ts' has characters outside [A-Za-z0-9_~+=,@.-]
            /in/v2/Default/demo/primary/x.ts            | 400 | namespace, channel and ingest endpoint must be DNS labels, got 'Default'
            /in/v2/default/Demo/primary/x.ts            | 400 | namespace, channel and ingest endpoint must be DNS labels, got 'Demo'
            /in/v2/default/demo/PRIMARY/x.ts            | 400 | namespace, channel and ingest endpoint must be DNS labels, got 'PRIMARY'
            /in/v2/default/demo/-primary/x.ts           | 400 | namespace, channel and ingest endpoint must be DNS labels, got '-primary'
            /in/v2/default/demo/primary-/x.ts           | 400 | namespace, channel and ingest endpoint must be DNS labels, got 'primary-'
            /in/v2/default/demo_1/primary/x.ts          | 400 | namespace, channel and ingest endpoint must be DNS labels, got 'demo_1'
            /in/v2//demo/primary/x.ts                   | 400 | namespace, channel and ingest endpoint must be DNS labels, got ''
            /in/v2/default/de%01mo/primary/x.ts         | 400 | control characters are not allowed in paths
            /in/v2/default/demo/primary/a/b/c/d/x.ts    | 400 | file path has more than 4 elements
            /in/v2/default/demo/primary/a/b/c/d/e/f/g   | 400 | file path has more than 4 elements
            /in/v2/default/demo/primary/                | 400 | empty path element in file name (absolute paths and '//' are not allowed)
            /in/v2/default/demo/primary//x.ts           | 400 | empty path element in file name (absolute paths and '//' are not allowed)
            /in/v2/default/demo/primary/a//x.ts         | 400 | empty path element in file name (absolute paths and '//' are not allowed)
            /in/v2/default/demo/primary/a/              | 400 | empty path element in file name (absolute paths and '//' are not allowed)
            /in/v2/default/demo/primary                 | 404 | not an ingest path: expected /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}
            /in/v2/default/demo                         | 404 | not an ingest path: expected /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}
            /in/v2/                                     | 404 | not an ingest path: expected /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}
            /in/v1/default/demo/primary/x.ts            | 404 | not an ingest path: expected /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}
            /out/v1/default/demo/hls/index.m3u8         | 404 | not an ingest path: expected /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}
            ""                                          | 404 | not an ingest path: expected /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}
            /IN/V2/default/demo/primary/x.ts            | 404 | not an ingest path: expected /in/v2/{namespace}/{channel}/{ingestEndpointId}/{file}
            """)
    void rejects(String path, int status, String message) {
        assertThatThrownBy(() -> IngestPath.parse(path))
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).isEqualTo(message.replace("\\\\", "\\"));
                });
    }

    @Test
    void rejectsRawControlCharacters() {
        for (String c : new String[] {"\u0000", "\t", "\n", "\r", "\u001b", "\u007f"}) {
            assertThatThrownBy(() -> IngestPath.parse(BASE + "x" + c + ".ts"))
                    .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).isEqualTo("control characters are not allowed in paths");
                    });
        }
    }

    @Test
    void rejectsAnOverlongElement() {
        assertThatThrownBy(() -> IngestPath.parse(BASE + "x".repeat(256)))
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("file name element longer than 255 characters");
                });
        assertThatThrownBy(() -> IngestPath.parse(BASE + "a/" + "%78".repeat(256))) // decoded length counts
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e ->
                        assertThat(e.getMessage()).isEqualTo("file name element longer than 255 characters"));
    }

    @Test
    void rejectsAnOverlongName() {
        String label = "a".repeat(64);
        assertThatThrownBy(() -> IngestPath.parse("/in/v2/default/" + label + "/primary/x.ts"))
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void controlCharactersAreMaskedInMessages() {
        assertThatThrownBy(() -> IngestPath.parse("/in/v2/default/demo/primary/a%20%E2%80%8Bb"))
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> assertThat(e.getMessage())
                        .isEqualTo("file name 'a \u200Bb' has characters outside [A-Za-z0-9_~+=,@.-]"));
    }

    @Test
    void onlyAsciiHexDigitsFormAnEscape() {
        // Character.digit would read these as 4 and 1: "%٤١" must not decode to "A"
        assertThatThrownBy(() -> IngestPath.parse(BASE + "seg%\u0664\u0661.ts"))
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("malformed percent-encoding in path");
                });
        assertThatThrownBy(() -> IngestPath.parse(BASE + "seg%\uFF14\uFF11.ts")) // fullwidth 4 and 1
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void rawNonAsciiCharactersAreNotTruncatedToBytes() {
        // U+0130 next to an escape must not become '0' (its low byte), nor U+012E a '.'
        assertThatThrownBy(() -> IngestPath.parse(BASE + "seg\u0130%41.ts"))
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> IngestPath.parse(BASE + "\u012E%2E"))
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> IngestPath.parse(BASE + "seg\u0130.ts"))
                .isInstanceOfSatisfying(IngestPath.Invalid.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
