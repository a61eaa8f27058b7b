package dev.wharf.packager.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.media.TrackInfo.Kind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hand-built streams for the PSI and packetisation cases ffmpeg does not produce. */
class TsProbeSyntheticTest {

    private static final int PMT_PID = 0x1000;
    private static final int VIDEO_PID = 0x100;

    private static byte[] d(int tag, String body) {
        return d(tag, body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static byte[] d(int tag, byte[] body) {
        byte[] b = new byte[2 + body.length];
        b[0] = (byte) tag;
        b[1] = (byte) body.length;
        System.arraycopy(body, 0, b, 2, body.length);
        return b;
    }

    private static byte[] start(TsBuilder ts, byte[]... streams) {
        ts.section(0, TsBuilder.pat(1, PMT_PID));
        ts.section(PMT_PID, TsBuilder.pmt(1, VIDEO_PID, streams));
        return ts.bytes();
    }

    @Test
    void classifiesStreamTypesAndDescriptors() {
        TsBuilder ts = new TsBuilder();
        start(ts,
                TsBuilder.es(0x1B, 0x100, new byte[0]),
                TsBuilder.es(0x0F, 0x101, d(0x0A, "fra\0")),
                TsBuilder.es(0x06, 0x102, d(0x59, "eng\u0010\0\u0001\0\u0001")), // DVB subtitles
                TsBuilder.es(0x06, 0x103, d(0x56, "deu\u0009\u0088")), // teletext
                TsBuilder.es(0x15, 0x104, d(0x05, "ID3 ")), // timed ID3 metadata
                TsBuilder.es(0x86, 0x105, new byte[0]), // SCTE-35
                TsBuilder.es(0x06, 0x106, TsBuilder.concat(d(0x05, "AC-3"), d(0x0A, "spa\0"))),
                TsBuilder.es(0x06, 0x107, d(0x7A, new byte[] {0})), // DVB enhanced AC-3 descriptor
                TsBuilder.es(0x04, 0x108, new byte[0]),
                TsBuilder.es(0x11, 0x109, new byte[0]),
                TsBuilder.es(0x24, 0x10A, new byte[0]));

        TsProbeResult r = TsProbe.probe(ts.bytes());

        assertThat(r.valid()).isTrue();
        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.VIDEO, 0x100, 0x1B, null, 0, 0, 0, 0, 0, null),
                new TrackInfo(Kind.AUDIO, 0x101, 0x0F, "mp4a.40.2", 0, 0, 0, 0, 0, "fra"),
                new TrackInfo(Kind.SUBTITLES, 0x102, 0x06, null, 0, 0, 0, 0, 0, "eng"),
                new TrackInfo(Kind.SUBTITLES, 0x103, 0x06, null, 0, 0, 0, 0, 0, "deu"),
                new TrackInfo(Kind.DATA, 0x104, 0x15, null, 0, 0, 0, 0, 0, null),
                new TrackInfo(Kind.DATA, 0x105, 0x86, null, 0, 0, 0, 0, 0, null),
                new TrackInfo(Kind.AUDIO, 0x106, 0x06, "ac-3", 0, 0, 0, 0, 0, "spa"),
                new TrackInfo(Kind.AUDIO, 0x107, 0x06, "ec-3", 0, 0, 0, 0, 0, null),
                new TrackInfo(Kind.AUDIO, 0x108, 0x04, "mp4a.40.34", 0, 0, 0, 0, 0, null),
                new TrackInfo(Kind.AUDIO, 0x109, 0x11, "mp4a.40.2", 0, 0, 0, 0, 0, null),
                new TrackInfo(Kind.VIDEO, 0x10A, 0x24, null, 0, 0, 0, 0, 0, null));
        assertThat(r.firstPtsTicks90k()).isEqualTo(-1);
        assertThat(r.startsWithKeyframe()).isFalse();
    }

    @Test
    void pmtSpanningTwoPackets() {
        byte[][] streams = new byte[12][];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = TsBuilder.es(0x0F, 0x200 + i, TsBuilder.concat(d(0x0A, "eng\0"), d(0x80, new byte[12])));
        }
        byte[] pmt = TsBuilder.pmt(1, 0x200, streams);
        assertThat(pmt.length).isGreaterThan(183);
        byte[] payload = new byte[pmt.length + 1];
        System.arraycopy(pmt, 0, payload, 1, pmt.length);
        TsBuilder ts = new TsBuilder();
        ts.section(0, TsBuilder.pat(1, PMT_PID));
        ts.packet(PMT_PID, true, payload, 0, 184, 0);
        ts.packet(PMT_PID, false, payload, 184, payload.length, 0);

        TsProbeResult r = TsProbe.probe(ts.bytes());

