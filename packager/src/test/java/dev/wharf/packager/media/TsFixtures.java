package dev.wharf.packager.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Test fixtures under {@code src/test/resources/media}, made with ffmpeg 5.1 (libx264, libx265, aac, ac3,
 * eac3, mp2); the commands are in {@code media/README.md}.
 */
final class TsFixtures {

    /** The SPS NAL unit (header byte on, start code and trailing zeros off) of the Main 640x360 fixture. */
    static final String MAIN_640X360_SPS_HEX = "674d401feca05017fcb80880000003008000001e078c18cb";
    /** The SPS NAL unit of the HEVC fixture (2-byte header on), emulation prevention bytes still in. */
    static final String HEVC_640X360_SPS_HEX =
            "42010101600000030090000003000003003fa00502016965959a4932bc05a020000003002000000303c1";

    private TsFixtures() {
    }

    static byte[] load(String name) {
        try (InputStream in = TsFixtures.class.getResourceAsStream("/media/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
