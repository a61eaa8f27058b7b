package dev.wharf.packager.mux.mp4;

import dev.wharf.packager.mux.mp4.box.AudioSampleEntry;
import dev.wharf.packager.mux.mp4.box.Box;
import dev.wharf.packager.mux.mp4.box.CodecConfigurationBox;
import dev.wharf.packager.mux.mp4.box.EsdBox;
import dev.wharf.packager.mux.mp4.box.HandlerBox;
import dev.wharf.packager.mux.mp4.box.MediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackExtendsBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentBaseMediaDecodeTimeBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackRunBox;
import dev.wharf.packager.mux.mp4.box.VisualSampleEntry;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads tracks and samples out of a fragmented MP4 that ffmpeg wrote ({@code -movflags
 * +frag_keyframe+empty_moov+default_base_moof}), with {@link BoxReader}: a stand-in for the TS demuxer
 * (not merged yet) that gives the writers real encoder output. Samples point into the source bytes.
 */
final class Fmp4Source {

    /** A track and all its samples in decode order. */
    record Track(TrackFormat format, List<Sample> samples) { }

    private Fmp4Source() {
    }

    static List<Track> read(byte[] file) {
        List<BoxReader.Parsed> top = BoxReader.parse(file);
        BoxReader.Parsed moov = BoxReader.find(top, "moov");
        Map<Integer, TrackFormat> formats = new LinkedHashMap<>();
        Map<Integer, TrackExtendsBox> trexes = new LinkedHashMap<>();
        for (BoxReader.Parsed trak : moov.all("trak")) {
            TrackFormat f = format(trak);
            formats.put(f.trackId(), f);
        }
        for (BoxReader.Parsed trex : moov.child("mvex").all("trex")) {
            var t = (TrackExtendsBox) BoxReader.decode(trex);
            trexes.put((int) t.trackId(), t);
        }
        Map<Integer, List<Sample>> samples = new LinkedHashMap<>();
        formats.keySet().forEach(id -> samples.put(id, new ArrayList<>()));
        for (BoxReader.Parsed moof : top.stream().filter(b -> b.type().equals("moof")).toList()) {
            for (BoxReader.Parsed traf : moof.all("traf")) {
                readTraf(file, moof, traf, trexes, samples);
            }
        }
        return formats.values().stream().map(f -> new Track(f, samples.get(f.trackId()))).toList();
    }

    private static void readTraf(byte[] file, BoxReader.Parsed moof, BoxReader.Parsed traf,
                                 Map<Integer, TrackExtendsBox> trexes, Map<Integer, List<Sample>> samples) {
        var tfhd = (TrackFragmentHeaderBox) BoxReader.decode(traf.child("tfhd"));
        int trackId = (int) tfhd.trackId();
        TrackExtendsBox trex = trexes.get(trackId);
        int flags = tfhd.flags();
        long base;
        if ((flags & TrackFragmentHeaderBox.BASE_DATA_OFFSET_PRESENT) != 0) {
            base = tfhd.baseDataOffset();
        } else if ((flags & TrackFragmentHeaderBox.DEFAULT_BASE_IS_MOOF) != 0) {
            base = moof.offset();
        } else {
            throw new IllegalStateException("make ffmpeg write default-base-is-moof (+default_base_moof)");
        }
        long defaultDuration = (flags & TrackFragmentHeaderBox.DEFAULT_SAMPLE_DURATION_PRESENT) != 0
                ? tfhd.defaultSampleDuration() : trex.defaultSampleDuration();
        long defaultSize = (flags & TrackFragmentHeaderBox.DEFAULT_SAMPLE_SIZE_PRESENT) != 0
                ? tfhd.defaultSampleSize() : trex.defaultSampleSize();
        long defaultFlags = (flags & TrackFragmentHeaderBox.DEFAULT_SAMPLE_FLAGS_PRESENT) != 0
                ? tfhd.defaultSampleFlags() : trex.defaultSampleFlags();
        long dts = ((TrackFragmentBaseMediaDecodeTimeBox) BoxReader.decode(traf.child("tfdt"))).baseMediaDecodeTime();
        List<Sample> out = samples.get(trackId);
        for (BoxReader.Parsed t : traf.all("trun")) {
            var trun = (TrackRunBox) BoxReader.decode(t);
            int tf = trun.flags();
            long position = base + trun.dataOffset();
            for (int i = 0; i < trun.entries().size(); i++) {
                TrackRunBox.Entry e = trun.entries().get(i);
                long duration = (tf & TrackRunBox.SAMPLE_DURATION_PRESENT) != 0 ? e.duration() : defaultDuration;
                long size = (tf & TrackRunBox.SAMPLE_SIZE_PRESENT) != 0 ? e.size() : defaultSize;
                long sampleFlags = (tf & TrackRunBox.SAMPLE_FLAGS_PRESENT) != 0 ? e.flags() & 0xFFFF_FFFFL
                        : i == 0 && (tf & TrackRunBox.FIRST_SAMPLE_FLAGS_PRESENT) != 0 ? trun.firstSampleFlags()
                        : defaultFlags;
                boolean sync = (sampleFlags & 0x0001_0000) == 0;
                out.add(new Sample(trackId, dts, e.compositionTimeOffset(), (int) duration, sync, file,
                        (int) position, (int) size));
                dts += duration;
                position += size;
            }
        }
    }

    private static TrackFormat format(BoxReader.Parsed trak) {
        var tkhd = (TrackHeaderBox) BoxReader.decode(trak.child("tkhd"));
        var mdhd = (MediaHeaderBox) BoxReader.decode(trak.child("mdia/mdhd"));
        var hdlr = (HandlerBox) BoxReader.decode(trak.child("mdia/hdlr"));
        BoxReader.Parsed entryBox = trak.child("mdia/minf/stbl/stsd").children().getFirst();
        Box entry = BoxReader.decode(entryBox);
        int id = (int) tkhd.trackId();
        int timescale = (int) mdhd.timescale();
        return switch (entry) {
            case VisualSampleEntry v when hdlr.handlerType().equals("vide") -> new TrackFormat(id,
                    TrackFormat.Kind.VIDEO, v.fourcc(), timescale, v.width(), v.height(), 0, 0, mdhd.language(),
                    child(v.children(), CodecConfigurationBox.class).payload(), List.of());
            case AudioSampleEntry a when a.fourcc().equals("mp4a") -> new TrackFormat(id, TrackFormat.Kind.AUDIO,
                    "mp4a.40.2", timescale, 0, 0, a.sampleRate(), a.channelCount(), mdhd.language(),
                    child(a.children(), EsdBox.class).decoderSpecificInfo(), List.of());
            case AudioSampleEntry a -> new TrackFormat(id, TrackFormat.Kind.AUDIO, a.fourcc(), timescale, 0, 0,
                    a.sampleRate(), a.channelCount(), mdhd.language(),
                    child(a.children(), CodecConfigurationBox.class).payload(), List.of());
            default -> throw new IllegalStateException("unexpected sample entry " + entryBox.type());
        };
    }

    private static <T extends Box> T child(List<Box> children, Class<T> type) {
        return children.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " in " + children));
    }
}
