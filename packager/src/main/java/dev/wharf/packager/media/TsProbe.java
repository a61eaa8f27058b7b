package dev.wharf.packager.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fast, exact MPEG-2 transport stream probe (ISO/IEC 13818-1) for ingested HLS segments.
 *
 * <p>It checks the packet structure (2.4.3.2: a {@code 0x47} sync byte every 188 bytes), follows
 * PAT → PMT of the first program, and walks the packets once: continuity counters of every PID (2.4.3.3),
 * PES headers of the primary track for the PTS range and keyframes (2.4.3.6/2.4.3.7), and just enough of
 * each elementary stream to describe it (H.264/HEVC parameter sets, ADTS/LATM/AC-3/E-AC-3/MPEG audio
 * headers). Elementary-stream scanning stops per PES at the first picture and per track once its
 * parameters are known, so the cost is dominated by touching four header bytes per packet.
 *
 * <p>It never throws on bad input: problems come back as {@link TsProbeResult#valid()} false with a reason.
 * A trailing partial packet (a truncated upload) is tolerated and ignored as long as it starts with the
 * sync byte.
 */
public final class TsProbe {

    public static final int PACKET_SIZE = 188;
    public static final int SYNC_BYTE = 0x47;
    static final int PID_PAT = 0x0000;
    static final int PID_NULL = 0x1FFF;

    // Per-PID continuity state packed in a short: counter, seen, duplicate already used, track index + 1.
    private static final int CC_MASK = 0x0F;
    private static final int CC_SEEN = 0x10;
    private static final int CC_DUPLICATE = 0x20;
    private static final int TRACK_SHIFT = 6;
    private static final int MAX_TRACKS = (0xFFFF >>> TRACK_SHIFT) - 1;

    private TsProbe() {
    }

    /** Probes a whole buffer. */
    public static TsProbeResult probe(byte[] data) {
        if (data == null) {
            return TsProbeResult.invalid("no input: null buffer");
        }
        return probe(data, 0, data.length);
    }

    /** Probes {@code data[offset, offset + length)}. */
    public static TsProbeResult probe(byte[] data, int offset, int length) {
        if (data == null) {
            return TsProbeResult.invalid("no input: null buffer");
        }
        if (offset < 0 || length < 0 || offset > data.length - length) {
            return TsProbeResult.invalid(String.format(Locale.ROOT,
                    "bad range: offset %d, length %d for a buffer of %d bytes", offset, length, data.length));
        }
        if (length == 0) {
            return TsProbeResult.invalid("empty input");
        }
        try {
            return run(data, offset, length);
        } catch (RuntimeException e) {
            // Defensive: a bug in a parser must not take down ingest.
            return TsProbeResult.invalid("internal error while probing: " + e);
        }
    }

    private static TsProbeResult run(byte[] data, int offset, int length) {
        int first = data[offset] & 0xFF;
        if (first != SYNC_BYTE) {
            return TsProbeResult.invalid(String.format(Locale.ROOT,
                    "not MPEG-TS: byte 0 is 0x%02x, expected sync byte 0x47", first));
        }
        int packets = length / PACKET_SIZE;
        if (packets == 0) {
            return TsProbeResult.invalid(String.format(Locale.ROOT,
                    "truncated: %d bytes, less than one %d-byte transport packet", length, PACKET_SIZE));
        }
        int tail = packets * PACKET_SIZE;
        if (tail < length && (data[offset + tail] & 0xFF) != SYNC_BYTE) {
            return lostSync(data, offset, packets);
        }

        // Phase 1: PAT then the first program's PMT; in a segment these are the first few packets.
        PsiParser.SectionAssembler pat = new PsiParser.SectionAssembler(PsiParser.TABLE_ID_PAT);
        PsiParser.SectionAssembler pmt = null;
        int programNumber = -1;
        int pmtPid = -1;
        List<PsiParser.EsEntry> entries = null;
        for (int k = 0; k < packets && entries == null; k++) {
            int p = offset + k * PACKET_SIZE;
            if (data[p] != SYNC_BYTE) {
                return lostSync(data, offset, k);
            }
            int b1 = data[p + 1] & 0xFF;
            int pid = ((b1 & 0x1F) << 8) | (data[p + 2] & 0xFF);
            if ((b1 & 0x80) != 0 || (pid != PID_PAT && pid != pmtPid)) {
                continue;
            }
            int payload = payloadStart(data, p);
            if (payload < 0) {
                continue;
            }
            boolean unitStart = (b1 & 0x40) != 0;
            if (pid == PID_PAT && pmt == null) {
                if (pat.feed(data, payload, p + PACKET_SIZE, unitStart)) {
                    int program = PsiParser.firstProgram(pat.section());
                    if (program < 0) {
                        return TsProbeResult.invalid("PAT lists no program");
                    }
                    programNumber = program >>> 16;
                    pmtPid = program & 0x1FFF;
                    pmt = new PsiParser.SectionAssembler(PsiParser.TABLE_ID_PMT);
                }
            } else if (pid == pmtPid && pmt != null && pmt.feed(data, payload, p + PACKET_SIZE, unitStart)) {
                byte[] s = pmt.section();
                if (PsiParser.sectionLength(s) >= 16 && PsiParser.pmtProgramNumber(s) == programNumber) {
                    entries = PsiParser.pmtStreams(s);
                }
            }
        }
        if (pmt == null) {
            return TsProbeResult.invalid(String.format(Locale.ROOT, "no PAT found on PID 0 in %d packets", packets));
        }
        if (entries == null) {
            return TsProbeResult.invalid(String.format(Locale.ROOT,
                    "no PMT found for program %d on PID 0x%04x in %d packets", programNumber, pmtPid, packets));
        }

        // Phase 2: one pass over all packets.
        ElementaryStream[] tracks = tracks(entries);
        short[] pidState = new short[8192];
        for (int i = 0; i < tracks.length; i++) {
            pidState[tracks[i].entry.pid()] = (short) ((i + 1) << TRACK_SHIFT);
        }
        int continuityErrors = 0;
        for (int k = 0; k < packets; k++) {
            int p = offset + k * PACKET_SIZE;
            if (data[p] != SYNC_BYTE) {
                return lostSync(data, offset, k);
            }
            int b1 = data[p + 1] & 0xFF;
            int b3 = data[p + 3] & 0xFF;
            int pid = ((b1 & 0x1F) << 8) | (data[p + 2] & 0xFF);
            if ((b1 & 0x80) != 0 || pid == PID_NULL || (b3 & 0x10) == 0) {
                continue; // transport_error_indicator, null packet, or no payload (counter does not advance)
            }
            boolean discontinuity = (b3 & 0x20) != 0 && (data[p + 4] & 0xFF) > 0 && (data[p + 5] & 0x80) != 0;
            int state = pidState[pid] & 0xFFFF;
            int cc = b3 & CC_MASK;
            boolean duplicate = false;
            if ((state & CC_SEEN) != 0 && !discontinuity) {
                int last = state & CC_MASK;
                if (cc == last) {
                    if ((state & CC_DUPLICATE) != 0) {
                        continuityErrors++;
                    } else {
                        duplicate = true; // 2.4.3.3: one duplicate packet is allowed
                    }
                } else if (cc != ((last + 1) & CC_MASK)) {
                    continuityErrors++;
                }
            }
            pidState[pid] = (short) ((state & ~(CC_MASK | CC_SEEN | CC_DUPLICATE)) | CC_SEEN | cc
                    | (duplicate ? CC_DUPLICATE : 0));
            int track = (state >>> TRACK_SHIFT) - 1;
            if (duplicate || track < 0 || (b3 & 0xC0) != 0) {
                continue; // duplicate payload, not an elementary stream of the program, or scrambled
            }
            ElementaryStream es = tracks[track];
            if (es.interested()) {
                int payload = payloadStart(data, p);
                if (payload >= 0) {
                    es.payload(data, payload, p + PACKET_SIZE, (b1 & 0x40) != 0);
                }
            }
        }

        List<TrackInfo> infos = new ArrayList<>(tracks.length);
        ElementaryStream primary = null;
        for (ElementaryStream es : tracks) {
            es.endPes();
            infos.add(es.toTrackInfo());
            if (es.primary) {
                primary = es;
            }
        }
        if (primary == null) {
            return new TsProbeResult(true, null, infos, -1, -1, false, 0, continuityErrors, ClosedCaptions.NONE);
        }
        boolean video = primary.type.kind() == TrackInfo.Kind.VIDEO;
        return new TsProbeResult(true, null, infos, primary.firstPts, primary.lastPts,
                primary.startsWithKeyframe == 1, video ? primary.keyframes : primary.pesCount, continuityErrors,
                video ? primary.captions() : ClosedCaptions.NONE);
    }

    /** Tracks in PMT order; the primary one is the first H.264/HEVC video, else first video, else first audio. */
    private static ElementaryStream[] tracks(List<PsiParser.EsEntry> entries) {
        int n = Math.min(entries.size(), MAX_TRACKS);
        StreamTypes.Classified[] types = new StreamTypes.Classified[n];
        int primary = -1;
        int rank = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            types[i] = StreamTypes.classify(entries.get(i));
            int r = switch (types[i].kind()) {
                case VIDEO -> types[i].syntax() == StreamTypes.Syntax.NONE ? 1 : 0;
                case AUDIO -> 2;
                default -> Integer.MAX_VALUE;
            };
            if (r < rank) {
                rank = r;
                primary = i;
            }
        }
        ElementaryStream[] out = new ElementaryStream[n];
        for (int i = 0; i < n; i++) {
            out[i] = new ElementaryStream(entries.get(i), types[i], i == primary);
        }
        return out;
    }

    /** 2.4.3.2/2.4.3.4: where the payload of the packet at {@code p} starts, or -1 when it has none. */
    private static int payloadStart(byte[] data, int p) {
        int afc = (data[p + 3] >> 4) & 0x03;
        if ((afc & 0x01) == 0) {
            return -1;
        }
        if (afc == 0x01) {
            return p + 4;
        }
        int adaptationLength = data[p + 4] & 0xFF;
        return adaptationLength > 182 ? -1 : p + 5 + adaptationLength;
    }

    private static TsProbeResult lostSync(byte[] data, int offset, int packet) {
        int at = packet * PACKET_SIZE;
        return TsProbeResult.invalid(String.format(Locale.ROOT,
                "lost sync: byte %d (packet %d) is 0x%02x, expected sync byte 0x47", at, packet,
                data[offset + at] & 0xFF));
    }
}
