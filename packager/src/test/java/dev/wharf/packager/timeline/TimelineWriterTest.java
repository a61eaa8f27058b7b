package dev.wharf.packager.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.packager.channel.Channel;
import dev.wharf.packager.hls.MediaPlaylist;
import dev.wharf.packager.hls.PlaylistParseException;
import dev.wharf.packager.hls.PlaylistParser;
import dev.wharf.packager.store.ChannelKey;
import dev.wharf.packager.store.InMemorySegmentStore;
import dev.wharf.packager.store.RenditionState;
import dev.wharf.packager.store.SegmentStore;
import dev.wharf.packager.store.SegmentVersions;
import dev.wharf.packager.store.TimelineEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TimelineWriterTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final long NOW_MS = NOW.toEpochMilli();
    private static final String INPUT = "primary";
    private static final String RENDITION = "video/index.m3u8";
    private static final Channel CHANNEL = new Channel(new ChannelKey("default", "demo"), "test", List.of(), List.of(),
            Duration.ofMinutes(10));

    private final InMemorySegmentStore store = new InMemorySegmentStore(Clock.fixed(NOW, ZoneOffset.UTC));
    private final Map<String, Long> stored = new HashMap<>();
    private final ToLongFunction<String> storedSize = f -> stored.getOrDefault(f, -1L);
    private final List<ChannelKey> published = new CopyOnWriteArrayList<>();

    {
        store.onChange(published::add);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private TimelineWriter writer() {
        return writer(NOW_MS);
    }

    private TimelineWriter writer(long nowMillis) {
        return new TimelineWriter(store, Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC));
    }

    static MediaPlaylist playlist(String... lines) {
        try {
            return (MediaPlaylist) PlaylistParser.parse("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n"
                    + String.join("\n", lines) + "\n");
        } catch (PlaylistParseException e) {
            throw new AssertionError(e);
        }
    }

    /** A live playlist of segments {@code segN.ts} (N = from..to), 2 s each. */
    static MediaPlaylist live(long from, long to) {
        List<String> lines = new ArrayList<>();
        lines.add("#EXT-X-MEDIA-SEQUENCE:" + from);
        for (long n = from; n <= to; n++) {
            lines.add("#EXTINF:2.000,");
            lines.add("seg" + n + ".ts");
        }
        return playlist(lines.toArray(String[]::new));
    }

    private void store(String... files) {
        for (String f : files) {
            stored.put(f, 1000L + f.length());
        }
    }

    private void storeSegs(String prefix, long from, long to) {
        for (long n = from; n <= to; n++) {
            store(prefix + "seg" + n + ".ts");
        }
    }

    private TimelineWriter.Update apply(MediaPlaylist p) {
        return writer().apply(CHANNEL, INPUT, RENDITION, p, storedSize);
    }

    private List<TimelineEntry> timeline() {
        return store.entries(CHANNEL.key(), INPUT, RENDITION, 0, 10_000);
    }

    private RenditionState state() {
        return store.renditionState(CHANNEL.key(), INPUT, RENDITION);
    }

    private static List<Long> sequences(List<TimelineEntry> entries) {
        return entries.stream().map(TimelineEntry::sequence).toList();
    }

    private static List<String> files(List<TimelineEntry> entries) {
        return entries.stream().map(TimelineEntry::file).toList();
    }

    @Nested
    class Appending {
        @Test
        void firstPlaylistAppendsEveryStoredSegmentFromOutputSequenceZero() {
            storeSegs("video/", 100, 102);
            MediaPlaylist p = playlist("#EXT-X-MEDIA-SEQUENCE:100",
                    "#EXTINF:2.002,", "seg100.ts",
                    "#EXTINF:2.002,", "seg101.ts",
                    "#EXTINF:1.5,", "seg102.ts");

            TimelineWriter.Update u = apply(p);

            assertThat(u).isEqualTo(new TimelineWriter.Update(3, false, false, 0));
            assertThat(u.changed()).isTrue();
            List<TimelineEntry> t = timeline();
            assertThat(sequences(t)).containsExactly(0L, 1L, 2L);
            assertThat(files(t)).containsExactly("video/seg100.ts", "video/seg101.ts", "video/seg102.ts");
            assertThat(t).extracting(TimelineEntry::durationMicros).containsExactly(2_002_000L, 2_002_000L, 1_500_000L);
            assertThat(t).extracting(TimelineEntry::discontinuity).containsOnly(false);
            assertThat(t).extracting(TimelineEntry::discontinuitySequence).containsOnly(0L);
            assertThat(t).extracting(TimelineEntry::sizeBytes)
                    .containsExactly(stored.get("video/seg100.ts"), stored.get("video/seg101.ts"), stored.get("video/seg102.ts"));
            assertThat(t).extracting(TimelineEntry::ingestedAtMillis).containsOnly(NOW_MS);
            assertThat(t).extracting(TimelineEntry::tags).containsOnly(List.of());

            assertThat(state()).isEqualTo(new RenditionState(1, 3, 102, "video/seg102.ts", 0, 2_002_000, false, NOW_MS));
            assertThat(published).containsExactly(CHANNEL.key());
        }

        @Test
        void slidingPlaylistAppendsOnlyTheNewSegments() {
            storeSegs("video/", 0, 6);
            apply(live(0, 3));
            TimelineWriter.Update u = apply(live(2, 6));

            assertThat(u).isEqualTo(new TimelineWriter.Update(3, false, false, 0));
            assertThat(sequences(timeline())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(files(timeline())).containsExactly("video/seg0.ts", "video/seg1.ts", "video/seg2.ts",
                    "video/seg3.ts", "video/seg4.ts", "video/seg5.ts", "video/seg6.ts");
            assertThat(state().version()).isEqualTo(2);
            assertThat(state().lastIngestSequence()).isEqualTo(6);
            assertThat(state().nextSequence()).isEqualTo(7);
        }

        @Test
        void outputSequenceIsIndependentOfTheEncodersNumbering() {
            storeSegs("video/", 5000, 5003);
            apply(live(5000, 5001));
            apply(live(5001, 5003));
            assertThat(sequences(timeline())).containsExactly(0L, 1L, 2L, 3L);
        }

        @Test
        void samePlaylistAgainChangesNothing() {
            storeSegs("video/", 0, 2);
            apply(live(0, 2));
            RenditionState before = state();
            published.clear();

            TimelineWriter.Update u = apply(live(0, 2));

            assertThat(u).isEqualTo(new TimelineWriter.Update(0, false, false, 0));
            assertThat(u.changed()).isFalse();
            assertThat(state()).isEqualTo(before);
            assertThat(timeline()).hasSize(3);
            assertThat(published).isEmpty();
        }

        @Test
        void emptyPlaylistChangesNothing() {
            TimelineWriter.Update u = apply(playlist());
            assertThat(u).isEqualTo(new TimelineWriter.Update(0, false, false, 0));
            assertThat(state()).isEqualTo(RenditionState.EMPTY);
        }

        @Test
        void maxDurationIsTheLongestSegmentEverSeenAndNeverShrinks() {
            store("video/a.ts", "video/b.ts", "video/c.ts", "video/d.ts");
            apply(playlist("#EXTINF:2.0,", "a.ts", "#EXTINF:6.006,", "b.ts"));
            assertThat(state().maxDurationMicros()).isEqualTo(6_006_000);
            apply(playlist("#EXT-X-MEDIA-SEQUENCE:1", "#EXTINF:6.006,", "b.ts", "#EXTINF:1.0,", "c.ts"));
            assertThat(state().maxDurationMicros()).isEqualTo(6_006_000);
            apply(playlist("#EXT-X-MEDIA-SEQUENCE:2", "#EXTINF:1.0,", "c.ts", "#EXTINF:7.5,", "d.ts"));
            assertThat(state().maxDurationMicros()).isEqualTo(7_500_000);
        }

        @Test
        void entriesOfOtherRenditionsAndInputsAreSeparate() {
            storeSegs("video/", 0, 1);
            storeSegs("audio/", 0, 0);
            writer().apply(CHANNEL, INPUT, RENDITION, live(0, 1), storedSize);
            writer().apply(CHANNEL, INPUT, "audio/index.m3u8", live(0, 0), storedSize);
            writer().apply(CHANNEL, "secondary", RENDITION, live(0, 0), storedSize);

            assertThat(sequences(timeline())).containsExactly(0L, 1L);
            assertThat(files(store.entries(CHANNEL.key(), INPUT, "audio/index.m3u8", 0, 10))).containsExactly("audio/seg0.ts");
            assertThat(files(store.entries(CHANNEL.key(), "secondary", RENDITION, 0, 10))).containsExactly("video/seg0.ts");
        }
    }

    @Nested
    class WaitingForBytes {
        @Test
        void segmentWithoutBytesWaitsWithEverythingAfterIt() {
            store("video/seg0.ts", "video/seg1.ts", "video/seg3.ts");

            TimelineWriter.Update u = apply(live(0, 3));

            assertThat(u).isEqualTo(new TimelineWriter.Update(2, false, false, 2));
            assertThat(files(timeline())).containsExactly("video/seg0.ts", "video/seg1.ts");
            assertThat(state().lastIngestSequence()).isEqualTo(1);

            store("video/seg2.ts");
            TimelineWriter.Update next = apply(live(0, 3));

            assertThat(next).isEqualTo(new TimelineWriter.Update(2, false, false, 0));
            assertThat(sequences(timeline())).containsExactly(0L, 1L, 2L, 3L);
            assertThat(files(timeline())).containsExactly("video/seg0.ts", "video/seg1.ts", "video/seg2.ts", "video/seg3.ts");
        }

        @Test
        void nothingEntersWhileTheFirstNewSegmentIsMissing() {
            store("video/seg1.ts");
            TimelineWriter.Update u = apply(live(0, 1));

            assertThat(u).isEqualTo(new TimelineWriter.Update(0, false, false, 2));
            assertThat(timeline()).isEmpty();
            assertThat(state()).isEqualTo(RenditionState.EMPTY);
            assertThat(published).isEmpty();
        }

        @Test
        void storedSizeIsAskedWithTheResolvedPath() {
            List<String> asked = new ArrayList<>();
            writer().apply(CHANNEL, INPUT, "a/b/index.m3u8",
                    playlist("#EXTINF:2,", "x.ts", "#EXTINF:2,", "../y.ts", "#EXTINF:2,", "/in/v2/default/demo/primary/z/w.ts?t=1"),
                    f -> {
                        asked.add(f);
                        return 10;
                    });
            assertThat(asked).containsExactly("a/b/x.ts", "a/y.ts", "z/w.ts");
        }
    }

    @Nested
    class Restarts {
        @Test
        void mediaSequenceGoingBackAppendsADiscontinuityAndKeepsNumbering() {
            storeSegs("video/", 100, 102);
            apply(live(100, 102));
            stored.put("video/seg0.ts", 5000L);
            stored.put("video/seg1.ts", 5001L);

            TimelineWriter.Update u = apply(live(0, 1));

            assertThat(u).isEqualTo(new TimelineWriter.Update(2, true, false, 0));
            List<TimelineEntry> t = timeline();
            assertThat(sequences(t)).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(files(t)).containsExactly("video/seg100.ts", "video/seg101.ts", "video/seg102.ts",
                    "video/seg0.ts", "video/seg1.ts");
            assertThat(t).extracting(TimelineEntry::discontinuity).containsExactly(false, false, false, true, false);
            assertThat(t).extracting(TimelineEntry::discontinuitySequence).containsExactly(0L, 0L, 0L, 1L, 1L);
            assertThat(state().discontinuityCount()).isEqualTo(1);
            assertThat(state().lastIngestSequence()).isEqualTo(1);
            assertThat(state().lastFile()).isEqualTo("video/seg1.ts");

            // the restarted encoder goes on: no further discontinuity
            stored.put("video/seg2.ts", 5002L);
            TimelineWriter.Update more = apply(live(0, 2));
            assertThat(more).isEqualTo(new TimelineWriter.Update(1, false, false, 0));
            assertThat(timeline().get(5)).extracting(TimelineEntry::sequence, TimelineEntry::file,
                    TimelineEntry::discontinuity, TimelineEntry::discontinuitySequence)
                    .containsExactly(5L, "video/seg2.ts", false, 1L);
        }

        @Test
        void sameSequenceWithAnotherFileIsARestart() {
            storeSegs("video/", 10, 12);
            apply(live(10, 12));
            store("video/run2-12.ts");

            TimelineWriter.Update u = apply(playlist("#EXT-X-MEDIA-SEQUENCE:12", "#EXTINF:2,", "run2-12.ts"));

            assertThat(u.restarted()).isTrue();
            assertThat(u.appended()).isEqualTo(1);
            TimelineEntry last = timeline().get(3);
            assertThat(last.sequence()).isEqualTo(3);
            assertThat(last.file()).isEqualTo("video/run2-12.ts");
            assertThat(last.discontinuity()).isTrue();
            assertThat(last.discontinuitySequence()).isEqualTo(1);
        }

        @Test
        void aRestartReusingTheOldRunsNamesLeavesTheOldEntriesOnTheOldBytes() {
            SegmentVersions versions = new SegmentVersions(store);
            for (int n = 0; n <= 2; n++) {
                versions.put(CHANNEL.key(), INPUT, "video/seg" + n + ".ts", new byte[] {1, (byte) n}, CHANNEL.retention());
            }
            applyVersioned(versions, live(0, 2));
            // the restarted encoder PUTs seg0.ts and seg1.ts again, with other media
            for (int n = 0; n <= 1; n++) {
                versions.put(CHANNEL.key(), INPUT, "video/seg" + n + ".ts", new byte[] {2, (byte) n}, CHANNEL.retention());
            }
            TimelineWriter.Update u = applyVersioned(versions, live(0, 1));

            assertThat(u).isEqualTo(new TimelineWriter.Update(2, true, false, 0));
            List<TimelineEntry> t = timeline();
            assertThat(t).extracting(e -> SegmentVersions.name(e.file())).containsExactly("video/seg0.ts",
                    "video/seg1.ts", "video/seg2.ts", "video/seg0.ts", "video/seg1.ts");
            assertThat(t).extracting(e -> store.getFile(CHANNEL.key(), INPUT, e.file()).orElseThrow()[0])
                    .containsExactly((byte) 1, (byte) 1, (byte) 1, (byte) 2, (byte) 2);
            assertThat(t).extracting(TimelineEntry::discontinuity).containsExactly(false, false, false, true, false);
            assertThat(state().lastFile()).isEqualTo("video/seg1.ts");

            // an encoder retry PUTs seg1.ts again, same bytes: the same playlist again changes nothing
            versions.put(CHANNEL.key(), INPUT, "video/seg1.ts", new byte[] {2, 1}, CHANNEL.retention());
            assertThat(applyVersioned(versions, live(0, 1))).isEqualTo(new TimelineWriter.Update(0, false, false, 0));
            assertThat(timeline()).isEqualTo(t);
        }

        private TimelineWriter.Update applyVersioned(SegmentVersions versions, MediaPlaylist p) {
            return writer().apply(CHANNEL, INPUT, RENDITION, p,
                    name -> versions.current(CHANNEL.key(), INPUT, name).orElse(null),
                    key -> store.getFile(CHANNEL.key(), INPUT, key).map(b -> (long) b.length).orElse(-1L),
                    init -> null, (key, init) -> -1);
        }

        @Test
        void everyRestartCountsOneDiscontinuity() {
            storeSegs("video/", 0, 5);
            apply(live(3, 5));
            apply(live(0, 1)); // restart 1
            apply(live(0, 0)); // restart 2: went back again
            List<TimelineEntry> t = timeline();
            assertThat(sequences(t)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(t).extracting(TimelineEntry::discontinuity).containsExactly(false, false, false, true, false, true);
            assertThat(t).extracting(TimelineEntry::discontinuitySequence).containsExactly(0L, 0L, 0L, 1L, 1L, 2L);
            assertThat(state().discontinuityCount()).isEqualTo(2);
        }

        @Test
        void restartWhoseFirstSegmentHasNoBytesYetWaitsAndKeepsTheDiscontinuity() {
            storeSegs("video/", 50, 51);
            apply(live(50, 51));

            TimelineWriter.Update u = apply(live(0, 1));
            assertThat(u).isEqualTo(new TimelineWriter.Update(0, false, false, 2)); // nothing changed yet
            assertThat(timeline()).hasSize(2);

            storeSegs("video/", 0, 1);
            stored.put("video/seg0.ts", 7L); // overwritten by the restarted encoder
            TimelineWriter.Update later = apply(live(0, 1));
            assertThat(later).isEqualTo(new TimelineWriter.Update(2, true, false, 0));
            assertThat(timeline()).extracting(TimelineEntry::discontinuity).containsExactly(false, false, true, false);
            assertThat(timeline()).extracting(TimelineEntry::discontinuitySequence).containsExactly(0L, 0L, 1L, 1L);
            assertThat(timeline().get(2).sizeBytes()).isEqualTo(7L);
        }

        @Test
        void sourceDiscontinuityOnTheFirstSegmentOfARestartCountsOnce() {
            storeSegs("video/", 0, 3);
            apply(live(2, 3));
            apply(playlist("#EXT-X-DISCONTINUITY", "#EXTINF:2,", "seg0.ts", "#EXT-X-DISCONTINUITY", "#EXTINF:2,", "seg1.ts"));
            // seg0: the restart and the encoder's tag are one discontinuity; seg1: the encoder's own
            List<TimelineEntry> t = timeline();
            assertThat(t).extracting(TimelineEntry::discontinuity).containsExactly(false, false, true, true);
            assertThat(t).extracting(TimelineEntry::discontinuitySequence).containsExactly(0L, 0L, 1L, 2L);
            assertThat(state().discontinuityCount()).isEqualTo(2);
        }
    }

    @Nested
    class SourceDiscontinuities {
        @Test
        void discontinuityTagCarriesThroughAndIsCounted() {
            storeSegs("video/", 0, 4);
            apply(playlist("#EXTINF:2,", "seg0.ts", "#EXTINF:2,", "seg1.ts",
                    "#EXT-X-DISCONTINUITY", "#EXTINF:2,", "seg2.ts", "#EXTINF:2,", "seg3.ts"));
            apply(playlist("#EXT-X-MEDIA-SEQUENCE:2", "#EXT-X-DISCONTINUITY-SEQUENCE:1",
                    "#EXTINF:2,", "seg2.ts", "#EXTINF:2,", "seg3.ts", "#EXT-X-DISCONTINUITY", "#EXTINF:2,", "seg4.ts"));

            List<TimelineEntry> t = timeline();
            assertThat(t).extracting(TimelineEntry::discontinuity).containsExactly(false, false, true, false, true);
            assertThat(t).extracting(TimelineEntry::discontinuitySequence).containsExactly(0L, 0L, 1L, 1L, 2L);
            assertThat(state().discontinuityCount()).isEqualTo(2);
        }

        @Test
        void discontinuityBeforeTheVeryFirstSegmentIsDropped() {
            storeSegs("video/", 0, 1);
            apply(playlist("#EXT-X-DISCONTINUITY", "#EXTINF:2,", "seg0.ts", "#EXTINF:2,", "seg1.ts"));
            assertThat(timeline()).extracting(TimelineEntry::discontinuity).containsExactly(false, false);
            assertThat(timeline()).extracting(TimelineEntry::discontinuitySequence).containsExactly(0L, 0L);
            assertThat(state().discontinuityCount()).isZero();
        }

        @Test
        void discontinuityOnAWaitingSegmentComesWithItLater() {
            store("video/seg0.ts");
            MediaPlaylist p = playlist("#EXTINF:2,", "seg0.ts", "#EXT-X-DISCONTINUITY", "#EXTINF:2,", "seg1.ts");
            apply(p);
            assertThat(state().discontinuityCount()).isZero();
            store("video/seg1.ts");
            apply(p);
            assertThat(timeline()).extracting(TimelineEntry::discontinuity).containsExactly(false, true);
            assertThat(timeline()).extracting(TimelineEntry::discontinuitySequence).containsExactly(0L, 1L);
        }
    }

    @Nested
    class EndList {
        @Test
        void endListMarksTheRenditionEnded() {
            storeSegs("video/", 0, 1);
            TimelineWriter.Update u = apply(playlist("#EXTINF:2,", "seg0.ts", "#EXTINF:2,", "seg1.ts", "#EXT-X-ENDLIST"));
            assertThat(u).isEqualTo(new TimelineWriter.Update(2, false, true, 0));
            assertThat(state().ended()).isTrue();
        }

        @Test
        void endListAloneAfterTheSegmentsEndsWithoutAppending() {
            storeSegs("video/", 0, 1);
            apply(live(0, 1));
            published.clear();
            long version = state().version();

            TimelineWriter.Update u = apply(playlist("#EXTINF:2,", "seg0.ts", "#EXTINF:2,", "seg1.ts", "#EXT-X-ENDLIST"));

            assertThat(u).isEqualTo(new TimelineWriter.Update(0, false, true, 0));
            assertThat(u.changed()).isFalse();
            assertThat(state().ended()).isTrue();
            assertThat(state().version()).isEqualTo(version + 1);
            assertThat(state().nextSequence()).isEqualTo(2);
            assertThat(state().lastIngestSequence()).isEqualTo(1);
            assertThat(timeline()).hasSize(2);
            assertThat(published).containsExactly(CHANNEL.key()); // manifests must now carry EXT-X-ENDLIST

            // repeated: nothing to do
            published.clear();
            TimelineWriter.Update again = apply(playlist("#EXTINF:2,", "seg0.ts", "#EXTINF:2,", "seg1.ts", "#EXT-X-ENDLIST"));
            assertThat(again).isEqualTo(new TimelineWriter.Update(0, false, true, 0));
            assertThat(state().version()).isEqualTo(version + 1);
            assertThat(published).isEmpty();
        }

        @Test
        void endListIsNotAppliedWhileSegmentsWait() {
            store("video/seg0.ts");
            TimelineWriter.Update u = apply(playlist("#EXTINF:2,", "seg0.ts", "#EXTINF:2,", "seg1.ts", "#EXT-X-ENDLIST"));
            assertThat(u).isEqualTo(new TimelineWriter.Update(1, false, false, 1));
            assertThat(state().ended()).isFalse();
        }

        @Test
        void newSegmentsAfterTheEndUnEndIt() {
            storeSegs("video/", 0, 2);
            apply(playlist("#EXTINF:2,", "seg0.ts", "#EXTINF:2,", "seg1.ts", "#EXT-X-ENDLIST"));
            assertThat(state().ended()).isTrue();

            TimelineWriter.Update u = apply(live(0, 2));

            assertThat(u).isEqualTo(new TimelineWriter.Update(1, false, false, 0));
            assertThat(state().ended()).isFalse();
            assertThat(sequences(timeline())).containsExactly(0L, 1L, 2L);
        }

        @Test
        void restartAfterTheEndUnEndsIt() {
            storeSegs("video/", 0, 2);
            apply(playlist("#EXT-X-MEDIA-SEQUENCE:1", "#EXTINF:2,", "seg1.ts", "#EXTINF:2,", "seg2.ts", "#EXT-X-ENDLIST"));
            TimelineWriter.Update u = apply(live(0, 0));
            assertThat(u).isEqualTo(new TimelineWriter.Update(1, true, false, 0));
            assertThat(state().ended()).isFalse();
            assertThat(timeline().get(2).discontinuity()).isTrue();
        }
    }

    @Nested
    class ProgramDateTime {
        @Test
        void sourceProgramDateTimeIsKept() {
            storeSegs("video/", 0, 1);
            apply(playlist(
                    "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T11:00:00.000Z", "#EXTINF:2,", "seg0.ts",
                    "#EXTINF:2,", "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T11:00:02.500+00:00", "seg1.ts"));
            assertThat(timeline()).extracting(TimelineEntry::programDateTimeMillis).containsExactly(
                    Instant.parse("2024-05-01T11:00:00Z").toEpochMilli(), Instant.parse("2024-05-01T11:00:02.500Z").toEpochMilli());
        }

        @Test
        void withoutSourceProgramDateTimeTheNewestSegmentEndsNow() {
            storeSegs("video/", 0, 2);
            apply(playlist("#EXTINF:2.002,", "seg0.ts", "#EXTINF:2.5,", "seg1.ts", "#EXTINF:1.0005,", "seg2.ts"));
            // 2.002 + 2.5 + 1.0005 = 5.5025 s before now
            assertThat(timeline()).extracting(TimelineEntry::programDateTimeMillis)
                    .containsExactly(NOW_MS - 5502, NOW_MS - 3500, NOW_MS - 1000);
        }

        @Test
        void derivedTimesUseTheClockOfEachPlaylist() {
            storeSegs("video/", 0, 3);
            writer(NOW_MS).apply(CHANNEL, INPUT, RENDITION, live(0, 1), storedSize);
            writer(NOW_MS + 4000).apply(CHANNEL, INPUT, RENDITION, live(0, 3), storedSize);
            assertThat(timeline()).extracting(TimelineEntry::programDateTimeMillis)
                    .containsExactly(NOW_MS - 4000, NOW_MS - 2000, NOW_MS, NOW_MS + 2000);
            assertThat(timeline()).extracting(TimelineEntry::ingestedAtMillis)
                    .containsExactly(NOW_MS, NOW_MS, NOW_MS + 4000, NOW_MS + 4000);
            assertThat(state().updatedAtMillis()).isEqualTo(NOW_MS + 4000);
        }

        @Test
        void waitingSegmentsDoNotShiftTheDerivedTimes() {
            store("video/seg0.ts", "video/seg1.ts");
            apply(live(0, 2));
            // the newest segment that entered ends now
            assertThat(timeline()).extracting(TimelineEntry::programDateTimeMillis).containsExactly(NOW_MS - 4000, NOW_MS - 2000);
        }

        @Test
        void sourceTimesAndDerivedTimesMix() {
            storeSegs("video/", 0, 1);
            apply(playlist("#EXT-X-PROGRAM-DATE-TIME:2024-05-01T11:00:00Z", "#EXTINF:2,", "seg0.ts", "#EXTINF:2,", "seg1.ts"));
            assertThat(timeline()).extracting(TimelineEntry::programDateTimeMillis)
                    .containsExactly(Instant.parse("2024-05-01T11:00:00Z").toEpochMilli(), NOW_MS - 2000);
        }
    }

    @Nested
    class CueTags {
        @Test
        void cueAndDateRangeTagsStayWithTheirSegment() {
            storeSegs("video/", 0, 3);
            String daterange = "#EXT-X-DATERANGE:ID=\"ad-1\",START-DATE=\"2024-05-01T11:59:56Z\",DURATION=4.0,SCTE35-OUT=0xFC30";
            apply(playlist(
                    "#EXTINF:2,", "seg0.ts",
                    daterange, "#EXT-X-CUE-OUT:4.0", "#EXTINF:2,", "seg1.ts",
                    "#EXT-X-CUE-OUT-CONT:ElapsedTime=2.0,Duration=4.0", "#EXTINF:2,", "seg2.ts",
                    "#EXT-X-CUE-IN", "#EXTINF:2,", "seg3.ts"));
            assertThat(timeline()).extracting(TimelineEntry::tags).containsExactly(
                    List.of(),
                    List.of(daterange, "#EXT-X-CUE-OUT:4.0"),
                    List.of("#EXT-X-CUE-OUT-CONT:ElapsedTime=2.0,Duration=4.0"),
                    List.of("#EXT-X-CUE-IN"));
        }
    }

    @Nested
    class Concurrency {
        /** Delegates to a store, running {@code beforeFirstAppend} once, just before the first append. */
        private static class InterleavingStore implements SegmentStore {
            private final SegmentStore d;
            private Runnable beforeFirstAppend;
            final AtomicInteger appends = new AtomicInteger();
            final AtomicInteger conflicts = new AtomicInteger();

            InterleavingStore(SegmentStore d, Runnable beforeFirstAppend) {
                this.d = d;
                this.beforeFirstAppend = beforeFirstAppend;
            }

            @Override
            public boolean append(ChannelKey c, String i, String r, RenditionState expected, RenditionState next,
                                  List<TimelineEntry> entries, Duration ttl) {
                Runnable hook = beforeFirstAppend;
                beforeFirstAppend = null;
                if (hook != null) {
                    hook.run();
                }
                appends.incrementAndGet();
                boolean ok = d.append(c, i, r, expected, next, entries, ttl);
                if (!ok) {
                    conflicts.incrementAndGet();
                }
                return ok;
            }

            @Override public void putFile(ChannelKey c, String i, String f, byte[] b, Duration t) { d.putFile(c, i, f, b, t); }
            @Override public void putFiles(ChannelKey c, String i, Map<String, byte[]> f, Duration t) { d.putFiles(c, i, f, t); }
            @Override public Optional<byte[]> getFile(ChannelKey c, String i, String f) { return d.getFile(c, i, f); }
            @Override public void putMeta(ChannelKey c, String i, String f, String v, Duration t) { d.putMeta(c, i, f, v, t); }
            @Override public String putMetaIfAbsent(ChannelKey c, String i, String f, String v, Duration t) { return d.putMetaIfAbsent(c, i, f, v, t); }
            @Override public Map<String, String> meta(ChannelKey c, String i) { return d.meta(c, i); }
            @Override public RenditionState renditionState(ChannelKey c, String i, String r) { return d.renditionState(c, i, r); }
            @Override public List<TimelineEntry> entries(ChannelKey c, String i, String r, long from, int max) { return d.entries(c, i, r, from, max); }
            @Override public List<TimelineEntry> lastEntries(ChannelKey c, String i, String r, int n) { return d.lastEntries(c, i, r, n); }
            @Override public void trim(ChannelKey c, String i, String r, long before) { d.trim(c, i, r, before); }
            @Override public void resetChannel(ChannelKey c) { d.resetChannel(c); }
            @Override public void publishChange(ChannelKey c) { d.publishChange(c); }
            @Override public void onChange(Consumer<ChannelKey> l) { d.onChange(l); }
            @Override public boolean ping() { return d.ping(); }
            @Override public void close() { d.close(); }
        }

        @Test
        void newerPlaylistLosingTheRaceRetriesAndAppendsOnlyWhatIsNew() {
            storeSegs("video/", 0, 7);
            apply(live(0, 1));
            InterleavingStore racing = new InterleavingStore(store,
                    () -> writer().apply(CHANNEL, INPUT, RENDITION, live(0, 4), storedSize));

            TimelineWriter.Update u = new TimelineWriter(racing, Clock.fixed(NOW, ZoneOffset.UTC))
                    .apply(CHANNEL, INPUT, RENDITION, live(2, 7), storedSize);

            assertThat(racing.conflicts).hasValue(1);
            assertThat(racing.appends).hasValue(2);
            assertThat(u).isEqualTo(new TimelineWriter.Update(3, false, false, 0));
            assertThat(sequences(timeline())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(files(timeline())).containsExactly("video/seg0.ts", "video/seg1.ts", "video/seg2.ts", "video/seg3.ts",
                    "video/seg4.ts", "video/seg5.ts", "video/seg6.ts", "video/seg7.ts");
            assertThat(timeline()).extracting(TimelineEntry::discontinuity).containsOnly(false);
            assertThat(state().discontinuityCount()).isZero();
        }

        @Test
        void olderPlaylistLosingTheRaceIsNotTakenForARestart() {
            storeSegs("video/", 0, 7);
            apply(live(0, 1));
            InterleavingStore racing = new InterleavingStore(store,
                    () -> writer().apply(CHANNEL, INPUT, RENDITION, live(2, 7), storedSize));

            TimelineWriter.Update u = new TimelineWriter(racing, Clock.fixed(NOW, ZoneOffset.UTC))
                    .apply(CHANNEL, INPUT, RENDITION, live(0, 4), storedSize);

            assertThat(racing.conflicts).hasValue(1);
            assertThat(u.appended()).isZero();
            assertThat(u.restarted()).isFalse();
            assertThat(sequences(timeline())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(files(timeline())).doesNotHaveDuplicates();
            assertThat(timeline()).extracting(TimelineEntry::discontinuity).containsOnly(false);
            assertThat(state().lastIngestSequence()).isEqualTo(7);
        }

        @Test
        void givesUpAfterTooManyConflicts() {
            storeSegs("video/", 0, 0);
            SegmentStore alwaysConflicting = new InterleavingStore(store, null) {
                @Override
                public boolean append(ChannelKey c, String i, String r, RenditionState expected, RenditionState next,
                                      List<TimelineEntry> entries, Duration ttl) {
                    return false;
                }
            };
            assertThatThrownBy(() -> new TimelineWriter(alwaysConflicting, Clock.fixed(NOW, ZoneOffset.UTC))
                    .apply(CHANNEL, INPUT, RENDITION, live(0, 0), storedSize))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("default/demo/primary/video/index.m3u8")
                    .hasMessageContaining("16 attempts");
        }

        @Test
        void twoThreadsApplyingTheSamePlaylistsBuildOneGaplessTimeline() throws Exception {
            int rounds = 300;
            storeSegs("video/", 0, rounds + 5);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CyclicBarrier barrier = new CyclicBarrier(2);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    results.add(pool.submit(() -> {
                        int appended = 0;
                        TimelineWriter w = new TimelineWriter(store, Clock.fixed(NOW, ZoneOffset.UTC));
                        for (int k = 0; k < rounds; k++) {
                            barrier.await(10, TimeUnit.SECONDS);
                            // both replicas get the same PUT (a retried upload): a sliding window of 5
                            appended += w.apply(CHANNEL, INPUT, RENDITION, live(Math.max(0, k - 4), k), storedSize).appended();
                        }
                        return appended;
                    }));
                }
                int total = results.get(0).get(60, TimeUnit.SECONDS) + results.get(1).get(60, TimeUnit.SECONDS);
                assertThat(total).isEqualTo(rounds);
            } finally {
                pool.shutdownNow();
            }
            List<TimelineEntry> t = timeline();
            assertThat(t).hasSize(rounds);
            for (int k = 0; k < rounds; k++) {
                assertThat(t.get(k).sequence()).isEqualTo(k);
                assertThat(t.get(k).file()).isEqualTo("video/seg" + k + ".ts");
                assertThat(t.get(k).discontinuity()).isFalse();
            }
            Set<String> unique = new HashSet<>(files(t));
            assertThat(unique).hasSize(rounds);
            assertThat(state().nextSequence()).isEqualTo(rounds);
            assertThat(state().version()).isEqualTo(rounds);
        }
    }
}
