package dev.wharf.packager.hls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link PlaylistParser} (media and master playlists, docs/security.md).
 *
 * <p>Properties: the only failure is {@link PlaylistParseException} with a line number inside the
 * input and a reason of at most {@link PlaylistParseException#MAX_REASON} characters; the output is
 * bounded by the input (no more segments or variants than lines); parsing the bytes and parsing the
 * same text as a {@code String} agree.
 */
class PlaylistParserFuzzTest {

    /** Entry point of Jazzer's standalone driver (bench/fuzz.sh); the @FuzzTest runs the same code. */
    public static void fuzzerTestOneInput(byte[] input) {
        long lines = input.length == 0 ? 1 : 1 + count(input, (byte) '\n') + count(input, (byte) '\r');
        Playlist fromBytes;
        try {
            fromBytes = PlaylistParser.parse(input);
        } catch (PlaylistParseException e) {
            assertThat(e.line()).isBetween(0, (int) Math.min(Integer.MAX_VALUE, lines));
            assertThat(e.reason()).isNotBlank().hasSizeLessThanOrEqualTo(PlaylistParseException.MAX_REASON);
            assertSameFromText(input, e);
            return;
        }
        switch (fromBytes) {
            case MediaPlaylist m -> assertThat((long) m.segments().size()).isLessThanOrEqualTo(lines);
            case MasterPlaylist m -> assertThat((long) m.variants().size() + m.renditions().size())
                    .isLessThanOrEqualTo(lines);
        }
        assertSameFromText(input, fromBytes);
    }

    /** parse(String) of the same text must give the same playlist, or fail as well. */
    private static void assertSameFromText(byte[] input, Object expected) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input)).toString();
        } catch (CharacterCodingException e) {
            return; // parse(String) never sees undecodable bytes
        }
        try {
            Playlist fromText = PlaylistParser.parse(text);
            assertThat(expected).as("parse(byte[]) failed but parse(String) accepted").isNotInstanceOf(
                    PlaylistParseException.class);
            assertThat(fromText).isEqualTo(expected);
        } catch (PlaylistParseException e) {
            assertThat(expected).as("parse(byte[]) accepted but parse(String) failed: " + e.getMessage())
                    .isInstanceOf(PlaylistParseException.class);
        }
    }

    private static long count(byte[] b, byte c) {
        long n = 0;
        for (byte x : b) {
            if (x == c) {
                n++;
            }
        }
        return n;
    }

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        fuzzerTestOneInput(input);
    }
}
