package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * VisualSampleEntry (ISO/IEC 14496-12 12.1.3): {@code avc1} (ISO/IEC 14496-15 5.4.2.1, with
 * {@code avcC}) or {@code hvc1} (14496-15 8.4.1.1, with {@code hvcC}). 72 dpi, one frame per sample,
 * depth 0x18, the compressor name as a Pascal string in 32 bytes.
 */
public record VisualSampleEntry(String fourcc, int dataReferenceIndex, int width, int height,
                                String compressorName, List<Box> children) implements Box {

    public static final String AVC1 = "avc1";
    public static final String HVC1 = "hvc1";
    private static final int RESOLUTION_72_DPI = 0x0048_0000;
    private static final int COMPRESSOR_NAME_SIZE = 32;

    public VisualSampleEntry {
        children = List.copyOf(children);
        if (compressorName.getBytes(StandardCharsets.UTF_8).length > COMPRESSOR_NAME_SIZE - 1) {
            throw new IllegalArgumentException("compressor name longer than 31 bytes: " + compressorName);
        }
    }

    @Override
    public long size() {
        return BoxWriter.BOX_HEADER_SIZE + 78 + Box.sizeOf(children);
    }

    @Override
    public void write(BoxWriter w) {
        byte[] name = compressorName.getBytes(StandardCharsets.UTF_8);
        w.boxHeader(size(), fourcc).zeros(6).u16(dataReferenceIndex)
                .u16(0).u16(0).zeros(12)
                .u16(width).u16(height)
                .u32(RESOLUTION_72_DPI).u32(RESOLUTION_72_DPI)
                .u32(0).u16(1)
                .u8(name.length).bytes(name).zeros(COMPRESSOR_NAME_SIZE - 1 - name.length)
                .u16(0x0018).u16(0xFFFF);
        for (Box child : children) {
            child.write(w);
        }
    }
}
