package dev.wharf.packager.demux.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.sample.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 33-bit PTS/DTS wraparound: the fixture wraps 0.75 s in (media/README.md, -output_ts_offset 95441.5). */
class PtsWrapTest {

    private static final long WRAP = 1L << 33;

    @Test
    void timesContinueAboveTwoToThe33WithExactDurations() {
        DemuxResult r = TsDemuxer.demux(Fixtures.load("h264_pts_wrap.ts"));

        List<Sample> video = r.samples(1);
        assertThat(video.getFirst().decodeTime()).isEqualTo(WRAP - 79_592);
        assertThat(video.getLast().decodeTime()).isEqualTo(WRAP + 97_408);
        for (int i = 1; i < video.size(); i++) {
            assertThat(video.get(i).decodeTime()).isGreaterThan(video.get(i - 1).decodeTime());
        }
        assertThat(video).allSatisfy(s -> assertThat(s.duration()).isEqualTo(3000)); // 30 fps, across the wrap

        List<Sample> audio = r.samples(2);
        long wrapAt48k = WRAP * 48_000 / 90_000;
        assertThat(audio.getFirst().decodeTime()).isLessThan(wrapAt48k);
        assertThat(audio.getLast().decodeTime()).isGreaterThan(wrapAt48k);
        for (int i = 1; i < audio.size(); i++) {
            assertThat(audio.get(i).decodeTime() - audio.get(i - 1).decodeTime()).isEqualTo(1024);
        }
    }

    @Test
    void unwrapperKeepsTheFirstValueAndFollowsSignedSteps() {
        PtsUnwrapper u = new PtsUnwrapper();

        assertThat(u.unwrap(WRAP - 10)).isEqualTo(WRAP - 10);
        assertThat(u.unwrap(5)).isEqualTo(WRAP + 5); // forward over the wrap
        assertThat(u.unwrap(WRAP - 3000)).isEqualTo(WRAP - 3000); // a little back (B-frame PTS, audio before video)
        assertThat(u.unwrap(3000)).isEqualTo(WRAP + 3000);
        assertThat(u.unwrap(WRAP / 2 - 1)).isEqualTo(WRAP + WRAP / 2 - 1); // largest forward step
    }

    @Test
    void unwrapperStartingLowGoesNegativeWhenAnEarlierTrackLagsBeforeTheWrap() {
        PtsUnwrapper u = new PtsUnwrapper();

        assertThat(u.unwrap(100)).isEqualTo(100);
        assertThat(u.unwrap(WRAP - 100)).isEqualTo(-100);
    }
}
