package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.List;

/**
 * {@code wvtt} WVTTSampleEntry (ISO/IEC 14496-30 7.5): a PlainTextSampleEntry (ISO/IEC 14496-12
 * 12.5.3), i.e. only the SampleEntry fields, followed by {@code vttC} (and optionally {@code vlab}).
 */
public record WebVttSampleEntry(int dataReferenceIndex, List<Box> children) implements Box {

    public static final String FOURCC = "wvtt";

    public WebVttSampleEntry {
        children = List.copyOf(children);
    }

    @Override
    public String fourcc() {
        return FOURCC;
    }

    @Override
    public long size() {
        return BoxWriter.BOX_HEADER_SIZE + 8 + Box.sizeOf(children);
    }

    @Override
    public void write(BoxWriter w) {
        w.boxHeader(size(), FOURCC).zeros(6).u16(dataReferenceIndex);
        for (Box child : children) {
            child.write(w);
        }
    }
}
