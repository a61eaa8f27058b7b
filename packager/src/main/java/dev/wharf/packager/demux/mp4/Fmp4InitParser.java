package dev.wharf.packager.demux.mp4;

import static dev.wharf.packager.demux.mp4.Mp4Boxes.fourcc;
import static dev.wharf.packager.demux.mp4.Mp4Boxes.i32;
import static dev.wharf.packager.demux.mp4.Mp4Boxes.u16;
import static dev.wharf.packager.demux.mp4.Mp4Boxes.u32;
import static dev.wharf.packager.demux.mp4.Mp4Boxes.u8;

import dev.wharf.packager.media.AvcSps;
import dev.wharf.packager.media.HevcParser;
import dev.wharf.packager.media.HevcSps;
import dev.wharf.packager.media.SpsParser;
import dev.wharf.packager.sample.TrackFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Parses an fMP4 init segment (ISO/IEC 14496-12): {@code moov/trak} with {@code tkhd} (8.3.2),
 * {@code mdhd} (8.4.2) timescale and language, {@code hdlr} (8.4.3), {@code stsd} (8.5.2) with {@code avc1}/{@code avc3}
 * + {@code avcC}, {@code hvc1}/{@code hev1} + {@code hvcC} (ISO/IEC 14496-15), {@code mp4a} + {@code esds}
 * AudioSpecificConfig (ISO/IEC 14496-1 7.2.6), {@code ac-3} + {@code dac3} / {@code ec-3} + {@code dec3}
 * (ETSI TS 102 366 Annex F); and {@code mvex/trex} (8.8.3) defaults. Unknown boxes are skipped.
 *
 * <p>Edit lists ({@code elst}) are ignored: the samples keep their decode times, as MPEG-TS samples keep
 * their DTS (and as hls.js and ffmpeg with {@code -ignore_editlist} read fMP4 HLS).
 */
public final class Fmp4InitParser {
    static final int MOOV = fourcc("moov");
    static final int TRAK = fourcc("trak");
    static final int TKHD = fourcc("tkhd");
    static final int MDIA = fourcc("mdia");
    static final int MDHD = fourcc("mdhd");
    static final int HDLR = fourcc("hdlr");
    static final int MINF = fourcc("minf");
    static final int STBL = fourcc("stbl");
    static final int STSD = fourcc("stsd");
    static final int MVEX = fourcc("mvex");
    static final int TREX = fourcc("trex");
    static final int VIDE = fourcc("vide");
    static final int SOUN = fourcc("soun");
    static final int AVC1 = fourcc("avc1");
    static final int AVC3 = fourcc("avc3");
    static final int HVC1 = fourcc("hvc1");
    static final int HEV1 = fourcc("hev1");
    static final int AVCC = fourcc("avcC");
    static final int HVCC = fourcc("hvcC");
    static final int MP4A = fourcc("mp4a");
    static final int ESDS = fourcc("esds");
    static final int AC3 = fourcc("ac-3");
    static final int EC3 = fourcc("ec-3");
    static final int DAC3 = fourcc("dac3");
    static final int DEC3 = fourcc("dec3");
    /** Fixed part of a VisualSampleEntry after the box header (14496-12 12.1.3). */
    static final int VISUAL_ENTRY_FIXED = 78;
    /** Fixed part of an AudioSampleEntry (version 0) after the box header (12.2.3). */
    static final int AUDIO_ENTRY_FIXED = 28;

    private Fmp4InitParser() {}

    /** True when the bytes hold a {@code moov} at the top level (an init segment rather than a media segment). */
    public static boolean isInit(byte[] b) {
        Mp4Boxes.Cursor c = new Mp4Boxes.Cursor(b, 0, b.length);
        while (c.next()) {
            if (c.type == MOOV) {
                return true;
            }
        }
        return false;
    }

