package dev.wharf.packager.mux.mp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes ISO BMFF big-endian fields into one preallocated {@code byte[]} (nginx-vod's
 * {@code mp4_write_stream.h}): callers compute the exact output size first, allocate once, and every
 * box writes its header with the size it already knows. Nothing grows, nothing is copied twice.
 *
 * <p>Bounds are those of the array: writing past the end throws {@link ArrayIndexOutOfBoundsException},
 * which means a box's {@code size()} disagrees with its {@code write()} (a bug, never bad input).
 */
public final class BoxWriter {

    /** Size of a box header with a 32-bit size: size + type (ISO/IEC 14496-12 4.2). */
    public static final int BOX_HEADER_SIZE = 8;
    /** Size of a full box header: box header + version + flags (ISO/IEC 14496-12 4.2). */
    public static final int FULL_BOX_HEADER_SIZE = 12;

    private final byte[] buffer;
    private int position;

    public BoxWriter(byte[] buffer) {
        this.buffer = buffer;
    }

    /** Allocates exactly {@code size} bytes. */
    public static BoxWriter allocate(long size) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output of " + size + " bytes does not fit in one array");
        }
        return new BoxWriter(new byte[(int) size]);
    }

    public int position() {
        return position;
    }

    /** The buffer, after checking it was filled exactly. */
    public byte[] toByteArray() {
        if (position != buffer.length) {
            throw new IllegalStateException("wrote " + position + " bytes into a buffer of " + buffer.length
                    + ": a box's size() disagrees with its write()");
        }
        return buffer;
    }

    /** Box header (32-bit size, type). */
    public BoxWriter boxHeader(long size, String fourcc) {
        if (size > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("box '" + fourcc + "' of " + size + " bytes needs a 64-bit size");
        }
        return u32(size).fourcc(fourcc);
    }

    /** Full box header: box header, 8-bit version, 24-bit flags. */
    public BoxWriter fullBoxHeader(long size, String fourcc, int version, int flags) {
        return boxHeader(size, fourcc).u8(version).u24(flags);
    }

    public BoxWriter u8(int v) {
        buffer[position++] = (byte) v;
        return this;
    }

    public BoxWriter u16(int v) {
        buffer[position] = (byte) (v >>> 8);
        buffer[position + 1] = (byte) v;
        position += 2;
        return this;
    }

    public BoxWriter u24(int v) {
        buffer[position] = (byte) (v >>> 16);
        buffer[position + 1] = (byte) (v >>> 8);
        buffer[position + 2] = (byte) v;
        position += 3;
        return this;
    }

    /** An unsigned 32-bit value (the low 32 bits of {@code v}). */
    public BoxWriter u32(long v) {
        buffer[position] = (byte) (v >>> 24);
        buffer[position + 1] = (byte) (v >>> 16);
        buffer[position + 2] = (byte) (v >>> 8);
        buffer[position + 3] = (byte) v;
        position += 4;
        return this;
    }

    /** A signed 32-bit value (two's complement, as {@code int(32)} fields). */
    public BoxWriter i32(int v) {
        return u32(v & 0xFFFF_FFFFL);
    }

    public BoxWriter u64(long v) {
        u32(v >>> 32);
        return u32(v);
    }

    /** A four-character code: exactly four ASCII characters. */
    public BoxWriter fourcc(String fourcc) {
        if (fourcc.length() != 4) {
            throw new IllegalArgumentException("not a four-character code: '" + fourcc + "'");
        }
        for (int i = 0; i < 4; i++) {
            char c = fourcc.charAt(i);
            if (c > 0x7E || c < 0x20) {
                throw new IllegalArgumentException("not a printable ASCII four-character code: '" + fourcc + "'");
            }
            buffer[position++] = (byte) c;
        }
        return this;
    }

    /** A 16.16 fixed-point number from an integer part (width, height, rate). */
    public BoxWriter fixed16x16(int integerPart) {
        return u32((long) integerPart << 16);
    }

    /** An 8.8 fixed-point number from an integer part (volume). */
    public BoxWriter fixed8x8(int integerPart) {
        return u16(integerPart << 8);
    }

    public BoxWriter zeros(int count) {
        // a new array is zeroed already, but a reused buffer might not be
        Arrays.fill(buffer, position, position + count, (byte) 0);
        position += count;
        return this;
    }

    /** Copies {@code length} bytes of {@code source} from {@code offset}: the only copy of sample data. */
    public BoxWriter bytes(byte[] source, int offset, int length) {
        System.arraycopy(source, offset, buffer, position, length);
        position += length;
        return this;
    }

    public BoxWriter bytes(byte[] source) {
        return bytes(source, 0, source.length);
    }

    /** A null-terminated UTF-8 string (ISO/IEC 14496-12 {@code utf8string}). */
    public BoxWriter utf8z(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8)).u8(0);
    }

    /** Bytes {@link #utf8z} writes for {@code s}. */
    public static int utf8zSize(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + 1;
    }
}
