package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;

/**
 * The sample tables a fragmented file still needs in {@code stbl}, with no entries (samples live in
 * the fragments):
 * <ul>
 *   <li>{@code stts} TimeToSampleBox (ISO/IEC 14496-12 8.6.1.2): entry_count 0</li>
 *   <li>{@code stsc} SampleToChunkBox (8.7.4): entry_count 0</li>
 *   <li>{@code stsz} SampleSizeBox (8.7.3.2): sample_size 0, sample_count 0</li>
 *   <li>{@code stco} ChunkOffsetBox (8.7.5): entry_count 0</li>
 * </ul>
 */
public record EmptySampleTableBox(String fourcc) implements Box {

    public static final String TIME_TO_SAMPLE = "stts";
    public static final String SAMPLE_TO_CHUNK = "stsc";
    public static final String SAMPLE_SIZE = "stsz";
    public static final String CHUNK_OFFSET = "stco";

    public EmptySampleTableBox {
        switch (fourcc) {
            case TIME_TO_SAMPLE, SAMPLE_TO_CHUNK, SAMPLE_SIZE, CHUNK_OFFSET -> { }
            default -> throw new IllegalArgumentException("not a sample table box: " + fourcc);
        }
    }

    @Override
    public long size() {
        return BoxWriter.FULL_BOX_HEADER_SIZE + (SAMPLE_SIZE.equals(fourcc) ? 8 : 4);
    }

    @Override
    public void write(BoxWriter w) {
        w.fullBoxHeader(size(), fourcc, 0, 0).u32(0);
        if (SAMPLE_SIZE.equals(fourcc)) {
            w.u32(0);
        }
    }
}
