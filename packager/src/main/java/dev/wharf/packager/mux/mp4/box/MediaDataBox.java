package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import dev.wharf.packager.sample.Sample;
import java.util.List;

/**
 * {@code mdat} MediaDataBox (ISO/IEC 14496-12 8.1.1): the samples' bytes back to back, in the order
 * given. Each sample is copied exactly once, straight from {@link Sample#data()} into the output.
 */
public record MediaDataBox(List<Sample> samples) implements Box {

    public static final String FOURCC = "mdat";

    public MediaDataBox {
        samples = List.copyOf(samples);
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    /** Sum of the sample lengths. */
    public long payloadSize() {
        long size = 0;
        for (Sample s : samples) {
            size += s.length();
        }
        return size;
    }

    @Override
    public long size() {
        return BoxWriter.BOX_HEADER_SIZE + payloadSize();
    }

    @Override
    public void write(BoxWriter w) {
        w.boxHeader(size(), FOURCC);
        for (Sample s : samples) {
            w.bytes(s.data(), s.offset(), s.length());
        }
    }
}
