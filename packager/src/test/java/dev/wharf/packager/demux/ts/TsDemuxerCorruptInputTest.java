package dev.wharf.packager.demux.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad input is counted and skipped, never thrown. Uses the Main 640x360 fixture (video PID 0x100, audio 0x101). */
class TsDemuxerCorruptInputTest {

    private static final String FIXTURE = "h264_main_640x360_30_aac_48k_stereo.ts";
    private static final int VIDEO_PID = 0x100;
    private static final int VIDEO_SAMPLES = 60;
    private static final int AUDIO_SAMPLES = 95;

    private final byte[] clean = Fixtures.load(FIXTURE);

    @Test
    void cleanFixtureHasNoErrors() {
        TsDemuxer d = Fixtures.feedInChunks(clean, clean.length);

        assertThat(d.continuityErrors()).isZero();
        assertThat(d.corruptPackets()).isZero();
        assertThat(d.samples(1)).hasSize(VIDEO_SAMPLES);
        assertThat(d.samples(2)).hasSize(AUDIO_SAMPLES);
    }

    @Test
    void transportErrorPacketIsSkippedAndTheGapDropsItsPes() {
        byte[] ts = clean.clone();
        int k = middleVideoPacket(ts);
        ts[k * 188 + 1] |= (byte) 0x80; // transport_error_indicator

        TsDemuxer d = Fixtures.feedInChunks(ts, 17);

        assertThat(d.corruptPackets()).isEqualTo(1);
        assertThat(d.continuityErrors()).isEqualTo(1); // the next video packet's counter skips one
        assertThat(d.samples(1)).hasSize(VIDEO_SAMPLES - 1);
        assertThat(d.samples(2)).hasSize(AUDIO_SAMPLES);
    }

    @Test
    void lostPacketCountsOneContinuityErrorAndDropsOneAccessUnit() {
        int k = middleVideoPacket(clean);
        byte[] ts = withoutPacket(clean, k);

        TsDemuxer d = Fixtures.feedInChunks(ts, 512);

        assertThat(d.continuityErrors()).isEqualTo(1);
        assertThat(d.corruptPackets()).isZero();
        assertThat(d.samples(1)).hasSize(VIDEO_SAMPLES - 1);
        assertThat(d.samples(1)).allSatisfy(s -> Fixtures.assertLengthPrefixedNals(s, false));
    }

    @Test
    void oneDuplicatePacketIsAllowedAndIgnored() {
        int k = middleVideoPacket(clean);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(clean, 0, (k + 1) * 188);
        o.write(clean, k * 188, 188);
        o.write(clean, (k + 1) * 188, clean.length - (k + 1) * 188);

        TsDemuxer d = Fixtures.feedInChunks(o.toByteArray(), 188);

        assertThat(d.continuityErrors()).isZero();
        assertThat(TsDemuxerChunkingTest.render(d)).isEqualTo(TsDemuxerChunkingTest.render(
                Fixtures.feedInChunks(clean, 188)));
    }

    @Test
    void counterJumpAtDiscontinuityIndicatorIsNoError() {
        // The first video packet after the start carries an adaptation field (PCR); renumber from there on.
        int k = firstVideoPacketWithAdaptationField(clean, 10);
        byte[] jumped = clean.clone();
        for (int i = k; i < jumped.length / 188; i++) {
            int p = i * 188;
            if (pid(jumped, p) == VIDEO_PID) {
                jumped[p + 3] = (byte) ((jumped[p + 3] & 0xF0) | ((jumped[p + 3] + 5) & 0x0F));
            }
        }
        byte[] flagged = jumped.clone();
        flagged[k * 188 + 5] |= (byte) 0x80; // discontinuity_indicator

        assertThat(Fixtures.feedInChunks(jumped, 188).continuityErrors()).isEqualTo(1);
        TsDemuxer d = Fixtures.feedInChunks(flagged, 188);
        assertThat(d.continuityErrors()).isZero();
        assertThat(d.samples(1)).hasSize(VIDEO_SAMPLES);
    }

