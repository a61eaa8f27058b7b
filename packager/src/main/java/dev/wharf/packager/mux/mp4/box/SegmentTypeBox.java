package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.List;

/**
 * {@code styp} SegmentTypeBox (ISO/IEC 14496-12 8.16.2): the {@code ftyp} of a media segment, first in it.
 */
public record SegmentTypeBox(String majorBrand, long minorVersion, List<String> compatibleBrands) implements Box {

    public static final String FOURCC = "styp";

    public SegmentTypeBox {
        compatibleBrands = List.copyOf(compatibleBrands);
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return FileTypeBox.brandsSize(compatibleBrands);
    }

    @Override
    public void write(BoxWriter w) {
        FileTypeBox.writeBrands(w, FOURCC, majorBrand, minorVersion, compatibleBrands);
    }
}
