package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.List;

/**
 * {@code ftyp} FileTypeBox (ISO/IEC 14496-12 4.3): the brands a file (here an init segment) conforms to.
 */
public record FileTypeBox(String majorBrand, long minorVersion, List<String> compatibleBrands) implements Box {

    public static final String FOURCC = "ftyp";

    public FileTypeBox {
        compatibleBrands = List.copyOf(compatibleBrands);
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return brandsSize(compatibleBrands);
    }

    @Override
    public void write(BoxWriter w) {
        writeBrands(w, FOURCC, majorBrand, minorVersion, compatibleBrands);
    }

    static long brandsSize(List<String> compatibleBrands) {
        return BoxWriter.BOX_HEADER_SIZE + 8 + 4L * compatibleBrands.size();
    }

    static void writeBrands(BoxWriter w, String fourcc, String majorBrand, long minorVersion, List<String> brands) {
        w.boxHeader(brandsSize(brands), fourcc).fourcc(majorBrand).u32(minorVersion);
        for (String brand : brands) {
            w.fourcc(brand);
        }
    }
}
