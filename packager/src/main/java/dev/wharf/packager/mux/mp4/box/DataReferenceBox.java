package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.List;

/** {@code dref} DataReferenceBox (ISO/IEC 14496-12 8.7.2): entry count, then the entries. */
public record DataReferenceBox(List<Box> entries) implements Box {

    public static final String FOURCC = "dref";

    public DataReferenceBox {
        entries = List.copyOf(entries);
    }

    /** One self-contained {@code url } entry: what every fragmented file uses. */
    public static DataReferenceBox selfContained() {
        return new DataReferenceBox(List.of(new DataEntryUrlBox()));
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
