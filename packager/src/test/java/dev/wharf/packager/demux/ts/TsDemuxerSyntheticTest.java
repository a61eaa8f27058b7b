package dev.wharf.packager.demux.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.media.TsBuilder;
import dev.wharf.packager.sample.Sample;
import dev.wharf.packager.sample.TrackFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built streams for cases the ffmpeg fixtures do not have. */
class TsDemuxerSyntheticTest {

    private static final byte[] SPS = HexFormat.of().parseHex("674d401feca05017fcb80880000003008000001e078c18cb");
    private static final byte[] PPS = HexFormat.of().parseHex("68ebecb2");

    private static byte[] program(int streamType, int pid) {
        return new TsBuilder()
                .section(0, TsBuilder.pat(1, 0x1000))
                .section(0x1000, TsBuilder.pmt(1, pid, TsBuilder.es(streamType, pid, new byte[0])))
                .bytes();
    }

    @Test
    void manyShortStartCodesOverflowTheHeadroomAndFallBackToACopy() {
        ByteArrayOutputStream es = new ByteArrayOutputStream();
        es.writeBytes(new byte[] {0, 0, 1});
        es.writeBytes(SPS);
        es.writeBytes(new byte[] {0, 0, 1});
        es.writeBytes(PPS);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 120; i++) {
            byte[] slice = {0x65, (byte) 0x88, (byte) i, (byte) 0x80}; // IDR slice, 3-byte start code each
            es.writeBytes(new byte[] {0, 0, 1});
            es.writeBytes(slice);
            expected.writeBytes(new byte[] {0, 0, 0, 4});
            expected.writeBytes(slice);
        }
        byte[] ts = TsBuilder.concat(program(0x1B, 0x100),
                new TsBuilder().pes(0x100, 0xE0, 900_000, es.toByteArray()).bytes());

        DemuxResult r = TsDemuxer.demux(ts);

        Sample s = r.samples(1).getFirst();
        assertThat(s.sync()).isTrue();
        assertThat(s.decodeTime()).isEqualTo(900_000);
        assertThat(s.duration()).isEqualTo(3000); // SPS without timing info: the 30 fps default
        Fixtures.assertSameBytes(Fixtures.bytes(s), expected.toByteArray());
    }

    @Test
    void fourByteStartCodesAndFillerAreRewrittenInPlace() {
        byte[] slice = {0x41, (byte) 0x9a, 0x00, 0x00, 0x03, 0x01, (byte) 0x80}; // non-IDR, emulation prevention kept
        byte[] sei = {0x06, 0x04, 0x01, 0x00, (byte) 0x80};
        byte[] es = TsBuilder.concat(new byte[] {0, 0, 0, 1, 0x09, (byte) 0xF0}, new byte[] {0, 0, 0, 1}, SPS,
                new byte[] {0, 0, 0, 1}, PPS, new byte[] {0, 0, 0, 1}, sei, new byte[] {0, 0, 0, 1, 0x0C, (byte) 0xFF,
                        (byte) 0x80}, new byte[] {0, 0, 0, 1}, slice, new byte[] {0, 0});
        byte[] ts = TsBuilder.concat(program(0x1B, 0x100), new TsBuilder().pes(0x100, 0xE0, 1000, es).bytes());

        DemuxResult r = TsDemuxer.demux(ts);

        Sample s = r.samples(1).getFirst();
        assertThat(s.sync()).isFalse();
        assertThat(s.offset()).isZero();
        assertThat(s.data().length).isGreaterThan(s.length()); // the PES buffer itself, not a copy
        Fixtures.assertSameBytes(Fixtures.bytes(s), TsBuilder.concat(new byte[] {0, 0, 0, 5}, sei,
                new byte[] {0, 0, 0, 7}, slice));
        TrackFormat f = r.tracks().getFirst();
        assertThat(f.codec()).isEqualTo("avc1.4d401f");
    }

    @Test
    void id3TimedMetadataIsKeptWithItsPts() {
        byte[] tag = "ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        byte[] ts = TsBuilder.concat(program(0x15, 0x102),
                new TsBuilder().pes(0x102, 0xBD, 123_456, tag).bytes());

        DemuxResult r = TsDemuxer.demux(ts);

        assertThat(r.tracks()).isEmpty();
        assertThat(r.id3()).hasSize(1);
        assertThat(r.id3().getFirst().pts()).isEqualTo(123_456);
        assertThat(r.id3().getFirst().data()).isEqualTo(tag);
    }

    @Test
    void listenerSeesTheTrackBeforeItsSamples() {
        byte[] ts = Fixtures.load("aac_only_44k_stereo.ts");
        List<String> events = new ArrayList<>();
        TsDemuxer d = new TsDemuxer(new TsDemuxer.Listener() {
            @Override
            public void onTrack(TrackFormat format) {
                events.add("track " + format.trackId());
            }

            @Override
            public void onSample(Sample sample) {
                events.add("sample");
            }
        });
        d.feed(ts, 0, ts.length);
        d.flush();

        assertThat(events.getFirst()).isEqualTo("track 1");
        assertThat(events).hasSize(1 + 88).filteredOn("sample"::equals).hasSize(88);
        assertThat(d.samples(1)).isEmpty(); // streaming mode does not collect
        assertThat(d.tracks()).hasSize(1);
    }

}
