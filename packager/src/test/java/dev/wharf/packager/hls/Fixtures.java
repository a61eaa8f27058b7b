package dev.wharf.packager.hls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test fixtures under {@code src/test/resources/hls/}. */
final class Fixtures {

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/hls/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MediaPlaylist media(String name) throws PlaylistParseException {
        return (MediaPlaylist) PlaylistParser.parse(bytes(name));
    }

    static MasterPlaylist master(String name) throws PlaylistParseException {
        return (MasterPlaylist) PlaylistParser.parse(bytes(name));
    }

    static MediaPlaylist media(String... lines) throws PlaylistParseException {
        return (MediaPlaylist) PlaylistParser.parse(String.join("\n", lines) + "\n");
    }
}
