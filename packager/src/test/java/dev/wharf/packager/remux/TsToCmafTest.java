package dev.wharf.packager.remux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.demux.ts.DemuxResult;
import dev.wharf.packager.demux.ts.TsDemuxer;
import dev.wharf.packager.sample.TrackFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TsToCmafTest {
    private static final long WRAP = 1L << 33;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = TsToCmafTest.class.getResourceAsStream("/media/" + name)) {
            return in.readAllBytes();
        }
    }

    /** The bytes after a full box's version and flags, found by its fourcc (one of each in a single-track fragment). */
    static ByteBuffer fullBoxFields(byte[] fragment, String fourcc) {
        for (int i = 4; i + 12 < fragment.length; i++) {
            if (fragment[i] == fourcc.charAt(0) && fragment[i + 1] == fourcc.charAt(1)
                    && fragment[i + 2] == fourcc.charAt(2) && fragment[i + 3] == fourcc.charAt(3)) {
                return ByteBuffer.wrap(fragment, i + 8, fragment.length - i - 8);
            }
        }
        throw new AssertionError("no " + fourcc);
    }

    static long tfdt(byte[] fragment) {
        return fullBoxFields(fragment, "tfdt").getLong(); // version 1
    }

    static int trackIdInTfhd(byte[] fragment) {
        return fullBoxFields(fragment, "tfhd").getInt();
    }

    @Test
    void withoutAWrapTheDecodeTimeIsTheEncodersOwn() throws IOException {
        byte[] ts = fixture("h264_main_640x360_30_aac_48k_stereo.ts");
        DemuxResult d = TsDemuxer.demux(ts);
        long firstVideoDts = d.samples(1).getFirst().decodeTime();
        long firstAudioDts = d.samples(2).getFirst().decodeTime();

        Map<TrackFormat.Kind, TsToCmaf.Track> out = TsToCmaf.remux(ts, 7, firstVideoDts + 3000);

        assertThat(out).containsOnlyKeys(TrackFormat.Kind.VIDEO, TrackFormat.Kind.AUDIO);
        TsToCmaf.Track video = out.get(TrackFormat.Kind.VIDEO);
        TsToCmaf.Track audio = out.get(TrackFormat.Kind.AUDIO);
        assertThat(video.baseMediaDecodeTime()).isEqualTo(firstVideoDts);
        assertThat(tfdt(video.fragment())).isEqualTo(firstVideoDts);
        assertThat(tfdt(audio.fragment())).isEqualTo(firstAudioDts);
        // single-track CMAF: both are track 1, as in their init segments
        assertThat(trackIdInTfhd(video.fragment())).isEqualTo(1);
        assertThat(trackIdInTfhd(audio.fragment())).isEqualTo(1);
        assertThat(video.format().trackId()).isEqualTo(1);
        assertThat(audio.format().trackId()).isEqualTo(1);
        assertThat(video.format().width()).isEqualTo(640);
        assertThat(audio.format().timescale()).isEqualTo(48_000);
        assertThat(fullBoxFields(video.fragment(), "mfhd").getInt()).as("mfhd sequence").isEqualTo(7);
    }

    @Test
    void unknownMediaTimeMeansNoShift() throws IOException {
        byte[] ts = fixture("h264_main_640x360_30_aac_48k_stereo.ts");
        long firstVideoDts = TsDemuxer.demux(ts).samples(1).getFirst().decodeTime();
        assertThat(TsToCmaf.remux(ts, 1, -1).get(TrackFormat.Kind.VIDEO).baseMediaDecodeTime()).isEqualTo(firstVideoDts);
    }

    @Test
    void aSegmentAfterTheWrapMovesUpByWholePeriodsToTheUnwrappedTimeline() throws IOException {
        byte[] ts = fixture("h264_main_640x360_30_aac_48k_stereo.ts");
        DemuxResult d = TsDemuxer.demux(ts);
        long firstVideoDts = d.samples(1).getFirst().decodeTime();
        long firstAudioDts = d.samples(2).getFirst().decodeTime();

        // The output timeline says this segment starts one (or two) wraps later than its raw PTS.
        for (long wraps = 1; wraps <= 2; wraps++) {
            Map<TrackFormat.Kind, TsToCmaf.Track> out = TsToCmaf.remux(ts, 1, firstVideoDts + wraps * WRAP + 3000);
            assertThat(tfdt(out.get(TrackFormat.Kind.VIDEO).fragment())).isEqualTo(firstVideoDts + wraps * WRAP);
            long audioShift = Math.floorDiv(wraps * WRAP * 48_000 + 45_000, 90_000);
            assertThat(tfdt(out.get(TrackFormat.Kind.AUDIO).fragment())).isEqualTo(firstAudioDts + audioShift);
        }
    }

    @Test
    void aSegmentStraddlingTheWrapStaysWhereTheDemuxerPutIt() throws IOException {
        byte[] ts = fixture("h264_pts_wrap.ts");
        long firstVideoDts = TsDemuxer.demux(ts).samples(1).getFirst().decodeTime();
        assertThat(firstVideoDts).isLessThan(WRAP);

        Map<TrackFormat.Kind, TsToCmaf.Track> out = TsToCmaf.remux(ts, 1, firstVideoDts + 6000);

        assertThat(tfdt(out.get(TrackFormat.Kind.VIDEO).fragment())).isEqualTo(firstVideoDts);
        assertThat(out.get(TrackFormat.Kind.VIDEO).baseMediaDecodeTime() + out.get(TrackFormat.Kind.VIDEO).durationTicks())
                .isGreaterThan(WRAP);
    }

    @Test
    void sameInputSameBytes() throws IOException {
        byte[] ts = fixture("h264_main_640x360_30_aac_48k_stereo.ts");
        var a = TsToCmaf.remux(ts, 42, 1_000_000);
        var b = TsToCmaf.remux(ts.clone(), 42, 1_000_000);
        for (TrackFormat.Kind k : a.keySet()) {
            assertThat(b.get(k).fragment()).isEqualTo(a.get(k).fragment());
            assertThat(TsToCmaf.init(b.get(k).format())).isEqualTo(TsToCmaf.init(a.get(k).format()));
        }
    }

    @Test
    void audioOnlySegmentGivesOnlyAnAudioTrack() throws IOException {
        assertThat(TsToCmaf.remux(fixture("aac_only_44k_stereo.ts"), 1, -1)).containsOnlyKeys(TrackFormat.Kind.AUDIO);
    }
}