    @Test
    void junkBetweenPacketsIsSkippedAfterOneSyncLoss() {
        int k = 100;
        byte[] junk = new byte[50];
        new Random(7).nextBytes(junk);
        junk[10] = 0x47; // a false sync byte inside the junk
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(clean, 0, k * 188);
        o.writeBytes(junk);
        o.write(clean, k * 188, clean.length - k * 188);
        byte[] ts = o.toByteArray();

        for (int chunk : new int[] {1, 17, 188, ts.length}) {
            TsDemuxer d = Fixtures.feedInChunks(ts, chunk);
            assertThat(d.corruptPackets()).as("chunk %d", chunk).isEqualTo(1);
            assertThat(d.skippedBytes()).isEqualTo(50);
            assertThat(d.continuityErrors()).isZero();
            assertThat(d.samples(1)).hasSize(VIDEO_SAMPLES);
            assertThat(d.samples(2)).hasSize(AUDIO_SAMPLES);
        }
    }

    @Test
    void truncatedUploadDropsTheCutPacketAndItsPes() {
        int last = lastPacketOf(clean, VIDEO_PID);
        byte[] ts = Arrays.copyOf(clean, last * 188 + 100); // cut inside the last video packet

        TsDemuxer d = Fixtures.feedInChunks(ts, 512);

        assertThat(d.corruptPackets()).isEqualTo(1);
        assertThat(d.continuityErrors()).isZero();
        assertThat(d.samples(1)).hasSize(VIDEO_SAMPLES - 1);
    }

    @Test
    void randomBytesYieldNothingAndNoException() {
        byte[] noise = new byte[200_000];
        new Random(42).nextBytes(noise);

        TsDemuxer d = Fixtures.feedInChunks(noise, 1000);

        assertThat(d.tracks()).isEmpty();
        assertThat(d.corruptPackets()).isPositive();
        assertThat(d.skippedBytes()).isPositive();
    }

    @Test
    void noiseWithSyncBytesEvery188NeverThrows() {
        byte[] noise = new byte[188 * 500];
        Random random = new Random(3);
        random.nextBytes(noise);
        for (int p = 0; p < noise.length; p += 188) {
            noise[p] = 0x47;
            noise[p + 1] &= 0x1F; // no TEI: let the noise reach PSI and PES parsing
        }
        assertThatCode(() -> Fixtures.feedInChunks(noise, 188)).doesNotThrowAnyException();
    }

    @Test
    void bitFlipsAnywhereNeverThrow() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            byte[] ts = clean.clone();
            for (int f = 0; f < 20; f++) {
                ts[random.nextInt(ts.length)] ^= (byte) (1 << random.nextInt(8));
            }
            int chunk = 1 + random.nextInt(600);
            assertThatCode(() -> Fixtures.feedInChunks(ts, chunk)).doesNotThrowAnyException();
        }
    }

    @Test
    void emptyAndTinyInputs() {
        assertThat(TsDemuxer.demux(new byte[0]).tracks()).isEmpty();
        DemuxResult r = TsDemuxer.demux(new byte[] {0x47, 0x40});
        assertThat(r.tracks()).isEmpty();
        assertThat(r.corruptPackets()).isEqualTo(1);
        assertThat(TsDemuxer.demux(Arrays.copyOf(clean, 188 * 3)).samples(1)).isEmpty();
    }

    private static int pid(byte[] ts, int p) {
        return ((ts[p + 1] & 0x1F) << 8) | (ts[p + 2] & 0xFF);
    }

    private static int middleVideoPacket(byte[] ts) {
        int n = ts.length / 188;
        for (int k = n / 2; k < n; k++) {
            int p = k * 188;
            if (pid(ts, p) == VIDEO_PID && (ts[p + 1] & 0x40) == 0) {
                return k;
            }
        }
        throw new IllegalStateException();
    }

    private static int firstVideoPacketWithAdaptationField(byte[] ts, int from) {
        for (int k = from; k < ts.length / 188; k++) {
            int p = k * 188;
            if (pid(ts, p) == VIDEO_PID && (ts[p + 3] & 0x30) == 0x30 && ts[p + 4] != 0) {
                return k;
            }
        }
        throw new IllegalStateException();
    }

    private static int lastPacketOf(byte[] ts, int pid) {
        for (int k = ts.length / 188 - 1; k >= 0; k--) {
            if (pid(ts, k * 188) == pid) {
                return k;
            }
        }
        throw new IllegalStateException();
    }

    private static byte[] withoutPacket(byte[] ts, int k) {
        byte[] out = new byte[ts.length - 188];
        System.arraycopy(ts, 0, out, 0, k * 188);
        System.arraycopy(ts, (k + 1) * 188, out, k * 188, ts.length - (k + 1) * 188);
        return out;
    }
}
