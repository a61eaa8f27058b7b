package dev.wharf.packager.text;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: reads a one-track wvtt fragment back (moof/traf/tfdt/trun, then the samples in mdat) into its
 * samples and their cues, independently of the writer.
 */
public final class WvttReader {
    private WvttReader() {}

    /** A cue of a sample: its payl text, sttg settings and iden identifier (null when absent). */
    public record Cue(String payload, String settings, String id) {}

    /** A sample: decode time, duration, cues (empty for a vtte sample). */
    public record Sample(long start, long duration, List<Cue> cues, boolean empty) {}

    public static List<Sample> read(byte[] fragment) {
        ByteBuffer b = ByteBuffer.wrap(fragment);
        long tfdt = -1;
        long dataOffset = 0;
        int moofStart = -1;
        List<long[]> samples = new ArrayList<>(); // duration, size
        int p = 0;
        while (p + 8 <= fragment.length) {
            int size = b.getInt(p);
            String type = type(b, p + 4);
            if (type.equals("moof")) {
                moofStart = p;
                int q = p + 8;
                while (q < p + size) {
                    int s = b.getInt(q);
                    if (type(b, q + 4).equals("traf")) {
                        int r = q + 8;
                        while (r < q + s) {
                            int rs = b.getInt(r);
                            String rt = type(b, r + 4);
                            if (rt.equals("tfdt")) {
                                tfdt = b.get(r + 8) == 1 ? b.getLong(r + 12) : Integer.toUnsignedLong(b.getInt(r + 12));
                            } else if (rt.equals("trun")) {
                                int flags = b.getInt(r + 8) & 0xFFFFFF;
                                int count = b.getInt(r + 12);
                                int x = r + 16;
                                if ((flags & 0x1) != 0) {
                                    dataOffset = b.getInt(x);
                                    x += 4;
                                }
                                if ((flags & 0x4) != 0) {
                                    x += 4;
                                }
                                for (int i = 0; i < count; i++) {
                                    long d = 0;
                                    long sz = 0;
                                    if ((flags & 0x100) != 0) {
                                        d = Integer.toUnsignedLong(b.getInt(x));
                                        x += 4;
                                    }
                                    if ((flags & 0x200) != 0) {
                                        sz = Integer.toUnsignedLong(b.getInt(x));
                                        x += 4;
                                    }
                                    if ((flags & 0x400) != 0) {
                                        x += 4;
                                    }
                                    if ((flags & 0x800) != 0) {
                                        x += 4;
                                    }
                                    samples.add(new long[] {d, sz});
                                }
                            }
                            r += rs;
                        }
                    }
                    q += s;
                }
            }
            p += size;
        }
        List<Sample> out = new ArrayList<>();
        long at = tfdt;
        int data = (int) (moofStart + dataOffset);
        for (long[] s : samples) {
            List<Cue> cues = new ArrayList<>();
            boolean empty = false;
            int q = data;
            while (q < data + s[1]) {
                int bs = b.getInt(q);
                String bt = type(b, q + 4);
                if (bt.equals("vtte")) {
                    empty = true;
                } else if (bt.equals("vttc")) {
                    String payl = null;
                    String sttg = null;
                    String iden = null;
                    int r = q + 8;
                    while (r < q + bs) {
                        int rs = b.getInt(r);
                        String text = new String(fragment, r + 8, rs - 8, StandardCharsets.UTF_8);
                        switch (type(b, r + 4)) {
                            case "payl" -> payl = text;
                            case "sttg" -> sttg = text;
                            case "iden" -> iden = text;
                            default -> { }
                        }
                        r += rs;
                    }
                    cues.add(new Cue(payl, sttg, iden));
                }
                q += bs;
            }
            out.add(new Sample(at, s[0], cues, empty));
            at += s[0];
            data += (int) s[1];
        }
        return out;
    }

    private static String type(ByteBuffer b, int p) {
        return new String(new byte[] {b.get(p), b.get(p + 1), b.get(p + 2), b.get(p + 3)}, StandardCharsets.ISO_8859_1);
    }
}
