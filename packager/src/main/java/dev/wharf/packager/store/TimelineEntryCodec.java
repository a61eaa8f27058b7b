package dev.wharf.packager.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a {@link TimelineEntry} as the compact, deterministic bytes stored as a sorted-set member.
 * Equal entries give equal bytes, so the member is a stable identity.
 *
 * <pre>
 * entry  = "1" "," sequence "," durationMicros "," discontinuity(0|1) "," discontinuitySequence ","
 *          programDateTimeMillis ","
 *          sizeBytes "," ingestedAtMillis "," str(file) "," tagCount *( "," str(tag) ) "," mediaTime90k
 *          "," str(source) [ "," str(initFile) ]
 * str    = byteLength ":" UTF-8 bytes        (length-prefixed: any character, commas and newlines included)
 * number = ["-"] 1*DIGIT                      (decimal, as Long.toString writes it)
 * </pre>
 *
 * <p>Example: {@code 1,42,6000000,0,3,1700000000000,123456,1700000000500,9:seg42.ts,1,11:#EXT-X-CUE-IN}.
 * The leading {@code 1} is the encoding version; {@link #decode} rejects any other. The trailing
 * {@code initFile} is written only when not empty (fMP4 sources), so an entry of a TS segment encodes exactly as
 * before the field existed, and such entries read by an older packager still decode. Strings are UTF-8,
 * so an unpaired surrogate (not valid text) would come back as {@code ?}.
 */
public final class TimelineEntryCodec {

    static final byte VERSION = '1';

    private TimelineEntryCodec() {}

    public static byte[] encode(TimelineEntry e) {
        byte[] file = e.file().getBytes(StandardCharsets.UTF_8);
        List<String> tags = e.tags();
        byte[][] tagBytes = new byte[tags.size()][];
        byte[] sourceBytes = e.source().getBytes(StandardCharsets.UTF_8);
        byte[] initBytes = e.initFile().getBytes(StandardCharsets.UTF_8);
        int size = 10 * 20 + file.length + 12 + sourceBytes.length + 12 + initBytes.length + 12;
        for (int i = 0; i < tagBytes.length; i++) {
            tagBytes[i] = tags.get(i).getBytes(StandardCharsets.UTF_8);
            size += tagBytes[i].length + 12;
        }
        Writer w = new Writer(size);
        w.raw(VERSION);
        w.comma().number(e.sequence());
        w.comma().number(e.durationMicros());
        w.comma().number(e.discontinuity() ? 1 : 0);
        w.comma().number(e.discontinuitySequence());
        w.comma().number(e.programDateTimeMillis());
        w.comma().number(e.sizeBytes());
        w.comma().number(e.ingestedAtMillis());
        w.comma().string(file);
        w.comma().number(tagBytes.length);
        for (byte[] t : tagBytes) {
            w.comma().string(t);
        }
        w.comma().number(e.mediaTime90k());
        w.comma().string(sourceBytes);
        if (initBytes.length > 0) {
            w.comma().string(initBytes);
        }
        return w.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not an entry of a known encoding version */
    public static TimelineEntry decode(byte[] bytes) {
        Reader r = new Reader(bytes);
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new IllegalArgumentException("unknown timeline entry encoding: "
                    + (bytes.length == 0 ? "empty" : "version byte " + (bytes[0] & 0xff)));
        }
        r.pos = 1;
        r.comma();
        long sequence = r.number();
        r.comma();
        long duration = r.number();
        r.comma();
        long disc = r.number();
        if (disc != 0 && disc != 1) {
            throw r.error("discontinuity must be 0 or 1");
        }
        r.comma();
        long discSeq = r.number();
        r.comma();
        long pdt = r.number();
        r.comma();
        long size = r.number();
        r.comma();
        long ingested = r.number();
        r.comma();
        String file = r.string();
        r.comma();
        long count = r.number();
        if (count < 0 || count > bytes.length) {
            throw r.error("bad tag count " + count);
        }
        List<String> tags = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            r.comma();
            tags.add(r.string());
        }
        r.comma();
        long mediaTime = r.number();
        r.comma();
        String source = r.string();
        String init = "";
        if (r.pos != bytes.length) {
            r.comma();
            init = r.string();
            if (init.isEmpty()) {
                throw r.error("empty init file"); // never written: one entry, one encoding
            }
        }
        if (r.pos != bytes.length) {
            throw r.error("trailing bytes");
        }
        return new TimelineEntry(sequence, file, duration, disc == 1, discSeq, pdt, size, ingested, tags, mediaTime, source,
                init);
    }

    private static final class Writer {
        private byte[] buf;
        private int len;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        Writer raw(byte b) {
            ensure(1);
            buf[len++] = b;
            return this;
        }

        Writer comma() {
            return raw((byte) ',');
        }

        Writer number(long n) {
            String s = Long.toString(n);
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return this;
        }

        Writer string(byte[] utf8) {
            number(utf8.length);
            raw((byte) ':');
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, len, utf8.length);
            len += utf8.length;
            return this;
        }

        byte[] toByteArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }
    }

    private static final class Reader {
        private final byte[] in;
        int pos;

        Reader(byte[] in) {
            this.in = in;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed timeline entry at byte " + pos + ": " + what);
        }

        void comma() {
            expect((byte) ',');
        }

        void expect(byte b) {
            if (pos >= in.length || in[pos] != b) {
                throw error("expected '" + (char) b + "'");
            }
            pos++;
        }

        long number() {
            boolean negative = pos < in.length && in[pos] == '-';
            if (negative) {
                pos++;
            }
            int start = pos;
            long value = 0;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                int digit = in[pos] - '0';
                // accumulate negatively so Long.MIN_VALUE fits
                if (value < (Long.MIN_VALUE + digit) / 10) {
                    throw error("number out of range");
                }
                value = value * 10 - digit;
                pos++;
            }
            if (pos == start || pos - start > 19) {
                throw error("expected a number");
            }
            if (!negative) {
                if (value == Long.MIN_VALUE) {
                    throw error("number out of range");
                }
                value = -value;
            }
            return value;
        }

        String string() {
            long n = number();
            expect((byte) ':');
            if (n < 0 || n > in.length - pos) {
                throw error("string length " + n + " exceeds the entry");
            }
            String s = new String(in, pos, (int) n, StandardCharsets.UTF_8);
            pos += (int) n;
            return s;
        }
    }
}
