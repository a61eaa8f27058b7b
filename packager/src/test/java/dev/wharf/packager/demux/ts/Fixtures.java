package dev.wharf.packager.demux.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Test fixtures of {@code src/test/resources/media} (see its README.md) and comparison helpers. */
final class Fixtures {

    /** One line of {@code ffprobe -show_packets -of csv -show_entries packet=pts,dts,flags}. */
    record Packet(long pts, long dts, boolean key) {
    }

    private Fixtures() {
    }

    static byte[] load(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/media/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ffprobe's packets of the first video ("v") or audio ("a") stream of a fixture, recorded in media/ffprobe/. */
    static List<Packet> ffprobe(String fixture, String stream) {
        String csv = new String(load("ffprobe/" + fixture + "." + stream + ".csv"), StandardCharsets.US_ASCII);
        List<Packet> out = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",");
            out.add(new Packet(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2].startsWith("K")));
        }
        return out;
    }

    static TsDemuxer feedInChunks(byte[] ts, int chunk) {
        TsDemuxer d = new TsDemuxer();
        for (int p = 0; p < ts.length; p += chunk) {
            d.feed(ts, p, Math.min(chunk, ts.length - p));
        }
        d.flush();
        return d;
    }

    static byte[] bytes(Sample s) {
        return Arrays.copyOfRange(s.data(), s.offset(), s.offset() + s.length());
    }

    /** Byte equality with a short message: lengths and the first difference. */
    static void assertSameBytes(byte[] actual, byte[] expected) {
        int diff = Arrays.mismatch(actual, expected);
        assertThat(diff).as("first differing byte of %d actual vs %d expected bytes", actual.length, expected.length)
                .isEqualTo(-1);
    }

    /** A value-comparable rendering of a sample (the record compares its array by identity). */
    static String describe(Sample s) {
        return s.trackId() + " dts=" + s.decodeTime() + " cto=" + s.compositionOffset() + " dur=" + s.duration()
                + " sync=" + s.sync() + " " + HexFormat.of().formatHex(bytes(s));
    }

    static String describe(TrackFormat f) {
        return f.trackId() + " " + f.kind() + " " + f.codec() + " ts=" + f.timescale() + " " + f.width() + "x"
                + f.height() + " " + f.sampleRate() + "Hz " + f.channels() + "ch " + f.language() + " "
                + HexFormat.of().formatHex(f.decoderConfig()) + " "
                + f.parameterSets().stream().map(HexFormat.of()::formatHex).toList();
    }

    /** Asserts a video sample is a sequence of 4-byte-length-prefixed NAL units, none of the removed types. */
    static List<Integer> assertLengthPrefixedNals(Sample s, boolean hevc) {
        List<Integer> types = new ArrayList<>();
        byte[] b = s.data();
        int p = s.offset();
        int end = s.offset() + s.length();
        while (p < end) {
            assertThat(end - p).as("room for a length").isGreaterThanOrEqualTo(4);
            int n = ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            p += 4;
            assertThat(n).isPositive().isLessThanOrEqualTo(end - p);
            assertThat(b[p] & 0x80).as("forbidden_zero_bit").isZero();
            int type = hevc ? (b[p] >> 1) & 0x3F : b[p] & 0x1F;
            types.add(type);
            for (int i = p; i + 2 < p + n; i++) {
                boolean startCode = b[i] == 0 && b[i + 1] == 0 && (b[i + 2] == 0 || b[i + 2] == 1);
                assertThat(startCode).as("start code or 00 00 00 inside a NAL unit at %d", i - p).isFalse();
            }
            assertThat(b[p + n - 1]).as("NAL unit ends with rbsp trailing bits, not a zero byte").isNotZero();
            p += n;
        }
        assertThat(p).isEqualTo(end);
        if (hevc) {
            assertThat(types).doesNotContain(32, 33, 34, 35);
        } else {
            assertThat(types).doesNotContain(7, 8, 9, 12);
        }
        return types;
    }
}
