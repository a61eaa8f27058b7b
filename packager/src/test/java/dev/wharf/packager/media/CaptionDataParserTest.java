package dev.wharf.packager.media;

import static dev.wharf.packager.media.CaptionFixtures.cc608;
import static dev.wharf.packager.media.CaptionFixtures.dtvcc;
import static dev.wharf.packager.media.CaptionFixtures.padding608;
import static dev.wharf.packager.media.CaptionFixtures.seiRbsp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionDataParserTest {

    private static ClosedCaptions parse(byte[]... seis) {
        CaptionDataParser p = new CaptionDataParser();
        for (byte[] s : seis) {
            p.sei(s, 0, s.length);
        }
        return p.result();
    }

    @Test
    void cea608ChannelsComeFromTheFieldAndTheControlCodes() {
        // CC1: resume caption loading (0x14 0x20), "Hi", end of caption (0x14 0x2F)
        assertThat(parse(seiRbsp(cc608(0, 0x14, 0x20), cc608(0, 'H', 'i'), cc608(0, 0x14, 0x2F))))
                .isEqualTo(new ClosedCaptions(List.of(1), List.of()));
        // CC2 uses 0x1C on field 1; CC3 0x15 on field 2; CC4 0x1D on field 2
        assertThat(parse(seiRbsp(cc608(0, 0x1C, 0x20), cc608(0, 'A', 'B')),
                seiRbsp(cc608(1, 0x15, 0x20)), seiRbsp(cc608(1, 0x1D, 0x2C))).cea608Channels())
                .containsExactly(2, 3, 4);
        // characters belong to the channel of the last control code, across SEI messages
        assertThat(parse(seiRbsp(cc608(0, 0x1C, 0x20)), seiRbsp(cc608(0, 'x', 'y'))).cea608Channels())
                .containsExactly(2);
    }

    @Test
    void paddingInvalidPairsAndXdsAreNoCaptions() {
        assertThat(parse(seiRbsp(padding608(), padding608()))).isEqualTo(ClosedCaptions.NONE);
        byte[] invalid = cc608(0, 0x14, 0x20);
        invalid[0] = (byte) 0xF8; // cc_valid 0
        assertThat(parse(seiRbsp(invalid)).present()).isFalse();
        // XDS (0x01..0x0F on field 2) is not a caption channel
        assertThat(parse(seiRbsp(cc608(1, 0x01, 0x03), cc608(1, 0x0F, 0x1D))).present()).isFalse();
    }

    @Test
    void cea708ServicesComeFromTheServiceBlocks() {
        byte[] hello = {'H', 'i', '!'};
        assertThat(parse(seiRbsp(padding608(), dtvcc(0, 1, hello)), seiRbsp(dtvcc(1, 2, hello))))
                .isEqualTo(new ClosedCaptions(List.of(), List.of(1, 2)));
        // extended service numbers (7..63) carry their number in a second byte
        assertThat(parse(seiRbsp(dtvcc(0, 12, hello))).cea708Services()).containsExactly(12);
        // 608 and 708 together
        assertThat(parse(seiRbsp(cc608(0, 0x14, 0x20), dtvcc(2, 1, hello))))
                .isEqualTo(new ClosedCaptions(List.of(1), List.of(1)));
    }

    @Test
    void aPacketSplitOverTwoSeiMessagesIsReassembled() {
        byte[] triplets = dtvcc(0, 3, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        int half = triplets.length / 3 / 2 * 3;
        assertThat(parse(seiRbsp(java.util.Arrays.copyOfRange(triplets, 0, half)),
                seiRbsp(java.util.Arrays.copyOfRange(triplets, half, triplets.length))).cea708Services())
                .containsExactly(3);
    }

    @Test
    void otherUserDataAndMalformedSeiAreIgnored() {
        byte[] notGa94 = seiRbsp(cc608(0, 0x14, 0x20));
        notGa94[3] = 'X'; // user identifier "XA94"
        assertThat(parse(notGa94).present()).isFalse();
        byte[] truncated = seiRbsp(cc608(0, 0x14, 0x20));
        assertThat(parse(java.util.Arrays.copyOf(truncated, 9)).present()).isFalse();
        assertThat(parse(new byte[] {(byte) 0xFF, (byte) 0xFF}).present()).isFalse();
        assertThat(parse(new byte[0]).present()).isFalse();
        // another SEI message (type 5, user_data_unregistered) before the captions is skipped over
        byte[] captions = seiRbsp(cc608(0, 0x14, 0x20));
        byte[] both = new byte[3 + captions.length];
        both[0] = 5;
        both[1] = 1;
        both[2] = 0x42;
        System.arraycopy(captions, 0, both, 3, captions.length);
        assertThat(parse(both).cea608Channels()).containsExactly(1);
    }
}
