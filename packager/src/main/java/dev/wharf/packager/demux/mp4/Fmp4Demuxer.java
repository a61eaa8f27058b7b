package dev.wharf.packager.demux.mp4;

import static dev.wharf.packager.demux.mp4.Mp4Boxes.fourcc;
import static dev.wharf.packager.demux.mp4.Mp4Boxes.i32;
import static dev.wharf.packager.demux.mp4.Mp4Boxes.u24;
import static dev.wharf.packager.demux.mp4.Mp4Boxes.u32;
import static dev.wharf.packager.demux.mp4.Mp4Boxes.u64;
import static dev.wharf.packager.demux.mp4.Mp4Boxes.u8;

import dev.wharf.packager.demux.ts.DemuxResult;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the samples of an fMP4 media segment (ISO/IEC 14496-12 8.8): every {@code moof}/{@code mdat} pair,
 * every {@code traf} of a track the init segment describes, with {@code tfhd} defaults (8.8.7), {@code tfdt}
 * (8.8.12), each {@code trun} (8.8.8) with its data offset, per-sample durations, sizes, flags and composition
 * offsets, falling back to the {@code tfhd} and then {@code trex} defaults.
 *
 * <p>Sample bytes are not copied: a {@link Sample} points into the segment array (unless the NAL length size is
 * not 4, when a video sample is rewritten with 4-byte lengths, the layout every muxer here expects).
 *
 * <p>Never throws on bad input: a box whose size does not fit, a {@code trun} longer than its box, a sample
 * outside the segment end the walk at that point and are counted in {@link DemuxResult#corruptPackets()}
 * (here: corrupt boxes or samples); unknown boxes are skipped.
 */
public final class Fmp4Demuxer {
    static final int MOOF = fourcc("moof");
    static final int TRAF = fourcc("traf");
    static final int TFHD = fourcc("tfhd");
    static final int TFDT = fourcc("tfdt");
    static final int TRUN = fourcc("trun");
    static final int NON_SYNC = 0x0001_0000;

    private Fmp4Demuxer() {}

    /** Samples per track id in the source timescale ({@link Fmp4Init.Track#sourceTimescale()}), as stored. */
    public record SourceSamples(Map<Integer, List<Sample>> samples, int corrupt) {
        public List<Sample> samples(int trackId) {
            return samples.getOrDefault(trackId, List.of());
        }
    }

    /**
     * The segment's samples in the packager's model: times in each track's output timescale
     * ({@link Fmp4Init.Track#format()}), rounded from the source's absolute times so consecutive segments
     * stay contiguous, video samples with 4-byte NAL lengths.
     */
    public static DemuxResult demux(Fmp4Init init, byte[] segment) {
        SourceSamples src = read(init, segment);
        Map<Integer, List<Sample>> out = new LinkedHashMap<>();
        List<TrackFormat> tracks = new ArrayList<>();
        int corrupt = src.corrupt();
        for (Fmp4Init.Track t : init.tracks()) {
            List<Sample> in = src.samples(t.format().trackId());
            if (in.isEmpty()) {
                continue;
            }
            long from = t.sourceTimescale();
            long to = t.format().timescale();
            List<Sample> rescaled = new ArrayList<>(in.size());
            for (Sample s : in) {
                long dts;
                long duration;
                long cto;
                try {
                    dts = rescale(s.decodeTime(), from, to);
                    duration = rescale(Math.addExact(s.decodeTime(), s.duration()), from, to) - dts;
                    cto = rescale(Math.addExact(s.decodeTime(), s.compositionOffset()), from, to) - dts;
                } catch (ArithmeticException e) {
                    corrupt++; // a decode time (tfdt) beyond what 64 bits hold at the output timescale
                    continue;
                }
                if (dts < 0 || duration < 0 || duration > Integer.MAX_VALUE || cto < Integer.MIN_VALUE
                        || cto > Integer.MAX_VALUE) {
                    corrupt++;
                    continue;
                }
                byte[] data = s.data();
                int offset = s.offset();
                int length = s.length();
                if (t.nalLengthSize() != 0 && t.nalLengthSize() != 4) {
                    data = fourByteLengths(s.data(), s.offset(), s.length(), t.nalLengthSize());
                    if (data == null) {
                        corrupt++;
                        continue;
                    }
                    offset = 0;
                    length = data.length;
                }
                rescaled.add(new Sample(s.trackId(), dts, (int) cto, (int) duration, s.sync(), data, offset, length));
            }
            tracks.add(t.format());
            out.put(t.format().trackId(), List.copyOf(rescaled));
        }
        return new DemuxResult(tracks, out, List.of(), 0, corrupt);
    }

    /**
     * {@code t} ticks at {@code from} Hz in ticks at {@code to} Hz, rounded half up.
     *
     * @throws ArithmeticException when the result does not fit in a long
     */
    public static long rescale(long t, long from, long to) {
        if (from == to) {
            return t;
        }
        long q = Math.floorDiv(t, from);
        long r = Math.floorMod(t, from);
        return Math.addExact(Math.multiplyExact(q, to), (r * to + from / 2) / from);
    }

    /** The segment's samples as stored, in source timescale. */
    public static SourceSamples read(Fmp4Init init, byte[] b) {
        Map<Integer, List<Sample>> samples = new HashMap<>();
        Map<Integer, Long> nextDts = new HashMap<>();
        int corrupt = 0;
        Mp4Boxes.Cursor top = new Mp4Boxes.Cursor(b, 0, b.length);
        while (top.next()) {
            if (top.type == MOOF) {
                corrupt += moof(init, b, top.start, top.payload, top.end, samples, nextDts);
            }
        }
        if (top.truncated) {
            corrupt++;
        }
        Map<Integer, List<Sample>> frozen = new HashMap<>();
        samples.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new SourceSamples(frozen, corrupt);
    }

    private static int moof(Fmp4Init init, byte[] b, int moofStart, int from, int to, Map<Integer, List<Sample>> samples,
                            Map<Integer, Long> nextDts) {
        int corrupt = 0;
        long dataEnd = moofStart; // end of the previous traf's data: the base when neither tfhd flag says otherwise
        boolean firstTraf = true;
        Mp4Boxes.Cursor c = new Mp4Boxes.Cursor(b, from, to);
        while (c.next()) {
            if (c.type != TRAF) {
                continue;
            }
            Mp4Boxes.Cursor tfhd = Mp4Boxes.find(b, c.payload, c.end, TFHD);
            if (tfhd == null || tfhd.payloadSize() < 8) {
                corrupt++;
                continue;
            }
            int flags = u24(b, tfhd.payload + 1);
            int trackId = i32(b, tfhd.payload + 4);
            int p = tfhd.payload + 8;
            int need = 8 + ((flags & 0x01) != 0 ? 8 : 0) + Integer.bitCount(flags & 0x3A) * 4;
            if (need > tfhd.payloadSize()) {
                corrupt++;
                continue;
            }
            Fmp4Init.Track track = init.track(trackId);
            long base;
            if ((flags & 0x01) != 0) {
                base = u64(b, p);
                p += 8;
            } else if ((flags & 0x2_0000) != 0 || firstTraf) {
                base = moofStart;
            } else {
                base = dataEnd;
            }
            firstTraf = false;
            if ((flags & 0x02) != 0) {
                p += 4; // sample_description_index: one entry per track here
            }
            long defDuration = track == null ? 0 : track.defaultDuration();
            long defSize = track == null ? 0 : track.defaultSize();
            int defFlags = track == null ? 0 : track.defaultFlags();
            if ((flags & 0x08) != 0) {
                defDuration = u32(b, p);
                p += 4;
            }
            if ((flags & 0x10) != 0) {
                defSize = u32(b, p);
                p += 4;
            }
            if ((flags & 0x20) != 0) {
                defFlags = i32(b, p);
            }
            Mp4Boxes.Cursor tfdt = Mp4Boxes.find(b, c.payload, c.end, TFDT);
            long dts;
            if (tfdt != null && tfdt.payloadSize() >= (u8(b, tfdt.payload) == 1 ? 12 : 8)) {
                dts = u8(b, tfdt.payload) == 1 ? u64(b, tfdt.payload + 4) : u32(b, tfdt.payload + 4);
            } else {
                dts = nextDts.getOrDefault(trackId, 0L);
            }
            boolean audio = track != null && track.format().kind() == TrackFormat.Kind.AUDIO;
            List<Sample> out = track == null ? null : samples.computeIfAbsent(trackId, k -> new ArrayList<>());
            long pos = base;
            Mp4Boxes.Cursor r = new Mp4Boxes.Cursor(b, c.payload, c.end);
            while (r.next()) {
                if (r.type != TRUN) {
                    continue;
                }
                if (r.payloadSize() < 8) {
                    corrupt++;
                    break;
                }
                int version = u8(b, r.payload);
                int tf = u24(b, r.payload + 1);
                long count = u32(b, r.payload + 4);
                int q = r.payload + 8;
                int header = ((tf & 0x01) != 0 ? 4 : 0) + ((tf & 0x04) != 0 ? 4 : 0);
                int fieldSize = Integer.bitCount(tf & 0xF00) * 4;
                if (header > r.end - q || (fieldSize > 0 && count > (r.end - q - header) / fieldSize)) {
                    corrupt++;
                    break;
                }
                if ((tf & 0x01) != 0) {
                    pos = base + i32(b, q);
                    q += 4;
                }
                int firstFlags = 0;
                boolean hasFirst = (tf & 0x04) != 0;
                if (hasFirst) {
                    firstFlags = i32(b, q);
                    q += 4;
                }
                boolean broken = false;
                for (long i = 0; i < count; i++) {
                    long duration = defDuration;
                    long size = defSize;
                    int sampleFlags = i == 0 && hasFirst ? firstFlags : defFlags;
                    long cto = 0;
                    if ((tf & 0x100) != 0) {
                        duration = u32(b, q);
                        q += 4;
                    }
                    if ((tf & 0x200) != 0) {
                        size = u32(b, q);
                        q += 4;
                    }
                    if ((tf & 0x400) != 0) {
                        int f = i32(b, q);
                        q += 4;
                        if (!(i == 0 && hasFirst)) {
                            sampleFlags = f;
                        }
                    }
                    if ((tf & 0x800) != 0) {
                        cto = version == 0 ? u32(b, q) : i32(b, q);
                        q += 4;
                    }
                    if (pos < 0 || size > b.length || pos > b.length - size) {
                        broken = true; // the sample is not (all) in the bytes received
                        break;
                    }
                    if (out != null) {
                        out.add(new Sample(trackId, dts, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, cto)),
                                (int) Math.min(Integer.MAX_VALUE, duration), audio || (sampleFlags & NON_SYNC) == 0,
                                b, (int) pos, (int) size));
                    }
                    pos += size;
                    dts += duration;
                }
                if (broken) {
                    corrupt++;
                    break;
                }
            }
            if (r.truncated) {
                corrupt++;
            }
            dataEnd = pos;
            nextDts.put(trackId, dts);
        }
        if (c.truncated) {
            corrupt++;
        }
        return corrupt;
    }

    /** A sample with 1- or 2-byte NAL lengths rewritten with 4-byte lengths; null when the lengths do not add up. */
    static byte[] fourByteLengths(byte[] b, int offset, int length, int lengthSize) {
        int end = offset + length;
        int extra = 0;
        for (int p = offset; p < end; ) {
            if (end - p < lengthSize) {
                return null;
            }
            int len = lengthSize == 1 ? b[p] & 0xFF : (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
            p += lengthSize + len;
            if (p > end) {
                return null;
            }
            extra += 4 - lengthSize;
        }
        byte[] out = new byte[length + extra];
        int w = 0;
        for (int p = offset; p < end; ) {
            int len = lengthSize == 1 ? b[p] & 0xFF : (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
            p += lengthSize;
            out[w] = 0;
            out[w + 1] = 0;
            out[w + 2] = (byte) (len >>> 8);
            out[w + 3] = (byte) len;
            System.arraycopy(b, p, out, w + 4, len);
            w += 4 + len;
            p += len;
        }
        return out;
    }
}
