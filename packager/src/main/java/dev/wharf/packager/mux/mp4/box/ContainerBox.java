package dev.wharf.packager.mux.mp4.box;

import dev.wharf.packager.mux.mp4.BoxWriter;
import java.util.List;

/**
 * A box whose payload is only other boxes. The container types Wharf writes, with their
 * ISO/IEC 14496-12 sections:
 * <ul>
 *   <li>{@code moov} MovieBox (8.2.1), {@code trak} TrackBox (8.3.1), {@code mdia} MediaBox (8.4.1),
 *       {@code minf} MediaInformationBox (8.4.4), {@code dinf} DataInformationBox (8.7.1),
 *       {@code stbl} SampleTableBox (8.5.1), {@code mvex} MovieExtendsBox (8.8.1)</li>
 *   <li>{@code moof} MovieFragmentBox (8.8.4), {@code traf} TrackFragmentBox (8.8.6)</li>
 * </ul>
 */
public record ContainerBox(String fourcc, List<Box> children) implements Box {

    public static final String MOVIE = "moov";
    public static final String TRACK = "trak";
    public static final String MEDIA = "mdia";
    public static final String MEDIA_INFORMATION = "minf";
    public static final String DATA_INFORMATION = "dinf";
    public static final String SAMPLE_TABLE = "stbl";
    public static final String MOVIE_EXTENDS = "mvex";
    public static final String MOVIE_FRAGMENT = "moof";
    public static final String TRACK_FRAGMENT = "traf";

    public ContainerBox {
        children = List.copyOf(children);
    }

    public static ContainerBox of(String fourcc, Box... children) {
        return new ContainerBox(fourcc, List.of(children));
    }

    @Override
    public long size() {
        return BoxWriter.BOX_HEADER_SIZE + Box.sizeOf(children);
    }

    @Override
    public void write(BoxWriter w) {
        w.boxHeader(size(), fourcc);
        for (Box child : children) {
            child.write(w);
        }
    }
}
