package dev.wharf.packager.demux.ts;

import dev.wharf.packager.media.PsiParser;
import dev.wharf.packager.media.StreamTypes;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MPEG-2 transport stream demuxer (ISO/IEC 13818-1): transport packets → PAT/PMT → PES → elementary streams →
 * {@link TrackFormat}s and {@link Sample}s.
 *
 * <p>Push API, any chunking:
 * <pre>{@code
 * TsDemuxer d = new TsDemuxer();          // collects; or new TsDemuxer(listener) to stream
 * d.feed(bytes, 0, n);                    // any number of times, any chunk boundaries
 * d.flush();                              // end of input: last PES, last sample of each track
 * d.tracks(); d.samples(trackId); d.id3(); d.continuityErrors(); d.corruptPackets();
 * }</pre>
 * The output does not depend on how the input is chunked. Samples are emitted one behind (a sample's duration is
 * the next sample's DTS minus its own), the last ones at {@link #flush()}. A {@link Listener} sees
 * {@code onTrack} before the first sample of a track and again if its decoder configuration changes.
 *
 * <p>What is demuxed: the first program of the PAT; in its PMT, H.264 (0x1B), HEVC (0x24 or registration
 * 'HEVC'), AAC in ADTS (0x0F), AC-3 and E-AC-3 (0x81, 0x87, or 0x06 with the DVB descriptors or registration),
 * in PMT order as track ids 1, 2, ...; ID3 timed metadata (0x15) goes to {@link #id3()}. Other streams (MPEG-1/2
 * audio and video, LATM, SCTE-35, DVB subtitles) are skipped, as are later PMT versions.
 *
 * <p>Times: video samples are in 90 kHz; audio samples in the audio sample rate ({@link TrackFormat#timescale()}).
 * PTS/DTS are unwrapped over the 33-bit wrap onto one monotonic line for the whole program ({@link PtsUnwrapper}).
 *
 * <p>Bad input never throws. Packets with {@code transport_error_indicator} set, an impossible adaptation field
 * length, or no sync byte where one is due are counted in {@link #corruptPackets()} and skipped; after a lost
 * sync the demuxer resynchronises on a sync byte followed by another one 188 bytes later. Continuity counter
 * jumps (2.4.3.3; one duplicate packet allowed, none counted across a {@code discontinuity_indicator}) are counted
 * in {@link #continuityErrors()} and drop the PES they hit. A trailing partial packet counts as corrupt.
 *
 * <p>Not thread safe; one instance per segment or per continuous stream.
 */
public final class TsDemuxer {

    /** Receives formats and samples as they are found. */
    public interface Listener {
        void onTrack(TrackFormat format);

        void onSample(Sample sample);

        default void onId3(Id3Frame frame) {
        }
    }

    static final int PACKET = 188;
    private static final int SYNC = 0x47;
    private static final int PID_PAT = 0;
    private static final int PID_NULL = 0x1FFF;
    private static final int CC_SEEN = 0x10;
    private static final int CC_DUPLICATE = 0x20;

    private final Listener listener;
    private final boolean collecting;
    private final Map<Integer, TrackFormat> formats = new TreeMap<>();
    private final Map<Integer, List<Sample>> samples = new LinkedHashMap<>();
    private final List<Id3Frame> id3 = new ArrayList<>();

    private final PtsUnwrapper clock = new PtsUnwrapper();
    private final PesAssembler[] pes = new PesAssembler[8192];
    private final byte[] ccState = new byte[8192];
    private final List<PesAssembler> assemblers = new ArrayList<>();
    private final List<TrackOutput> outputs = new ArrayList<>();

    private PsiParser.SectionAssembler pat = new PsiParser.SectionAssembler(PsiParser.TABLE_ID_PAT);
    private PsiParser.SectionAssembler pmt;
    private int programNumber = -1;
    private int pmtPid = -1;
    private boolean programKnown;

    // Packet framing across feed() calls: carry holds a partial packet, or in resync mode a window of bytes.
    private final byte[] carry = new byte[2 * PACKET];
    private int carryLen;
    private boolean resync;

    private int continuityErrors;
    private int corruptPackets;
    private long skippedBytes;
    private boolean flushed;

    /** A demuxer that collects everything for {@link #tracks()}, {@link #samples(int)} and {@link #id3()}. */
    public TsDemuxer() {
        this.collecting = true;
        this.listener = new Listener() {
            @Override
            public void onTrack(TrackFormat format) {
                formats.put(format.trackId(), format);
            }

            @Override
            public void onSample(Sample sample) {
                samples.computeIfAbsent(sample.trackId(), k -> new ArrayList<>()).add(sample);
            }

            @Override
            public void onId3(Id3Frame frame) {
                id3.add(frame);
            }
        };
    }

    /** A streaming demuxer: everything goes to {@code listener}; {@link #samples(int)} and {@link #id3()} stay empty. */
    public TsDemuxer(Listener listener) {
        this.collecting = false;
        this.listener = new Listener() {
            @Override
            public void onTrack(TrackFormat format) {
                formats.put(format.trackId(), format);
                listener.onTrack(format);
            }

            @Override
            public void onSample(Sample sample) {
                listener.onSample(sample);
            }

            @Override
            public void onId3(Id3Frame frame) {
                listener.onId3(frame);
            }
        };
    }

    /** Demuxes a whole segment. */
    public static DemuxResult demux(byte[] segment) {
        TsDemuxer d = new TsDemuxer();
        d.feed(segment, 0, segment.length);
        d.flush();
        Map<Integer, List<Sample>> byTrack = new LinkedHashMap<>();
        for (TrackFormat f : d.tracks()) {
            byTrack.put(f.trackId(), d.samples(f.trackId()));
        }
        return new DemuxResult(d.tracks(), Collections.unmodifiableMap(byTrack), d.id3(), d.continuityErrors(),
                d.corruptPackets());
    }

    /** The latest format of each track whose format is known, in track id order. */
    public List<TrackFormat> tracks() {
        return List.copyOf(formats.values());
    }

    /** The samples of a track so far, in decode order (collecting mode only). */
    public List<Sample> samples(int trackId) {
        List<Sample> s = samples.get(trackId);
        return s == null ? List.of() : Collections.unmodifiableList(s);
    }

    /** ID3 timed metadata so far (collecting mode only). */
    public List<Id3Frame> id3() {
        return Collections.unmodifiableList(id3);
    }

    /** Continuity counter errors over all PIDs. */
    public int continuityErrors() {
        return continuityErrors;
    }

    /** Packets skipped as corrupt: TEI set, bad adaptation field length, lost sync (once per loss), truncated tail. */
    public int corruptPackets() {
        return corruptPackets;
    }

    /** Bytes thrown away while looking for sync. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Feeds {@code b[off, off + len)}. */
    public void feed(byte[] b, int off, int len) {
        if (flushed) {
            throw new IllegalStateException("feed after flush");
        }
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("bad range");
        }
        int p = off;
        int end = off + len;
        while (p < end) {
            if (carryLen > 0 || resync) {
                p = fillCarry(b, p, end);
                continue;
            }
            while (p + PACKET <= end && b[p] == SYNC) {
                packet(b, p);
                p += PACKET;
            }
            if (p + PACKET <= end) {
                lostSync();
            } else if (p < end) {
                System.arraycopy(b, p, carry, 0, end - p);
                carryLen = end - p;
                p = end;
            }
        }
    }

    /**
     * End of input: PES and samples still pending are emitted. A trailing partial packet is dropped and counted
     * as corrupt, and the PES it belonged to is dropped with it (a truncated upload must not yield a cut frame).
     */
    public void flush() {
        if (flushed) {
            return;
        }
        flushed = true;
        if (resync && carryLen >= PACKET && carry[0] == SYNC) {
            packet(carry, 0); // the last packet of the input: nothing follows to confirm the sync
            shift(PACKET);
        }
        if (carryLen > 0) {
            if (!resync && carryLen >= 3 && carry[0] == SYNC) {
                int pid = ((carry[1] & 0x1F) << 8) | (carry[2] & 0xFF);
                if (pes[pid] != null) {
                    pes[pid].lose(); // the PES it belongs to lacks this packet's payload
                }
            }
            corruptPackets++;
            skippedBytes += carryLen;
            carryLen = 0;
        }
        for (PesAssembler a : assemblers) {
            a.flush();
        }
    }

    private void lostSync() {
        resync = true;
        corruptPackets++;
    }

    /**
     * Adds input to the carry buffer and consumes what it can. In sync mode the carry holds one partial packet;
     * in resync mode a candidate position is accepted when it has a sync byte and so does the byte 188 later.
     */
    private int fillCarry(byte[] b, int p, int end) {
        int need = resync ? PACKET + 1 : PACKET;
        int n = Math.min(need - carryLen, end - p);
        System.arraycopy(b, p, carry, carryLen, n);
        carryLen += n;
        p += n;
        if (carryLen < need) {
            return p;
        }
        if (!resync) {
            carryLen = 0;
            if (carry[0] == SYNC) {
                packet(carry, 0);
            } else {
                lostSync();
                System.arraycopy(carry, 0, carry, 0, PACKET);
                carryLen = PACKET;
            }
            return p;
        }
        if (carry[0] == SYNC && carry[PACKET] == SYNC) {
            resync = false;
            packet(carry, 0);
            shift(PACKET); // keeps the confirmed sync byte as the start of a partial packet
            return p;
        }
        int next = 1;
        while (next < carryLen && carry[next] != SYNC) {
            next++;
        }
        skippedBytes += next;
        shift(next);
        return p;
    }

    private void shift(int n) {
        System.arraycopy(carry, n, carry, 0, carryLen - n);
        carryLen -= n;
    }

    /** One 188-byte packet at {@code d[p]}, whose first byte is the sync byte. */
    private void packet(byte[] d, int p) {
        int b1 = d[p + 1] & 0xFF;
        if ((b1 & 0x80) != 0) {
            corruptPackets++; // transport_error_indicator: nothing in it can be trusted
            return;
        }
        int pid = ((b1 & 0x1F) << 8) | (d[p + 2] & 0xFF);
        if (pid == PID_NULL) {
            return;
        }
        int b3 = d[p + 3] & 0xFF;
        int afc = (b3 >> 4) & 0x03;
        if (afc == 0) {
            corruptPackets++; // reserved adaptation_field_control
            return;
        }
        int payload = p + 4;
        boolean discontinuity = false;
        if ((afc & 0x02) != 0) {
            int afLength = d[p + 4] & 0xFF;
            if (afLength > (afc == 0x03 ? 182 : 183)) {
                corruptPackets++;
                return;
            }
            discontinuity = afLength > 0 && (d[p + 5] & 0x80) != 0;
            payload = p + 5 + afLength;
        }
        if ((afc & 0x01) == 0) {
            return; // adaptation field only: the continuity counter does not advance
        }
        int cc = b3 & 0x0F;
        int state = ccState[pid];
        if ((state & CC_SEEN) != 0 && !discontinuity) {
            int last = state & 0x0F;
            if (cc == last) {
                if ((state & CC_DUPLICATE) == 0) {
                    ccState[pid] = (byte) (state | CC_DUPLICATE); // 2.4.3.3: one duplicate is allowed, and ignored
                    return;
                }
                continuityError(pid);
            } else if (cc != ((last + 1) & 0x0F)) {
                continuityError(pid);
            }
        }
        ccState[pid] = (byte) (CC_SEEN | cc);
        boolean unitStart = (b1 & 0x40) != 0;
        int end = p + PACKET;
        if ((b3 & 0xC0) != 0) {
            return; // scrambled
        }
        PesAssembler a = pes[pid];
        if (a != null) {
            a.payload(d, payload, end, unitStart);
        } else if (!programKnown) {
            psi(pid, d, payload, end, unitStart);
        }
    }

    private void continuityError(int pid) {
        continuityErrors++;
        if (pes[pid] != null) {
            pes[pid].lose();
        }
    }

    private void psi(int pid, byte[] d, int payload, int end, boolean unitStart) {
        if (pid == PID_PAT && pmt == null) {
            if (pat.feed(d, payload, end, unitStart)) {
                int program = PsiParser.firstProgram(pat.section());
                if (program >= 0) {
                    programNumber = program >>> 16;
                    pmtPid = program & 0x1FFF;
                    pmt = new PsiParser.SectionAssembler(PsiParser.TABLE_ID_PMT);
                    pat = null;
                }
            }
        } else if (pid == pmtPid && pmt != null && pmt.feed(d, payload, end, unitStart)) {
            byte[] s = pmt.section();
            if (PsiParser.sectionLength(s) >= 16 && PsiParser.pmtProgramNumber(s) == programNumber) {
                setUpStreams(PsiParser.pmtStreams(s));
            }
        }
    }

    private void setUpStreams(List<PsiParser.EsEntry> entries) {
        programKnown = true;
        pmt = null;
        int trackId = 0;
        for (PsiParser.EsEntry e : entries) {
            int pid = e.pid();
            if (pid == PID_PAT || pid == PID_NULL || pid == pmtPid || pes[pid] != null) {
                continue;
            }
            String language = e.language() != null ? e.language() : "und";
            EsParser parser;
            if (e.streamType() == StreamTypes.METADATA_PES) {
                parser = new Id3Parser();
            } else {
                StreamTypes.Classified c = StreamTypes.classify(e);
                if (c.syntax() != StreamTypes.Syntax.H264 && c.syntax() != StreamTypes.Syntax.HEVC
                        && c.syntax() != StreamTypes.Syntax.ADTS && c.syntax() != StreamTypes.Syntax.AC3) {
                    continue;
                }
                TrackOutput out = new TrackOutput(++trackId, listener);
                outputs.add(out);
                parser = switch (c.syntax()) {
                    case H264 -> new NalEsParser(NalEsParser.Codec.H264, out, language);
                    case HEVC -> new NalEsParser(NalEsParser.Codec.HEVC, out, language);
                    case ADTS -> new AdtsEsParser(out, language);
                    default -> new Ac3EsParser(out, language);
                };
            }
            PesAssembler a = new PesAssembler(parser, clock);
            pes[pid] = a;
            assemblers.add(a);
        }
    }

    /** Timed metadata: the PES payload as is. */
    private final class Id3Parser implements EsParser {
        @Override
        public void pes(byte[] buf, int offset, int length, long pts, long dts) {
            listener.onId3(new Id3Frame(pts, java.util.Arrays.copyOfRange(buf, offset, offset + length)));
        }

        @Override
        public void flush() {
        }
    }
}
