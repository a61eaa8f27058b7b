package dev.wharf.packager.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad input never throws and comes back as a clear reason. */
class TsProbeRobustnessTest {

    private static final String MAIN = "h264_main_640x360_30_aac_48k_stereo.ts";

    private static TsProbeResult probeQuietly(byte[] data) {
        TsProbeResult r = TsProbe.probe(data);
        assertThat(r).isNotNull();
        if (r.error() != null) {
            assertThat(r.error()).doesNotStartWith("internal error");
        }
        assertThat(r.valid()).isEqualTo(r.error() == null);
        return r;
    }

    @Test
    void emptyAndNullAndBadRanges() {
        assertThat(TsProbe.probe(new byte[0]).error()).isEqualTo("empty input");
        assertThat(TsProbe.probe(null).valid()).isFalse();
        assertThat(TsProbe.probe(null, 0, 0).valid()).isFalse();
        assertThat(TsProbe.probe(new byte[10], 5, 6).error()).startsWith("bad range");
        assertThat(TsProbe.probe(new byte[10], -1, 2).error()).startsWith("bad range");
        assertThat(TsProbe.probe(new byte[10], 0, -1).error()).startsWith("bad range");
        assertThat(TsProbe.probe(new byte[10], Integer.MAX_VALUE, 2).error()).startsWith("bad range");
    }

    @Test
    void htmlIsNotMpegTs() {
        byte[] html = "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.US_ASCII);
        TsProbeResult r = TsProbe.probe(html);

        assertThat(r.valid()).isFalse();
        assertThat(r.error()).isEqualTo("not MPEG-TS: byte 0 is 0x3c, expected sync byte 0x47");
        assertThat(r.tracks()).isEmpty();
        assertThat(r.firstPtsTicks90k()).isEqualTo(-1);
    }

    @Test
    void lostSyncIsReportedWithItsPosition() {
        byte[] ts = TsFixtures.load(MAIN);
        ts[188 * 7] = 0x00;

        assertThat(TsProbe.probe(ts).error())
                .isEqualTo("lost sync: byte 1316 (packet 7) is 0x00, expected sync byte 0x47");
    }

    @Test
    void leadingPrefixIsInvalid() {
        byte[] ts = TsFixtures.load(MAIN);
        byte[] prefixed = TsBuilder.concat(new byte[] {0x00, 0x47}, ts);

        assertThat(TsProbe.probe(prefixed).error()).startsWith("not MPEG-TS: byte 0 is 0x00");
    }

    @Test
    void shorterThanOnePacket() {
        byte[] ts = Arrays.copyOf(TsFixtures.load(MAIN), 100);

        assertThat(TsProbe.probe(ts).error())
                .isEqualTo("truncated: 100 bytes, less than one 188-byte transport packet");
    }

    @Test
    void truncatedLastPacketIsTolerated() {
        byte[] ts = TsFixtures.load(MAIN);
        TsProbeResult whole = TsProbe.probe(ts);
        TsProbeResult cut = TsProbe.probe(Arrays.copyOf(ts, ts.length - 100));

        assertThat(cut.valid()).isTrue();
        assertThat(cut.tracks()).isEqualTo(whole.tracks());
        assertThat(cut.firstPtsTicks90k()).isEqualTo(whole.firstPtsTicks90k());
    }

