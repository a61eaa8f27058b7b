package dev.wharf.packager.mux.ts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The committed MPEG-TS fixtures (src/test/resources/media, see its README.md) and packet helpers. */
final class TsTestFiles {
    private TsTestFiles() {}

    static byte[] load(String path) {
        try (InputStream in = TsTestFiles.class.getResourceAsStream("/media/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PTS of the keyframes ffprobe listed for a fixture's video stream (media/ffprobe/*.v.csv). */
    static List<Long> ffprobeKeyframePts(String fixture) {
        String csv = new String(load("ffprobe/" + fixture.replace(".ts", "") + ".v.csv"), StandardCharsets.US_ASCII);
        List<Long> out = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",");
            if (f[2].startsWith("K")) {
                out.add(Long.parseLong(f[0]));
            }
        }
        return out;
    }

    /** {@code ts} cut into {@code pieces} parts at packet boundaries. */
    static List<byte[]> cut(byte[] ts, int pieces) {
        int packets = ts.length / TsJoiner.PACKET;
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            int from = packets * i / pieces * TsJoiner.PACKET;
            int to = i == pieces - 1 ? ts.length : packets * (i + 1) / pieces * TsJoiner.PACKET;
            out.add(Arrays.copyOfRange(ts, from, to));
        }
        return out;
    }

    /** A copy whose continuity counters start again at 0 on every PID, as a segmenter writing each file anew would. */
    static byte[] restartCounters(byte[] ts) {
        byte[] b = ts.clone();
        int[] cc = new int[8192];
        for (int p = 0; p + TsJoiner.PACKET <= b.length; p += TsJoiner.PACKET) {
            int pid = ((b[p + 1] & 0x1F) << 8) | (b[p + 2] & 0xFF);
            boolean payload = (b[p + 3] & 0x10) != 0;
            b[p + 3] = (byte) ((b[p + 3] & 0xF0) | (cc[pid] & 0x0F));
            if (payload) {
                cc[pid]++;
            }
        }
        return b;
    }

    static byte[] concat(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
