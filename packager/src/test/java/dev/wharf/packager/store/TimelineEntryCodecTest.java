package dev.wharf.packager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimelineEntryCodecTest {

    @Test
    void encodesTheDocumentedFormat() {
        TimelineEntry e = new TimelineEntry(42, "seg42.ts", 6_000_000, false, 3, 1_700_000_000_000L, 123456,
                1_700_000_000_500L, List.of("#EXT-X-CUE-IN"));
        assertThat(new String(TimelineEntryCodec.encode(e), StandardCharsets.UTF_8))
                .isEqualTo("1,42,6000000,0,3,1700000000000,123456,1700000000500,8:seg42.ts,1,13:#EXT-X-CUE-IN,-1,0:");
    }

    @Test
    void anFmp4EntryAppendsItsInitAndATsEntryEncodesAsBefore() {
        TimelineEntry ts = new TimelineEntry(42, "seg42.ts", 6_000_000, false, 3, 1_700_000_000_000L, 123456,
                1_700_000_000_500L, List.of(), 900, "in1");
        String tsText = "1,42,6000000,0,3,1700000000000,123456,1700000000500,8:seg42.ts,0,900,3:in1";
        assertThat(new String(TimelineEntryCodec.encode(ts), StandardCharsets.UTF_8)).isEqualTo(tsText);
        TimelineEntry fmp4 = new TimelineEntry(42, "seg42.m4s", 6_000_000, false, 3, 1_700_000_000_000L, 123456,
                1_700_000_000_500L, List.of(), 900, "in1", "init.mp4@0a1b");
        String text = new String(TimelineEntryCodec.encode(fmp4), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("1,42,6000000,0,3,1700000000000,123456,1700000000500,9:seg42.m4s,0,900,3:in1,13:init.mp4@0a1b");
        assertThat(TimelineEntryCodec.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(fmp4);
        assertThatThrownBy(() -> TimelineEntryCodec.decode((tsText + ",0:").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsAwkwardTagsAndExtremeNumbers() {
        List<String> tags = List.of("", ",", ":", "1:", "3:abc", "#EXT-X-DATERANGE:ID=\"a,b\",X-Y=\"q\\\"z\"",
                "multi\nline\r\nvalue", "tab\tand\u0000nul", "é γ 中 🎬", "\\", "%3A{x}");
        TimelineEntry e = new TimelineEntry(Long.MIN_VALUE, "dir/a,b:c\n.ts", Long.MAX_VALUE, true, Long.MIN_VALUE, -1, 0,
                Long.MIN_VALUE, tags);
        assertThat(TimelineEntryCodec.decode(TimelineEntryCodec.encode(e))).isEqualTo(e);
        TimelineEntry empty = new TimelineEntry(0, "", 0, false, 0, 0, 0, 0, List.of());
        assertThat(TimelineEntryCodec.decode(TimelineEntryCodec.encode(empty))).isEqualTo(empty);
    }

    @Test
    void roundTripsRandomEntries() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            List<String> tags = new ArrayList<>();
            for (int t = r.nextInt(4); t > 0; t--) {
                tags.add(randomString(r));
            }
            TimelineEntry e = new TimelineEntry(r.nextLong(), randomString(r), r.nextLong(), r.nextBoolean(), r.nextLong(),
                    r.nextLong(), r.nextLong(), r.nextLong(), tags, r.nextLong(), randomString(r), r.nextBoolean() ? "" : randomString(r));
            byte[] encoded = TimelineEntryCodec.encode(e);
            assertThat(TimelineEntryCodec.decode(encoded)).isEqualTo(e);
            assertThat(TimelineEntryCodec.encode(e)).as("deterministic").isEqualTo(encoded);
        }
    }

    @Test
    void rejectsMalformedInput() {
        for (String bad : List.of("", "2,1,1,0,1,1,1,0:,0", "1", "1,1,1,2,1,1,1,0:,0", "1,1,1,0,1,1,1,5:ab,0",
                "1,1,1,0,1,1,1,0:,1", "1,1,1,0,1,1,1,0:,0,", "1,x,1,0,1,1,1,0:,0", "1,99999999999999999999,1,0,1,1,1,0:,0",
                "1,1,1,0,1,1,1,0:,-1", "1,1,1,0,1,1,1,0:,0trailing")) {
            assertThatThrownBy(() -> TimelineEntryCodec.decode(bad.getBytes(StandardCharsets.UTF_8)))
                    .as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        String alphabet = "ab,:\n\"\\%{}é中🎬0123456789-";
        for (int n = r.nextInt(12); n > 0; n--) {
            sb.appendCodePoint(alphabet.codePoints().toArray()[r.nextInt((int) alphabet.codePoints().count())]);
        }
        return sb.toString();
    }
}