    @Test
    void trailingJunkThatIsNotAPacketIsInvalid() {
        byte[] ts = TsBuilder.concat(TsFixtures.load(MAIN), "\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(TsProbe.probe(ts).error()).startsWith("lost sync: byte " + (ts.length - 2));
    }

    @Test
    void everyTruncationOfARealSegment() {
        byte[] ts = TsFixtures.load(MAIN);
        for (int len = 1; len <= ts.length; len += 61) {
            TsProbeResult r = probeQuietly(Arrays.copyOf(ts, len));
            if (len >= 3 * 188) { // SDT, PAT, PMT
                assertThat(r.valid()).as("length %d: %s", len, r.error()).isTrue();
            }
        }
    }

    @Test
    void randomPacketsWithSyncBytes() {
        Random rnd = new Random(0x5EED);
        int[] pids = {0x0000, 0x0011, 0x0100, 0x0101, 0x1000, 0x1FFF};
        for (int i = 0; i < 2000; i++) {
            int packets = rnd.nextInt(24);
            byte[] b = new byte[packets * 188 + (rnd.nextInt(4) == 0 ? rnd.nextInt(188) : 0)];
            rnd.nextBytes(b);
            for (int p = 0; p < b.length; p += 188) {
                b[p] = 0x47;
                if (p + 3 < b.length && rnd.nextBoolean()) { // make them look more like the real thing
                    int pid = pids[rnd.nextInt(pids.length)];
                    b[p + 1] = (byte) ((b[p + 1] & 0x40) | (pid >> 8));
                    b[p + 2] = (byte) pid;
                    b[p + 3] = (byte) ((b[p + 3] & 0x3F) | 0x10);
                }
            }
            probeQuietly(b);
        }
    }

    @Test
    void mutatedRealSegments() {
        // Valid PSI and PES structure with corrupted contents reaches the elementary stream parsers.
        String[] names = {MAIN, "hevc_main_640x360_30.ts", "ac3_48k_5ch1.ts", "aac_latm_48k_stereo.ts",
                "eac3_48k_stereo_system_b.ts", "mp2_48k_stereo.ts", "h264_high_854x480_25_aac_44k_mono.ts"};
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] ts = TsFixtures.load(names[i % names.length]);
            byte[] b = Arrays.copyOf(ts, Math.min(ts.length, 188 * (3 + rnd.nextInt(60))));
            int flips = 1 + rnd.nextInt(40);
            for (int f = 0; f < flips; f++) {
                int at = rnd.nextInt(b.length);
                if (at % 188 != 0) {
                    b[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : b[at] ^ (1 << rnd.nextInt(8)));
                }
            }
            probeQuietly(b);
        }
    }

    @Test
    void continuityErrorForADroppedPacket() {
        byte[] ts = TsFixtures.load(MAIN);
        int drop = 20; // a video packet in the middle of the first PES (packets 3..27)
        assertThat(((ts[drop * 188 + 1] & 0x1F) << 8) | (ts[drop * 188 + 2] & 0xFF)).isEqualTo(0x100);
        byte[] dropped = TsBuilder.concat(Arrays.copyOf(ts, drop * 188),
                Arrays.copyOfRange(ts, (drop + 1) * 188, ts.length));

        TsProbeResult r = TsProbe.probe(dropped);

        assertThat(r.valid()).isTrue();
        assertThat(r.continuityErrors()).isEqualTo(1);
    }

    @Test
    void oneDuplicatePacketIsAllowedTwoAreNot() {
        byte[] ts = TsFixtures.load(MAIN);
        int dup = 20;
        byte[] packet = Arrays.copyOfRange(ts, dup * 188, (dup + 1) * 188);
        byte[] head = Arrays.copyOf(ts, (dup + 1) * 188);
        byte[] tail = Arrays.copyOfRange(ts, (dup + 1) * 188, ts.length);

        TsProbeResult once = TsProbe.probe(TsBuilder.concat(head, packet, tail));
        TsProbeResult twice = TsProbe.probe(TsBuilder.concat(head, packet, packet, tail));

        assertThat(once.continuityErrors()).isZero();
        assertThat(once.tracks()).isEqualTo(TsProbe.probe(ts).tracks());
        assertThat(twice.continuityErrors()).isEqualTo(1);
    }

    @Test
    void segmentStartingMidPesDoesNotStartWithKeyframe() {
        byte[] ts = TsFixtures.load(MAIN);
        // Drop the first video packet (the PES start with the IDR's header); the rest of that PES remains.
        int firstVideo = -1;
        for (int p = 0; p < ts.length; p += 188) {
            if ((((ts[p + 1] & 0x1F) << 8) | (ts[p + 2] & 0xFF)) == 0x100) {
                firstVideo = p;
                break;
            }
        }
        byte[] cut = TsBuilder.concat(Arrays.copyOf(ts, firstVideo), Arrays.copyOfRange(ts, firstVideo + 188, ts.length));

        TsProbeResult r = TsProbe.probe(cut);

        assertThat(r.valid()).isTrue();
        assertThat(r.startsWithKeyframe()).isFalse();
        assertThat(r.keyframeCount()).isZero();
        assertThat(r.firstPtsTicks90k()).isEqualTo(141_000); // the second PES in decode order, a P picture
        assertThat(r.tracks().getFirst().codec()).isNull(); // the only SPS was in the dropped packet
    }
}