    /** @throws Mp4FormatException when the bytes are no usable init segment; the message says why */
    public static Fmp4Init parse(byte[] b) throws Mp4FormatException {
        Mp4Boxes.Cursor top = new Mp4Boxes.Cursor(b, 0, b.length);
        int moovFrom = -1;
        int moovTo = -1;
        while (top.next()) {
            if (top.type == MOOV) {
                moovFrom = top.payload;
                moovTo = top.end;
                break;
            }
        }
        if (moovFrom < 0) {
            throw new Mp4FormatException(top.truncated
                    ? "box '" + Mp4Boxes.name(top.badType) + "' at byte " + top.badAt + " declares " + top.badSize
                            + " bytes but " + (b.length - top.badAt) + " remain"
                    : "no moov box: not an init segment");
        }
        List<long[]> trexes = new ArrayList<>();
        List<int[]> traks = new ArrayList<>();
        Mp4Boxes.Cursor moov = new Mp4Boxes.Cursor(b, moovFrom, moovTo);
        while (moov.next()) {
            if (moov.type == TRAK) {
                traks.add(new int[] {moov.payload, moov.end});
            } else if (moov.type == MVEX) {
                Mp4Boxes.Cursor mvex = new Mp4Boxes.Cursor(b, moov.payload, moov.end);
                while (mvex.next()) {
                    if (mvex.type == TREX && mvex.payloadSize() >= 24) {
                        int p = mvex.payload + 4;
                        trexes.add(new long[] {u32(b, p), u32(b, p + 8), u32(b, p + 12), i32(b, p + 16)});
                    }
                }
            }
        }
        if (moov.truncated) {
            throw new Mp4FormatException("moov: a child box of size " + moov.badSize + " exceeds its parent");
        }
        if (traks.isEmpty()) {
            throw new Mp4FormatException("moov has no trak");
        }
        List<Fmp4Init.Track> tracks = new ArrayList<>();
        int skipped = 0;
        List<String> reasons = new ArrayList<>();
        for (int[] t : traks) {
            try {
                Fmp4Init.Track track = track(b, t[0], t[1], trexes);
                if (track == null) {
                    skipped++;
                } else {
                    tracks.add(track);
                }
            } catch (Mp4FormatException e) {
                skipped++;
                reasons.add(e.getMessage());
            }
        }
        if (tracks.isEmpty()) {
            throw new Mp4FormatException("no track with a supported codec (avc1, avc3, hvc1, hev1, mp4a, ac-3, ec-3)"
                    + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)));
        }
        return new Fmp4Init(tracks, skipped);
    }

    private static Mp4Boxes.Cursor child(byte[] b, int from, int to, int type, String path) throws Mp4FormatException {
        Mp4Boxes.Cursor c = Mp4Boxes.find(b, from, to, type);
        if (c == null) {
            throw new Mp4FormatException("no " + path);
        }
        return c;
    }

    /** One trak; null for a handler that is neither video nor audio (timed metadata, text...). */
    private static Fmp4Init.Track track(byte[] b, int from, int to, List<long[]> trexes) throws Mp4FormatException {
        Mp4Boxes.Cursor tkhd = child(b, from, to, TKHD, "trak/tkhd");
        int tkhdVersion = u8(b, tkhd.payload);
        int idAt = tkhd.payload + (tkhdVersion == 1 ? 20 : 12);
        if (idAt + 4 > tkhd.end) {
            throw new Mp4FormatException("tkhd too short");
        }
        int trackId = i32(b, idAt);
        Mp4Boxes.Cursor mdia = child(b, from, to, MDIA, "trak/mdia");
        Mp4Boxes.Cursor hdlr = child(b, mdia.payload, mdia.end, HDLR, "mdia/hdlr");
        if (hdlr.payloadSize() < 12) {
            throw new Mp4FormatException("hdlr too short");
        }
        int handler = i32(b, hdlr.payload + 8);
        if (handler != VIDE && handler != SOUN) {
            return null;
        }
        Mp4Boxes.Cursor mdhd = child(b, mdia.payload, mdia.end, MDHD, "mdia/mdhd");
        int mdhdVersion = u8(b, mdhd.payload);
        int tsAt = mdhd.payload + (mdhdVersion == 1 ? 20 : 12);
        int langAt = tsAt + (mdhdVersion == 1 ? 12 : 8);
        if (langAt + 2 > mdhd.end) {
            throw new Mp4FormatException("mdhd too short");
        }
        long timescale = u32(b, tsAt);
        if (timescale == 0 || timescale > Integer.MAX_VALUE) {
            throw new Mp4FormatException("track " + trackId + ": mdhd timescale " + timescale);
        }
        String language = language(u16(b, langAt));
        Mp4Boxes.Cursor minf = child(b, mdia.payload, mdia.end, MINF, "mdia/minf");
        Mp4Boxes.Cursor stbl = child(b, minf.payload, minf.end, STBL, "minf/stbl");
        Mp4Boxes.Cursor stsd = child(b, stbl.payload, stbl.end, STSD, "stbl/stsd");
        if (stsd.payloadSize() < 8 || u32(b, stsd.payload + 4) < 1) {
            throw new Mp4FormatException("track " + trackId + ": empty stsd");
        }
        Mp4Boxes.Cursor entry = new Mp4Boxes.Cursor(b, stsd.payload + 8, stsd.end);
        if (!entry.next()) {
            throw new Mp4FormatException("track " + trackId + ": stsd entry does not fit");
        }
        long[] trex = null;
        for (long[] t : trexes) {
            if (t[0] == (trackId & 0xFFFF_FFFFL)) {
                trex = t;
            }
        }
        long defDuration = trex == null ? 0 : trex[1];
        long defSize = trex == null ? 0 : trex[2];
        int defFlags = trex == null ? 0 : (int) trex[3];
        int type = entry.type;
        if (handler == VIDE) {
            if (type != AVC1 && type != AVC3 && type != HVC1 && type != HEV1) {
                throw new Mp4FormatException("track " + trackId + ": video sample entry '" + Mp4Boxes.name(type)
                        + "' is not supported");
            }
            if (entry.payloadSize() < VISUAL_ENTRY_FIXED) {
                throw new Mp4FormatException("track " + trackId + ": visual sample entry too short");
            }
            int width = u16(b, entry.payload + 24);
            int height = u16(b, entry.payload + 26);
            boolean avc = type == AVC1 || type == AVC3;
            Mp4Boxes.Cursor config = child(b, entry.payload + VISUAL_ENTRY_FIXED, entry.end, avc ? AVCC : HVCC,
                    Mp4Boxes.name(type) + "/" + (avc ? "avcC" : "hvcC"));
            byte[] record = Arrays.copyOfRange(b, config.payload, config.end);
            return avc ? avcTrack(trackId, record, width, height, language, (int) timescale, defDuration, defSize, defFlags)
                    : hevcTrack(trackId, record, type, width, height, language, (int) timescale, defDuration, defSize, defFlags);
        }
        if (type != MP4A && type != AC3 && type != EC3) {
            throw new Mp4FormatException("track " + trackId + ": audio sample entry '" + Mp4Boxes.name(type)
                    + "' is not supported");
        }
        if (entry.payloadSize() < AUDIO_ENTRY_FIXED) {
            throw new Mp4FormatException("track " + trackId + ": audio sample entry too short");
        }
        int soundVersion = u16(b, entry.payload + 8); // QuickTime sound description version (0 in ISO files)
        int channels = u16(b, entry.payload + 16);
        int sampleRate = (int) (u32(b, entry.payload + 24) >>> 16);
        int children = entry.payload + AUDIO_ENTRY_FIXED + (soundVersion == 1 ? 16 : soundVersion == 2 ? 36 : 0);
        if (children > entry.end) {
            throw new Mp4FormatException("track " + trackId + ": audio sample entry too short");
        }
        if (sampleRate == 0) {
            sampleRate = (int) timescale;
        }
        String codec;
        byte[] config;
        if (type == MP4A) {
            Mp4Boxes.Cursor esds = child(b, children, entry.end, ESDS, "mp4a/esds");
            config = audioSpecificConfig(b, esds.payload + 4, esds.end);
            if (config == null || config.length < 2) {
                throw new Mp4FormatException("track " + trackId + ": esds without an MPEG-4 audio AudioSpecificConfig");
            }
            int aot = config[0] >> 3 & 0x1F;
            if (aot == 31) {
                aot = 32 + ((config[0] & 0x07) << 3 | (config[1] & 0xFF) >> 5);
            }
            codec = "mp4a.40." + aot;
            int ascChannels = (config[1] >> 3) & 0x0F;
            if (channels == 0 && ascChannels > 0 && ascChannels < 7) {
                channels = ascChannels;
            }
        } else {
            boolean ac3 = type == AC3;
            Mp4Boxes.Cursor c = child(b, children, entry.end, ac3 ? DAC3 : DEC3, ac3 ? "ac-3/dac3" : "ec-3/dec3");
            config = Arrays.copyOfRange(b, c.payload, c.end);
            codec = ac3 ? "ac-3" : "ec-3";
        }
        TrackFormat f = new TrackFormat(trackId, TrackFormat.Kind.AUDIO, codec, sampleRate, 0, 0, sampleRate, channels,
                language, config, List.of());
        return new Fmp4Init.Track(f, (int) timescale, 0, defDuration, defSize, defFlags);
    }

    private static Fmp4Init.Track avcTrack(int trackId, byte[] avcC, int width, int height, String language, int timescale,
                                           long defDuration, long defSize, int defFlags) throws Mp4FormatException {
        if (avcC.length < 7 || avcC[0] != 1) {
            throw new Mp4FormatException("track " + trackId + ": malformed avcC");
        }
        int lengthSize = (avcC[4] & 0x03) + 1;
        if (lengthSize == 3) {
            throw new Mp4FormatException("track " + trackId + ": avcC NAL length size 3");
        }
        List<byte[]> sets = new ArrayList<>();
        int p = 5;
        int spsCount = avcC[p++] & 0x1F;
        p = nals(avcC, p, spsCount, sets, trackId);
        if (p >= avcC.length) {
            throw new Mp4FormatException("track " + trackId + ": avcC ends before its PPS");
        }
        int ppsCount = avcC[p++] & 0xFF;
        nals(avcC, p, ppsCount, sets, trackId);
        if (spsCount == 0) {
            throw new Mp4FormatException("track " + trackId + ": avcC has no SPS");
        }
        AvcSps sps = SpsParser.parseNal(sets.get(0), 0, sets.get(0).length);
        String codec = String.format(Locale.ROOT, "avc1.%02x%02x%02x", avcC[1] & 0xFF, avcC[2] & 0xFF, avcC[3] & 0xFF);
        if (sps != null && sps.width() > 0) {
            width = sps.width();
            height = sps.height();
        }
        if (lengthSize != 4) {
            avcC = avcC.clone();
            avcC[4] = (byte) (avcC[4] | 0x03); // samples are rewritten with 4-byte lengths
        }
        TrackFormat f = new TrackFormat(trackId, TrackFormat.Kind.VIDEO, codec, 90_000, width, height, 0, 0, language,
                avcC, sets);
        return new Fmp4Init.Track(f, timescale, lengthSize, defDuration, defSize, defFlags);
    }

    private static Fmp4Init.Track hevcTrack(int trackId, byte[] hvcC, int entryType, int width, int height, String language,
                                            int timescale, long defDuration, long defSize, int defFlags)
            throws Mp4FormatException {
        if (hvcC.length < 23 || hvcC[0] != 1) {
            throw new Mp4FormatException("track " + trackId + ": malformed hvcC");
        }
        int lengthSize = (hvcC[21] & 0x03) + 1;
        if (lengthSize == 3) {
            throw new Mp4FormatException("track " + trackId + ": hvcC NAL length size 3");
        }
        int arrays = hvcC[22] & 0xFF;
        int p = 23;
        byte[] vps = null;
        byte[] sps = null;
        byte[] pps = null;
        for (int i = 0; i < arrays; i++) {
            if (p + 3 > hvcC.length) {
                throw new Mp4FormatException("track " + trackId + ": hvcC array " + i + " does not fit");
            }
            int nalType = hvcC[p] & 0x3F;
            int count = (hvcC[p + 1] & 0xFF) << 8 | (hvcC[p + 2] & 0xFF);
            List<byte[]> nals = new ArrayList<>();
            p = nals(hvcC, p + 3, count, nals, trackId);
            if (!nals.isEmpty()) {
                switch (nalType) {
                    case 32 -> vps = vps == null ? nals.get(0) : vps;
                    case 33 -> sps = sps == null ? nals.get(0) : sps;
                    case 34 -> pps = pps == null ? nals.get(0) : pps;
                    default -> { }
                }
            }
        }
        if (sps == null) {
            throw new Mp4FormatException("track " + trackId + ": hvcC has no SPS");
        }
        HevcSps parsed = HevcParser.parseSpsNal(sps, 0, sps.length);
        String codec;
        if (parsed != null) {
            codec = parsed.codec();
            if (parsed.width() > 0) {
                width = parsed.width();
                height = parsed.height();
            }
        } else {
            throw new Mp4FormatException("track " + trackId + ": unreadable HEVC SPS");
        }
        if (entryType == HEV1) {
            codec = "hev1" + codec.substring(4);
        }
        if (lengthSize != 4) {
            hvcC = hvcC.clone();
            hvcC[21] = (byte) (hvcC[21] | 0x03);
        }
        List<byte[]> sets = new ArrayList<>();
        for (byte[] n : new byte[][] {vps, sps, pps}) {
            if (n != null) {
                sets.add(n);
            }
        }
        TrackFormat f = new TrackFormat(trackId, TrackFormat.Kind.VIDEO, codec, 90_000, width, height, 0, 0, language,
                hvcC, sets);
        return new Fmp4Init.Track(f, timescale, lengthSize, defDuration, defSize, defFlags);
    }

    /** Reads {@code count} NAL units, each with a 16-bit length, from {@code p}; returns the end. */
    private static int nals(byte[] r, int p, int count, List<byte[]> out, int trackId) throws Mp4FormatException {
        for (int i = 0; i < count; i++) {
            if (p + 2 > r.length) {
                throw new Mp4FormatException("track " + trackId + ": parameter set list does not fit its record");
            }
            int len = (r[p] & 0xFF) << 8 | (r[p + 1] & 0xFF);
            p += 2;
            if (len > r.length - p) {
                throw new Mp4FormatException("track " + trackId + ": parameter set of " + len + " bytes does not fit");
            }
            out.add(Arrays.copyOfRange(r, p, p + len));
            p += len;
        }
        return p;
    }

    /**
     * The DecoderSpecificInfo of an ES_Descriptor (ISO/IEC 14496-1 7.2.6.5) whose DecoderConfigDescriptor has
     * objectTypeIndication 0x40 (MPEG-4 audio), or null.
     */
    static byte[] audioSpecificConfig(byte[] b, int from, int to) {
        int p = from;
        int[] len = new int[1];
        if (p >= to || b[p] != 0x03) {
            return null;
        }
        p = descriptorLength(b, p + 1, to, len);
        if (p < 0 || p + 3 > to) {
            return null;
        }
        int flags = b[p + 2] & 0xFF;
        p += 3;
        if ((flags & 0x80) != 0) {
            p += 2;
        }
        if ((flags & 0x40) != 0) {
            if (p >= to) {
                return null;
            }
            p += 1 + (b[p] & 0xFF);
        }
        if ((flags & 0x20) != 0) {
            p += 2;
        }
        if (p >= to || b[p] != 0x04) {
            return null;
        }
        p = descriptorLength(b, p + 1, to, len);
        if (p < 0 || p + 13 > to || (b[p] & 0xFF) != 0x40) {
            return null;
        }
        p += 13;
        if (p >= to || b[p] != 0x05) {
            return null;
        }
        p = descriptorLength(b, p + 1, to, len);
        if (p < 0 || len[0] > to - p) {
            return null;
        }
        return Arrays.copyOfRange(b, p, p + len[0]);
    }

    /** Reads an expandable descriptor size (7.2.2.3.3, up to 4 bytes); returns the payload start, -1 when it does not fit. */
    private static int descriptorLength(byte[] b, int p, int to, int[] len) {
        int n = 0;
        for (int i = 0; i < 4; i++) {
            if (p >= to) {
                return -1;
            }
            int v = b[p++] & 0xFF;
            n = n << 7 | (v & 0x7F);
            if ((v & 0x80) == 0) {
                len[0] = n;
                return p;
            }
        }
        return -1;
    }

    /** ISO 639-2/T from mdhd's packed 5-bit letters; "und" when unset. */
    static String language(int packed) {
        if (packed == 0 || packed == 0x7FFF) {
            return "und";
        }
        char[] c = {(char) ((packed >> 10 & 0x1F) + 0x60), (char) ((packed >> 5 & 0x1F) + 0x60), (char) ((packed & 0x1F) + 0x60)};
        for (char x : c) {
            if (x < 'a' || x > 'z') {
                return "und";
            }
        }
        return new String(c);
    }
}