        assertThat(r.valid()).isTrue();
        assertThat(r.tracks()).hasSize(12).allSatisfy(t -> assertThat(t.language()).isEqualTo("eng"));
    }

    @Test
    void psiErrors() {
        TsBuilder noProgram = new TsBuilder();
        byte[] pat = TsBuilder.pat(0, 0x10); // only the network PID entry
        noProgram.section(0, pat);
        assertThat(TsProbe.probe(noProgram.bytes()).error()).isEqualTo("PAT lists no program");

        TsBuilder noPat = new TsBuilder();
        noPat.section(PMT_PID, TsBuilder.pmt(1, 0x100, TsBuilder.es(0x1B, 0x100, new byte[0])));
        assertThat(TsProbe.probe(noPat.bytes()).error()).isEqualTo("no PAT found on PID 0 in 1 packets");

        TsBuilder badCrc = new TsBuilder();
        byte[] pmt = TsBuilder.pmt(1, 0x100, TsBuilder.es(0x1B, 0x100, new byte[0]));
        pmt[pmt.length - 1] ^= 1;
        badCrc.section(0, TsBuilder.pat(1, PMT_PID)).section(PMT_PID, pmt);
        assertThat(TsProbe.probe(badCrc.bytes()).error())
                .isEqualTo("no PMT found for program 1 on PID 0x1000 in 2 packets");
    }

    @Test
    void crcOfARealPatIsZero() {
        byte[] ts = TsFixtures.load("h264_baseline_320x240_15.ts");
        int p = 188; // packet 1 is the PAT
        int section = p + 5 + (ts[p + 4] & 0xFF);
        int length = 3 + (((ts[section + 1] & 0x0F) << 8) | (ts[section + 2] & 0xFF));
        assertThat(PsiParser.crc32(ts, section, length)).isZero();
    }

    /** AUD, SPS, PPS and an IDR slice with 4-byte start codes; the SPS is the hand-built one. */
    private static byte[] idrAccessUnit() {
        return TsBuilder.concat(
                new byte[] {0, 0, 0, 1, 0x09, (byte) 0xF0},
                new byte[] {0, 0, 0, 1}, SpsParserTest.handBuiltHighSps(),
                new byte[] {0, 0, 0, 1, 0x68, (byte) 0xEB, (byte) 0xE3, (byte) 0xCB, 0x22, (byte) 0xC0},
                new byte[] {0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84, 0x00, 0x33, 0x12, 0x34});
    }

    private static byte[] nonIdrAccessUnit() {
        return new byte[] {0, 0, 0, 1, 0x09, 0x30, 0, 0, 1, 0x41, (byte) 0x9A, 0x21, 0x6C, 0x41};
    }

    @Test
    void pesHeaderAndSpsSplitAcrossPackets() {
        TsBuilder ts = new TsBuilder();
        start(ts, TsBuilder.es(0x1B, VIDEO_PID, new byte[0]));
        byte[] pes = TsBuilder.pesPacket(0xE0, 900_000, idrAccessUnit());
        // 4 bytes of PES header in the first packet, then 12 bytes (header rest + into the SPS), then the rest.
        ts.packet(VIDEO_PID, true, pes, 0, 4, 180);
        ts.packet(VIDEO_PID, false, pes, 4, 30, 184 - 26);
        ts.packet(VIDEO_PID, false, pes, 30, 31, 183);
        ts.packet(VIDEO_PID, false, pes, 31, pes.length, 0);
        ts.pes(VIDEO_PID, 0xE0, 903_000, nonIdrAccessUnit());
        ts.pes(VIDEO_PID, 0xE0, 906_000, idrAccessUnit());

        TsProbeResult r = TsProbe.probe(ts.bytes());

        assertThat(r.valid()).isTrue();
        assertThat(r.tracks()).containsExactly(
                new TrackInfo(Kind.VIDEO, VIDEO_PID, 0x1B, "avc1.640c28", 1920, 1080, 30.0, 0, 0, null));
        assertThat(r.firstPtsTicks90k()).isEqualTo(900_000);
        assertThat(r.lastPtsTicks90k()).isEqualTo(906_000);
        assertThat(r.startsWithKeyframe()).isTrue();
        assertThat(r.keyframeCount()).isEqualTo(2);
        assertThat(r.continuityErrors()).isZero();
    }

    @Test
    void firstPictureNotIdr() {
        TsBuilder ts = new TsBuilder();
        start(ts, TsBuilder.es(0x1B, VIDEO_PID, new byte[0]));
        ts.pes(VIDEO_PID, 0xE0, 1000, nonIdrAccessUnit());
        ts.pes(VIDEO_PID, 0xE0, 4000, idrAccessUnit());

        TsProbeResult r = TsProbe.probe(ts.bytes());

        assertThat(r.startsWithKeyframe()).isFalse();
        assertThat(r.keyframeCount()).isEqualTo(1);
        assertThat(r.tracks().getFirst().codec()).isEqualTo("avc1.640c28");
    }

    @Test
    void continuityCountingRules() {
        TsBuilder ts = new TsBuilder();
        start(ts, TsBuilder.es(0x1B, VIDEO_PID, new byte[0]));
        ts.pes(VIDEO_PID, 0xE0, 1000, idrAccessUnit());
        byte[] clean = ts.bytes();
        assertThat(TsProbe.probe(clean).continuityErrors()).isZero();

        // An adaptation-field-only packet repeating the counter is fine (the counter does not advance).
        byte[] afOnly = Arrays.copyOfRange(clean, clean.length - 188, clean.length);
        afOnly[3] = (byte) (0x20 | (afOnly[3] & 0x0F));
        afOnly[4] = (byte) 183;
        Arrays.fill(afOnly, 5, 188, (byte) 0xFF);
        afOnly[5] = 0;
        assertThat(TsProbe.probe(TsBuilder.concat(clean, afOnly)).continuityErrors()).isZero();

        // A jump is an error unless the discontinuity_indicator says so.
        TsBuilder jump = new TsBuilder();
        jump.packet(VIDEO_PID, false, new byte[] {1, 2, 3});
        byte[] next = jump.bytes();
        next[3] = (byte) ((next[3] & 0xF0) | 9);
        assertThat(TsProbe.probe(TsBuilder.concat(clean, next)).continuityErrors()).isEqualTo(1);
        next[5] = (byte) 0x80; // adaptation flags: discontinuity_indicator
        assertThat(TsProbe.probe(TsBuilder.concat(clean, next)).continuityErrors()).isZero();
    }
}
