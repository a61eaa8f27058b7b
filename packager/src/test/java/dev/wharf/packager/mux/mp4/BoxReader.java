package dev.wharf.packager.mux.mp4;

import dev.wharf.packager.mux.mp4.box.AudioSampleEntry;
import dev.wharf.packager.mux.mp4.box.Box;
import dev.wharf.packager.mux.mp4.box.CodecConfigurationBox;
import dev.wharf.packager.mux.mp4.box.ContainerBox;
import dev.wharf.packager.mux.mp4.box.DataEntryUrlBox;
import dev.wharf.packager.mux.mp4.box.DataReferenceBox;
import dev.wharf.packager.mux.mp4.box.EmptySampleTableBox;
import dev.wharf.packager.mux.mp4.box.EsdBox;
import dev.wharf.packager.mux.mp4.box.FileTypeBox;
import dev.wharf.packager.mux.mp4.box.HandlerBox;
import dev.wharf.packager.mux.mp4.box.MediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.MovieFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.MovieHeaderBox;
import dev.wharf.packager.mux.mp4.box.NullMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.SampleDescriptionBox;
import dev.wharf.packager.mux.mp4.box.SegmentTypeBox;
import dev.wharf.packager.mux.mp4.box.SoundMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.SubtitleMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.TfrfBox;
import dev.wharf.packager.mux.mp4.box.TfxdBox;
import dev.wharf.packager.mux.mp4.box.TrackExtendsBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentBaseMediaDecodeTimeBox;
import dev.wharf.packager.mux.mp4.box.TrackFragmentHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackHeaderBox;
import dev.wharf.packager.mux.mp4.box.TrackRunBox;
import dev.wharf.packager.mux.mp4.box.VideoMediaHeaderBox;
import dev.wharf.packager.mux.mp4.box.VisualSampleEntry;
import dev.wharf.packager.mux.mp4.box.WebVttSampleEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Test-only ISO BMFF reader, written independently of the writer: {@link #parse} splits bytes into a
 * box tree (type, offsets, sizes, children of the containers it knows), {@link #decode} turns a parsed
 * box back into the value the writer was given, checking every reserved and constant field on the way
 * (a wrong constant fails the decode, it is not silently dropped). It also reads what ffmpeg writes
 * (other flag combinations, version 0 boxes, unknown boxes as {@link RawBox}).
 */
final class BoxReader {

    /** Boxes whose payload is only boxes. */
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "dinf", "stbl", "mvex",
            "moof", "traf", "edts", "mfra");
    /** Payload bytes before the children, for boxes that have both. */
    private static final int FULL_BOX_COUNT = 8; // version/flags + entry_count
    private static final int VISUAL_SAMPLE_ENTRY_FIELDS = 78;
    private static final int AUDIO_SAMPLE_ENTRY_FIELDS = 28;
    private static final int PLAIN_TEXT_SAMPLE_ENTRY_FIELDS = 8;

    private BoxReader() {
    }

    /** A box in a byte array. */
    record Parsed(byte[] data, String type, int offset, int size, int headerSize, List<Parsed> children) {

        int payloadOffset() {
            return offset + headerSize;
        }

        int payloadSize() {
            return size - headerSize;
        }

        int end() {
            return offset + size;
        }

        byte[] payload() {
            return Arrays.copyOfRange(data, payloadOffset(), end());
        }

        byte[] bytes() {
            return Arrays.copyOfRange(data, offset, end());
        }

        /** The first child of {@code type}, or a path of types separated by '/'. */
        Parsed child(String path) {
            Parsed current = this;
            for (String type : path.split("/")) {
                Parsed next = null;
                for (Parsed c : current.children) {
                    if (c.type.equals(type)) {
                        next = c;
                        break;
                    }
                }
                if (next == null) {
                    throw new IllegalStateException("no '" + type + "' in '" + current.type + "' (path " + path + ")");
                }
                current = next;
            }
            return current;
        }

        List<Parsed> all(String type) {
            return children.stream().filter(c -> c.type.equals(type)).toList();
        }

        Cursor cursor() {
            return new Cursor(data, payloadOffset(), end());
        }
    }

    /** A box the decoder doesn't know, kept as bytes (writes back identically). */
    record RawBox(String fourcc, byte[] payload) implements Box {
        @Override
        public long size() {
            return 8 + payload.length;
        }

        @Override
        public void write(BoxWriter w) {
            w.boxHeader(size(), fourcc).bytes(payload);
        }
    }

    /** The top-level boxes of {@code data}, which must be exactly covered by them. */
    static List<Parsed> parse(byte[] data) {
        return parseRange(data, 0, data.length);
    }

    /** The only top-level box of {@code data}. */
    static Parsed parseOne(byte[] data) {
        List<Parsed> boxes = parse(data);
        if (boxes.size() != 1) {
            throw new IllegalStateException("expected one box, got " + boxes.stream().map(Parsed::type).toList());
        }
        return boxes.getFirst();
    }

    static Parsed find(List<Parsed> boxes, String type) {
        return boxes.stream().filter(b -> b.type.equals(type)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no top-level '" + type + "'"));
    }

    private static List<Parsed> parseRange(byte[] data, int from, int to) {
        List<Parsed> boxes = new ArrayList<>();
        int pos = from;
        while (pos < to) {
            if (to - pos < 8) {
                throw new IllegalStateException(to - pos + " trailing bytes at " + pos);
            }
            Cursor c = new Cursor(data, pos, to);
            long size = c.u32();
            String type = c.fourcc();
            int header = 8;
            if (size == 1) {
                size = c.u64();
                header = 16;
            } else if (size == 0) {
                size = to - pos;
            }
            if (size < header || pos + size > to) {
                throw new IllegalStateException("box '" + type + "' at " + pos + " of size " + size
                        + " overruns its parent (ends at " + to + ")");
            }
            int end = (int) (pos + size);
            int childrenFrom = childrenOffset(data, type, pos + header);
            List<Parsed> children = childrenFrom < 0 ? List.of() : parseRange(data, childrenFrom, end);
            boxes.add(new Parsed(data, type, pos, (int) size, header, children));
            pos = end;
        }
        return boxes;
    }

    /** Where children start in the payload of {@code type}, or -1 when it has none. */
    private static int childrenOffset(byte[] data, String type, int payload) {
        if (CONTAINERS.contains(type)) {
            return payload;
        }
        return switch (type) {
            case "stsd", "dref" -> payload + FULL_BOX_COUNT;
            case "avc1", "avc3", "hvc1", "hev1", "encv" -> payload + VISUAL_SAMPLE_ENTRY_FIELDS;
            case "mp4a", "ac-3", "ec-3", "enca" -> payload + AUDIO_SAMPLE_ENTRY_FIELDS;
            case "wvtt" -> payload + PLAIN_TEXT_SAMPLE_ENTRY_FIELDS;
            default -> -1;
        };
    }

    /** An indented tree of types, offsets and sizes: the failure message of golden mismatches. */
    static String dump(byte[] data) {
        StringBuilder sb = new StringBuilder();
        dump(parse(data), 0, sb);
        return sb.toString();
    }

    private static void dump(List<Parsed> boxes, int depth, StringBuilder sb) {
        for (Parsed b : boxes) {
            sb.append("  ".repeat(depth)).append(b.type).append(" @").append(b.offset).append(" size ")
                    .append(b.size).append('\n');
            dump(b.children, depth + 1, sb);
        }
    }

    // ---------------------------------------------------------------- decode

    /** Decodes every box of a list. */
    static List<Box> decodeAll(List<Parsed> boxes) {
        return boxes.stream().map(BoxReader::decode).toList();
    }

    /** The value a parsed box was written from. */
    static Box decode(Parsed b) {
        Cursor c = b.cursor();
        Box box = switch (b.type) {
            case "ftyp" -> new FileTypeBox(c.fourcc(), c.u32(), brands(c));
            case "styp" -> new SegmentTypeBox(c.fourcc(), c.u32(), brands(c));
            case "mvhd" -> mvhd(c);
            case "tkhd" -> tkhd(c);
            case "mdhd" -> mdhd(c);
            case "hdlr" -> hdlr(c);
            case "vmhd" -> {
                c.expectFullBox(0, 1);
                c.expect("graphicsmode", c.u16(), 0);
                c.expectZeros(6);
                yield new VideoMediaHeaderBox();
            }
            case "smhd" -> {
                c.expectFullBox(0, 0);
                c.expect("balance", c.u16(), 0);
                c.expectZeros(2);
                yield new SoundMediaHeaderBox();
            }
            case "sthd" -> {
                c.expectFullBox(0, 0);
                yield new SubtitleMediaHeaderBox();
            }
            case "nmhd" -> {
                c.expectFullBox(0, 0);
                yield new NullMediaHeaderBox();
            }
            case "url " -> {
                c.expectFullBox(0, DataEntryUrlBox.SELF_CONTAINED);
                yield new DataEntryUrlBox();
            }
            case "dref" -> {
                c.expectFullBox(0, 0);
                c.expect("entry_count", c.u32(), b.children.size());
                c.pos = b.end();
                yield new DataReferenceBox(decodeAll(b.children));
            }
            case "stsd" -> {
                c.expectFullBox(0, 0);
                c.expect("entry_count", c.u32(), b.children.size());
                c.pos = b.end();
                yield new SampleDescriptionBox(decodeAll(b.children));
            }
            case "avc1", "hvc1" -> visualSampleEntry(b, c);
            case "mp4a", "ac-3", "ec-3" -> audioSampleEntry(b, c);
            case "wvtt" -> {
                c.expectZeros(6);
                int dri = c.u16();
                c.pos = b.end();
                yield new WebVttSampleEntry(dri, decodeAll(b.children));
            }
            case "avcC", "hvcC", "dac3", "dec3", "vttC" -> new CodecConfigurationBox(b.type, c.rest());
            case "esds" -> esds(c);
            case "stts", "stsc", "stco" -> {
                c.expectFullBox(0, 0);
                c.expect("entry_count", c.u32(), 0);
                yield new EmptySampleTableBox(b.type);
            }
            case "stsz" -> {
                c.expectFullBox(0, 0);
                c.expect("sample_size", c.u32(), 0);
                c.expect("sample_count", c.u32(), 0);
                yield new EmptySampleTableBox(b.type);
            }
            case "trex" -> {
                c.expectFullBox(0, 0);
                yield new TrackExtendsBox(c.u32(), c.u32(), c.u32(), c.u32(), c.u32());
            }
            case "mfhd" -> {
                c.expectFullBox(0, 0);
                yield new MovieFragmentHeaderBox(c.u32());
            }
            case "tfhd" -> tfhd(c);
            case "tfdt" -> {
                int version = c.u8();
                c.expect("tfdt flags", c.u24(), 0);
                yield new TrackFragmentBaseMediaDecodeTimeBox(version == 1 ? c.u64() : c.u32());
            }
            case "trun" -> trun(c);
            case "uuid" -> uuid(b, c);
            default -> {
                if (CONTAINERS.contains(b.type)) {
                    c.pos = b.end();
                    yield new ContainerBox(b.type, decodeAll(b.children));
                }
                c.pos = b.end();
                yield new RawBox(b.type, b.payload());
            }
        };
        if (c.pos != b.end()) {
            throw new IllegalStateException("'" + b.type + "': decoded " + (c.pos - b.payloadOffset()) + " of "
                    + b.payloadSize() + " payload bytes");
        }
        return box;
    }

    private static List<String> brands(Cursor c) {
        List<String> brands = new ArrayList<>();
        while (c.remaining() > 0) {
            brands.add(c.fourcc());
        }
        return brands;
    }

    private static MovieHeaderBox mvhd(Cursor c) {
        int version = c.u8();
        c.expect("mvhd flags", c.u24(), 0);
        long timescale;
        long duration;
        if (version == 1) {
            c.expect("creation_time", c.u64(), 0);
            c.expect("modification_time", c.u64(), 0);
            timescale = c.u32();
            duration = c.u64();
        } else {
            c.expect("creation_time", c.u32(), 0);
            c.expect("modification_time", c.u32(), 0);
            timescale = c.u32();
            duration = c.u32();
        }
        c.expect("rate", c.u32(), 0x0001_0000);
        c.expect("volume", c.u16(), 0x0100);
        c.expectZeros(10);
        c.expectUnityMatrix();
        c.expectZeros(24);
        MovieHeaderBox box = new MovieHeaderBox(timescale, duration, c.u32());
        c.expect("mvhd version", version, box.version());
        return box;
    }

    private static TrackHeaderBox tkhd(Cursor c) {
        int version = c.u8();
        int flags = c.u24();
        long trackId;
        long duration;
        if (version == 1) {
            c.expect("creation_time", c.u64(), 0);
            c.expect("modification_time", c.u64(), 0);
            trackId = c.u32();
            c.expectZeros(4);
            duration = c.u64();
        } else {
            c.expect("creation_time", c.u32(), 0);
            c.expect("modification_time", c.u32(), 0);
            trackId = c.u32();
            c.expectZeros(4);
            duration = c.u32();
        }
        c.expectZeros(8);
        c.expect("layer", c.u16(), 0);
        int alternateGroup = c.u16();
        int volume = c.u16();
        c.expectZeros(2);
        c.expectUnityMatrix();
        long width = c.u32();
        long height = c.u32();
        c.expect("width fraction", width & 0xFFFF, 0);
        c.expect("height fraction", height & 0xFFFF, 0);
        TrackHeaderBox box = new TrackHeaderBox(flags, trackId, duration, alternateGroup, volume,
                (int) (width >>> 16), (int) (height >>> 16));
        c.expect("tkhd version", version, box.version());
        return box;
    }

    private static MediaHeaderBox mdhd(Cursor c) {
        int version = c.u8();
        c.expect("mdhd flags", c.u24(), 0);
        long timescale;
        long duration;
        if (version == 1) {
            c.expect("creation_time", c.u64(), 0);
            c.expect("modification_time", c.u64(), 0);
            timescale = c.u32();
            duration = c.u64();
        } else {
            c.expect("creation_time", c.u32(), 0);
            c.expect("modification_time", c.u32(), 0);
            timescale = c.u32();
            duration = c.u32();
        }
        int packed = c.u16();
        c.expect("pad bit", packed >>> 15, 0);
        String language = "" + (char) ((packed >> 10 & 0x1F) + 0x60) + (char) ((packed >> 5 & 0x1F) + 0x60)
                + (char) ((packed & 0x1F) + 0x60);
        c.expect("pre_defined", c.u16(), 0);
        MediaHeaderBox box = new MediaHeaderBox(timescale, duration, language);
        c.expect("mdhd version", version, box.version());
        return box;
    }

    private static HandlerBox hdlr(Cursor c) {
        c.expectFullBox(0, 0);
        c.expect("pre_defined", c.u32(), 0);
        String type = c.fourcc();
        c.expectZeros(12);
        byte[] rest = c.rest();
        if (rest.length == 0 || rest[rest.length - 1] != 0) {
            throw new IllegalStateException("hdlr name is not null-terminated");
        }
        return new HandlerBox(type, new String(rest, 0, rest.length - 1, StandardCharsets.UTF_8));
    }

    private static VisualSampleEntry visualSampleEntry(Parsed b, Cursor c) {
        c.expectZeros(6);
        int dri = c.u16();
        c.expectZeros(16);
        int width = c.u16();
        int height = c.u16();
        c.expect("horizresolution", c.u32(), 0x0048_0000);
        c.expect("vertresolution", c.u32(), 0x0048_0000);
        c.expectZeros(4);
        c.expect("frame_count", c.u16(), 1);
        int nameLength = c.u8();
        byte[] name = c.bytes(31);
        for (int i = nameLength; i < 31; i++) {
            c.expect("compressorname padding", name[i], 0);
        }
        c.expect("depth", c.u16(), 0x18);
        c.expect("pre_defined", c.u16(), 0xFFFF);
        c.pos = b.end();
        return new VisualSampleEntry(b.type, dri, width, height,
                new String(name, 0, nameLength, StandardCharsets.UTF_8), decodeAll(b.children));
    }

    private static AudioSampleEntry audioSampleEntry(Parsed b, Cursor c) {
        c.expectZeros(6);
        int dri = c.u16();
        c.expectZeros(8);
        int channels = c.u16();
        int sampleSize = c.u16();
        c.expect("pre_defined", c.u16(), 0);
        c.expectZeros(2);
        long rate = c.u32();
        c.expect("samplerate fraction", rate & 0xFFFF, 0);
        c.pos = b.end();
        return new AudioSampleEntry(b.type, dri, channels, sampleSize, (int) (rate >>> 16), decodeAll(b.children));
    }

    private static EsdBox esds(Cursor c) {
        c.expectFullBox(0, 0);
        c.expect("ES_Descriptor tag", c.u8(), EsdBox.ES_DESCRIPTOR_TAG);
        int esEnd = c.descriptorLength() + c.pos;
        int esId = c.u16();
        int esFlags = c.u8();
        if ((esFlags & 0x80) != 0) {
            c.u16(); // dependsOn_ES_ID
        }
        if ((esFlags & 0x40) != 0) {
            c.bytes(c.u8()); // URL
        }
        if ((esFlags & 0x20) != 0) {
            c.u16(); // OCR_ES_Id
        }
        c.expect("DecoderConfigDescriptor tag", c.u8(), EsdBox.DECODER_CONFIG_DESCRIPTOR_TAG);
        int dcdEnd = c.descriptorLength() + c.pos;
        int oti = c.u8();
        int streamTypeByte = c.u8();
        c.expect("upStream/reserved", streamTypeByte & 0x3, 1);
        int bufferSize = c.u24();
        long max = c.u32();
        long avg = c.u32();
        byte[] dsi = new byte[0];
        if (c.pos < dcdEnd) {
            c.expect("DecoderSpecificInfo tag", c.u8(), EsdBox.DECODER_SPECIFIC_INFO_TAG);
            dsi = c.bytes(c.descriptorLength());
        }
        c.expect("end of DecoderConfigDescriptor", c.pos, dcdEnd);
        c.expect("SLConfigDescriptor tag", c.u8(), EsdBox.SL_CONFIG_DESCRIPTOR_TAG);
        int slLength = c.descriptorLength();
        c.expect("SLConfigDescriptor predefined", c.u8(), 2);
        c.bytes(slLength - 1);
        c.expect("end of ES_Descriptor", c.pos, esEnd);
        return new EsdBox(esId, oti, streamTypeByte >>> 2, bufferSize, max, avg, dsi);
    }

    private static TrackFragmentHeaderBox tfhd(Cursor c) {
        c.expect("tfhd version", c.u8(), 0);
        int flags = c.u24();
        long trackId = c.u32();
        long base = (flags & TrackFragmentHeaderBox.BASE_DATA_OFFSET_PRESENT) != 0 ? c.u64() : 0;
        long sdi = (flags & TrackFragmentHeaderBox.SAMPLE_DESCRIPTION_INDEX_PRESENT) != 0 ? c.u32() : 0;
        long duration = (flags & TrackFragmentHeaderBox.DEFAULT_SAMPLE_DURATION_PRESENT) != 0 ? c.u32() : 0;
        long size = (flags & TrackFragmentHeaderBox.DEFAULT_SAMPLE_SIZE_PRESENT) != 0 ? c.u32() : 0;
        long sampleFlags = (flags & TrackFragmentHeaderBox.DEFAULT_SAMPLE_FLAGS_PRESENT) != 0 ? c.u32() : 0;
        return new TrackFragmentHeaderBox(flags, trackId, base, sdi, duration, size, sampleFlags);
    }

    private static TrackRunBox trun(Cursor c) {
        int version = c.u8();
        int flags = c.u24();
        long count = c.u32();
        int dataOffset = (flags & TrackRunBox.DATA_OFFSET_PRESENT) != 0 ? (int) c.u32() : 0;
        long firstFlags = (flags & TrackRunBox.FIRST_SAMPLE_FLAGS_PRESENT) != 0 ? c.u32() : 0;
        List<TrackRunBox.Entry> entries = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long duration = (flags & TrackRunBox.SAMPLE_DURATION_PRESENT) != 0 ? c.u32() : 0;
            long size = (flags & TrackRunBox.SAMPLE_SIZE_PRESENT) != 0 ? c.u32() : 0;
            int sampleFlags = (flags & TrackRunBox.SAMPLE_FLAGS_PRESENT) != 0 ? (int) c.u32() : 0;
            int cto = (flags & TrackRunBox.SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT) != 0 ? (int) c.u32() : 0;
            entries.add(new TrackRunBox.Entry(duration, size, sampleFlags, cto));
        }
        return new TrackRunBox(version, flags, dataOffset, firstFlags, entries);
    }

    /** MS-SSTR's live boxes by their user type; any other {@code uuid} box stays raw. */
    private static Box uuid(Parsed b, Cursor c) {
        byte[] userType = c.bytes(16);
        if (Arrays.equals(userType, TfxdBox.USER_TYPE)) {
            c.expectFullBox(1, 0);
            return new TfxdBox(c.u64(), c.u64());
        }
        if (Arrays.equals(userType, TfrfBox.USER_TYPE)) {
            c.expectFullBox(1, 0);
            int count = c.u8();
            List<TfrfBox.Entry> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                entries.add(new TfrfBox.Entry(c.u64(), c.u64()));
            }
            return new TfrfBox(entries);
        }
        c.pos = b.end();
        return new RawBox(b.type, b.payload());
    }

    /** Big-endian reads within [pos, end). */
    static final class Cursor {
        private final byte[] data;
        private final int end;
        int pos;

        Cursor(byte[] data, int pos, int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        int remaining() {
            return end - pos;
        }

        private void need(int n) {
            if (pos + n > end) {
                throw new IllegalStateException("read of " + n + " bytes at " + pos + " past the box end " + end);
            }
        }

        int u8() {
            need(1);
            return data[pos++] & 0xFF;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        int u24() {
            return u16() << 8 | u8();
        }

        long u32() {
            return (long) u16() << 16 | u16();
        }

        long u64() {
            return u32() << 32 | u32();
        }

        String fourcc() {
            return new String(bytes(4), StandardCharsets.ISO_8859_1);
        }

        byte[] bytes(int n) {
            need(n);
            byte[] b = Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
            return b;
        }

        byte[] rest() {
            return bytes(remaining());
        }

        /** An expandable descriptor length (ISO/IEC 14496-1 8.3.3). */
        int descriptorLength() {
            int length = 0;
            for (int i = 0; i < 4; i++) {
                int b = u8();
                length = length << 7 | (b & 0x7F);
                if ((b & 0x80) == 0) {
                    return length;
                }
            }
            throw new IllegalStateException("descriptor length longer than 4 bytes");
        }

        void expect(String field, long actual, long expected) {
            if (actual != expected) {
                throw new IllegalStateException(field + " is " + actual + " (0x" + Long.toHexString(actual)
                        + "), expected " + expected);
            }
        }

        void expectFullBox(int version, int flags) {
            expect("version", u8(), version);
            expect("flags", u24(), flags);
        }

        void expectZeros(int n) {
            byte[] b = bytes(n);
            for (byte x : b) {
                expect("reserved byte", x, 0);
            }
        }

        void expectUnityMatrix() {
            long[] unity = {0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000};
            for (long m : unity) {
                expect("matrix", u32(), m);
            }
        }
    }
}
