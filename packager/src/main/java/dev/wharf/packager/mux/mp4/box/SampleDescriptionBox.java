package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.List;

/** {@code stsd} SampleDescriptionBox (ISO/IEC 14496-12 8.5.2): entry count, then the sample entries. */
public record SampleDescriptionBox(List<Box> entries) implements Box {

    public static final String FOURCC = "stsd";

    public SampleDescriptionBox {
        entries = List.copyOf(entries);
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + 4 + Box.sizeOf(entries);
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), FOURCC, 0, 0).u32(entries.size());
        for (Box e : entries) {
            e.write(w);
        }
    }
}
