package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * An ISO BMFF box (ISO/IEC 14496-12 4.2) that knows its exact serialized size before it is written
 * (Shaka's {@code ComputeSize()}, nginx-vod's {@code *_get_*_atom_size()}), so a whole segment is one
 * allocation and the header of every box is written with its final size.
 */
public interface Box {

    /** The box type. */
    String fourcc();

    /** Serialized size in bytes, header included. */
    long size();

    /** Writes exactly {@link #size()} bytes. */
    void write(BoxWriter w);

    /** Total size of some boxes. */
    static long sizeOf(Iterable<? extends Box> boxes) {
        long size = 0;
        for (Box b : boxes) {
            size += b.size();
        }
        return size;
    }

    /** Serializes boxes one after the other into one exactly-sized array. */
    static byte[] serialize(Iterable<? extends Box> boxes) {
        BoxWriter w = BoxWriter.allocate(sizeOf(boxes));
        for (Box b : boxes) {
            long start = w.position();
            b.write(w);
            if (w.position() - start != b.size()) {
                throw new IllegalStateException("'" + b.fourcc() + "' wrote " + (w.position() - start)
                        + " bytes but its size() is " + b.size());
            }
        }
        return w.toByteArray();
    }
}
