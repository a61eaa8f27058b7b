package dev.wharf.packager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The behaviour every {@link SegmentStore} must have. Subclasses supply the store under test; the same
 * tests run against the in-memory store and against a real Redis.
 */
public abstract class SegmentStoreContract {

    protected static final Duration LONG = Duration.ofMinutes(5);
    protected static final Duration SHORT = Duration.ofMillis(300);
    protected static final Duration EXPIRY_WAIT = Duration.ofSeconds(5);

    private final List<SegmentStore> created = new ArrayList<>();
    protected SegmentStore store;
    protected ChannelKey channel;

    /** A new store under test, empty as far as this test can tell. */
    protected abstract SegmentStore createStore();

    /**
     * A second store sharing state with {@code first}, as another packager process would; stores that
     * share nothing across instances (in-memory) return {@code first}.
     */
    protected SegmentStore createPeer(SegmentStore first) {
        return first;
    }

    @BeforeEach
    void setUpStore(TestInfo info) {
        store = track(createStore());
        // a channel per test: tests never see each other's keys even without flushing
        channel = new ChannelKey("ns-" + Long.toHexString(System.nanoTime()), info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void closeStores() {
        Collections.reverse(created);
        created.forEach(SegmentStore::close);
        created.clear();
    }

    protected final SegmentStore track(SegmentStore s) {
        if (!created.contains(s)) {
            created.add(s);
        }
        return s;
    }

    // ------------------------------------------------------------------------------ files

    @Test
    void missingFileIsEmpty() {
        assertThat(store.getFile(channel, "in", "nope.ts")).isEmpty();
    }

    @Test
    void putThenGetFile() {
        store.putFile(channel, "in", "seg1.ts", new byte[] {1, 2, 3}, LONG);
        assertThat(store.getFile(channel, "in", "seg1.ts")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
    }

    @Test
    void putReplacesFile() {
        store.putFile(channel, "in", "index.m3u8", "old".getBytes(), LONG);
        store.putFile(channel, "in", "index.m3u8", "new!".getBytes(), LONG);
        assertThat(store.getFile(channel, "in", "index.m3u8")).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("new!"));
    }

    @Test
    void putFilesStoresEveryFileOfTheSetAndReplacesEarlierBytes() {
        store.putFile(channel, "in", "seg.ts@", "old".getBytes(), LONG);
        Map<String, byte[]> set = new java.util.LinkedHashMap<>();
        set.put("seg.ts@k1", new byte[] {7, 8});
        set.put("seg.ts@", "seg.ts@k1".getBytes());
        store.putFiles(channel, "in", set, LONG);
        assertThat(store.getFile(channel, "in", "seg.ts@k1")).hasValueSatisfying(b -> assertThat(b).containsExactly(7, 8));
        assertThat(store.getFile(channel, "in", "seg.ts@")).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("seg.ts@k1"));
        assertThat(store.getFile(channel, "other", "seg.ts@k1")).isEmpty();
    }

    @Test
    void putFilesExpireWithTheirTtl() {
        store.putFiles(channel, "in", Map.of("a.ts@x", new byte[] {1}, "a.ts@", "a.ts@x".getBytes()), SHORT);
        await().atMost(EXPIRY_WAIT).until(() -> store.getFile(channel, "in", "a.ts@x").isEmpty()
                && store.getFile(channel, "in", "a.ts@").isEmpty());
    }

    @Test
    void segmentVersionsPutNamesTheNewBytesAndKeepsTheOldKeysBytes() {
        SegmentVersions versions = new SegmentVersions(store);
        String first = versions.put(channel, "in", "seg0.ts", new byte[] {1}, LONG);
        String second = versions.put(channel, "in", "seg0.ts", new byte[] {2}, LONG); // an encoder's next run
        assertThat(versions.current(channel, "in", "seg0.ts")).contains(second);
        assertThat(versions.read(channel, "in", "seg0.ts")).hasValueSatisfying(b -> assertThat(b).containsExactly(2));
        assertThat(store.getFile(channel, "in", first)).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
    }

    @Test
    void filesAreScopedByChannelAndInput() {
        ChannelKey other = new ChannelKey(channel.namespace(), channel.name() + "-other");
        store.putFile(channel, "a", "f", new byte[] {1}, LONG);
        store.putFile(channel, "b", "f", new byte[] {2}, LONG);
        store.putFile(other, "a", "f", new byte[] {3}, LONG);
        assertThat(store.getFile(channel, "a", "f")).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
        assertThat(store.getFile(channel, "b", "f")).hasValueSatisfying(b -> assertThat(b).containsExactly(2));
        assertThat(store.getFile(other, "a", "f")).hasValueSatisfying(b -> assertThat(b).containsExactly(3));
    }

    @Test
    void namesWithSeparatorsAndUnicodeDoNotCollide() {
        // would collide in a naive key layout: input "a:file:b" vs input "a" + file "b"
        store.putFile(channel, "a:file:b", "c", new byte[] {1}, LONG);
        store.putFile(channel, "a", "b:c", new byte[] {2}, LONG);
        store.putFile(channel, "in{x}/y", "séγ 1%3A.ts\n", new byte[] {3}, LONG);
        assertThat(store.getFile(channel, "a:file:b", "c")).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
        assertThat(store.getFile(channel, "a", "b:c")).hasValueSatisfying(b -> assertThat(b).containsExactly(2));
        assertThat(store.getFile(channel, "a", "file:b:c")).isEmpty();
        assertThat(store.getFile(channel, "in{x}/y", "séγ 1%3A.ts\n")).hasValueSatisfying(b -> assertThat(b).containsExactly(3));
        assertThat(store.getFile(channel, "in{x}/y", "séγ 1:.ts\n")).isEmpty();
    }

    @Test
    void fileBytesAreBinarySafe() {
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        store.putFile(channel, "in", "bin", all, LONG);
        assertThat(store.getFile(channel, "in", "bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(all));
        store.putFile(channel, "in", "empty", new byte[0], LONG);
        assertThat(store.getFile(channel, "in", "empty")).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void largeFileRoundTrips() {
        byte[] big = new byte[2 * 1024 * 1024];
        new Random(42).nextBytes(big);
        store.putFile(channel, "in", "big.mp4", big, LONG);
        assertThat(store.getFile(channel, "in", "big.mp4")).hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
    }

    @Test
    void fileExpiresAfterItsTtl() {
        store.putFile(channel, "in", "short.ts", new byte[] {9}, SHORT);
        store.putFile(channel, "in", "long.ts", new byte[] {8}, LONG);
        assertThat(store.getFile(channel, "in", "short.ts")).isPresent();
        await().atMost(EXPIRY_WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> store.getFile(channel, "in", "short.ts").isEmpty());
        assertThat(store.getFile(channel, "in", "long.ts")).isPresent();
    }

    @Test
    void replacingAFileResetsItsTtl() {
        store.putFile(channel, "in", "f", new byte[] {1}, SHORT);
        store.putFile(channel, "in", "f", new byte[] {2}, LONG);
        sleep(SHORT.toMillis() + 200);
        assertThat(store.getFile(channel, "in", "f")).hasValueSatisfying(b -> assertThat(b).containsExactly(2));
    }

    // ------------------------------------------------------------------------------ segment versions

    @Test
    void aReusedSegmentNameKeepsTheBytesOfEveryEarlierKey() {
        SegmentVersions versions = new SegmentVersions(store);
        String first = versions.put(channel, "in", "live/seg_00000.ts", new byte[] {1, 1}, LONG);
        String second = versions.put(channel, "in", "live/seg_00000.ts", new byte[] {2}, LONG);
        assertThat(second).isNotEqualTo(first);
        assertThat(store.getFile(channel, "in", first)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 1));
        assertThat(store.getFile(channel, "in", second)).hasValueSatisfying(b -> assertThat(b).containsExactly(2));
        assertThat(versions.current(channel, "in", "live/seg_00000.ts")).contains(second);
        assertThat(SegmentVersions.name(first)).isEqualTo("live/seg_00000.ts");
    }

    @Test
    void theCurrentKeyIsSharedByPeers() {
        SegmentStore peer = track(createPeer(store));
        String key = new SegmentVersions(store).put(channel, "in", "seg.ts", new byte[] {7}, LONG);
        assertThat(new SegmentVersions(peer).current(channel, "in", "seg.ts")).contains(key);
        assertThat(peer.getFile(channel, "in", key)).hasValueSatisfying(b -> assertThat(b).containsExactly(7));
    }

    @Test
    void aSegmentNotStoredHasNoCurrentKeyAndABareNameStandsForItself() {
        SegmentVersions versions = new SegmentVersions(store);
        assertThat(versions.current(channel, "in", "seg.ts")).isEmpty();
        // stored bare by a packager from before segment versions: entries name it as it is
        store.putFile(channel, "in", "old.ts", new byte[] {3}, LONG);
        assertThat(versions.current(channel, "in", "old.ts")).contains("old.ts");
        assertThat(SegmentVersions.name("old.ts")).isEqualTo("old.ts");
        assertThat(SegmentVersions.name("a@b.ts")).isEqualTo("a@b.ts");
        assertThat(SegmentVersions.name("a@b.ts@0123456789abcdef")).isEqualTo("a@b.ts");
    }

    @Test
    void segmentVersionsAndTheirIndexExpireWithTheTtl() {
        SegmentVersions versions = new SegmentVersions(store);
        String key = versions.put(channel, "in", "seg.ts", new byte[] {5}, SHORT);
        await().atMost(EXPIRY_WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> store.getFile(channel, "in", key).isEmpty()
                        && versions.current(channel, "in", "seg.ts").isEmpty());
    }

    // ------------------------------------------------------------------------------ metadata

    @Test
    void missingMetaIsEmpty() {
        assertThat(store.meta(channel, "in")).isEmpty();
    }

    @Test
    void putAndReadMeta() {
        store.putMeta(channel, "in", "master", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"a,b\"\nv.m3u8\n", LONG);
        store.putMeta(channel, "in", "renditions", "v,a", LONG);
        store.putMeta(channel, "in", "renditions", "v,a,s", LONG);
        store.putMeta(channel, "other", "x", "y", LONG);
        assertThat(store.meta(channel, "in")).isEqualTo(Map.of(
                "master", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"a,b\"\nv.m3u8\n",
                "renditions", "v,a,s"));
        assertThat(store.meta(channel, "other")).isEqualTo(Map.of("x", "y"));
    }

    @Test
    void putMetaIfAbsentKeepsTheFirstValue() {
        assertThat(store.putMetaIfAbsent(channel, "in", "pin", "3", LONG)).isEqualTo("3");
        assertThat(store.putMetaIfAbsent(channel, "in", "pin", "2", LONG)).isEqualTo("3");
        store.putMeta(channel, "in", "other", "x", LONG);
        assertThat(store.putMetaIfAbsent(channel, "in", "other", "y", LONG)).isEqualTo("x");
        assertThat(store.meta(channel, "in")).isEqualTo(Map.of("pin", "3", "other", "x"));
    }

    /** Writers on every process racing to set one field: exactly one value wins and every writer is told it. */
    @Test
    void racingPutMetaIfAbsentAgreeOnOneWinner() throws Exception {
        int writers = 8;
        List<SegmentStore> stores = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            stores.add(i == 0 ? store : track(createPeer(store)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                SegmentStore s = stores.get(i);
                String mine = "v" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return s.putMetaIfAbsent(channel, "in", "pin", mine, LONG);
                }));
            }
            start.countDown();
            List<String> seen = new ArrayList<>();
            for (Future<String> f : answers) {
                seen.add(f.get(10, TimeUnit.SECONDS));
            }
            String stored = store.meta(channel, "in").get("pin");
            assertThat(stored).startsWith("v");
            assertThat(seen).containsOnly(stored);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void putMetaIfAbsentRefreshesTheTtlAndStartsAfreshOnceExpired() {
        store.putMeta(channel, "in", "a", "1", SHORT);
        assertThat(store.putMetaIfAbsent(channel, "in", "b", "2", LONG)).isEqualTo("2");
        sleep(SHORT.toMillis() + 200);
        assertThat(store.meta(channel, "in")).isEqualTo(Map.of("a", "1", "b", "2"));
        store.putMetaIfAbsent(channel, "in", "c", "3", SHORT);
        await().atMost(EXPIRY_WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> store.meta(channel, "in").isEmpty());
        assertThat(store.putMetaIfAbsent(channel, "in", "a", "9", LONG)).isEqualTo("9");
    }

    @Test
    void metaExpiresAfterItsTtl() {
        store.putMeta(channel, "in", "k", "v", SHORT);
        assertThat(store.meta(channel, "in")).containsEntry("k", "v");
        await().atMost(EXPIRY_WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> store.meta(channel, "in").isEmpty());
    }

    @Test
    void puttingMetaRefreshesTheTtlOfAllFields() {
        store.putMeta(channel, "in", "a", "1", SHORT);
        store.putMeta(channel, "in", "b", "2", LONG);
        sleep(SHORT.toMillis() + 200);
        assertThat(store.meta(channel, "in")).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    // ------------------------------------------------------------------------------ append (compare-and-set)

    @Test
    void missingRenditionHasEmptyStateAndNoEntries() {
        assertThat(store.renditionState(channel, "in", "v")).isEqualTo(RenditionState.EMPTY);
        assertThat(store.entries(channel, "in", "v", 0, 10)).isEmpty();
        assertThat(store.lastEntries(channel, "in", "v", 10)).isEmpty();
    }

    @Test
    void appendFromEmptySucceedsAndStoresStateAndEntries() {
        RenditionState next = new RenditionState(1, 2, 101, "seg101.ts", 3, 6_000_000, false, 1_700_000_000_123L);
        List<TimelineEntry> entries = List.of(entry(0, 1000), entry(1, 1001));
        assertThat(store.append(channel, "in", "v", RenditionState.EMPTY, next, entries, LONG)).isTrue();
        assertThat(store.renditionState(channel, "in", "v")).isEqualTo(next);
        assertThat(store.entries(channel, "in", "v", 0, 10)).isEqualTo(entries);
    }

    @Test
    void stateRoundTripsEveryField() {
        RenditionState next = new RenditionState(1, Long.MAX_VALUE, -1, "a,b\n\"c\" é", Long.MAX_VALUE, Long.MAX_VALUE, true, Long.MIN_VALUE);
        assertThat(store.append(channel, "in", "v", RenditionState.EMPTY, next, List.of(), LONG)).isTrue();
        assertThat(store.renditionState(channel, "in", "v")).isEqualTo(next);
    }

    @Test
    void appendWithStaleVersionFailsAndChangesNothing() {
        RenditionState s1 = state(1, 1);
        assertThat(store.append(channel, "in", "v", RenditionState.EMPTY, s1, List.of(entry(0, 1000)), LONG)).isTrue();

        RenditionState bogus = state(2, 2);
        assertThat(store.append(channel, "in", "v", RenditionState.EMPTY, bogus, List.of(entry(1, 1001)), LONG)).isFalse();
        assertThat(store.append(channel, "in", "v", state(7, 0), bogus, List.of(entry(1, 1001)), LONG)).isFalse();

        assertThat(store.renditionState(channel, "in", "v")).isEqualTo(s1);
        assertThat(store.entries(channel, "in", "v", 0, 10)).containsExactly(entry(0, 1000));

        assertThat(store.append(channel, "in", "v", s1, state(2, 2), List.of(entry(1, 1001)), LONG)).isTrue();
        assertThat(store.entries(channel, "in", "v", 0, 10)).containsExactly(entry(0, 1000), entry(1, 1001));
    }

    @Test
    void appendingAnExistingSequenceReplacesThatEntry() {
        store.append(channel, "in", "v", RenditionState.EMPTY, state(1, 1), List.of(entry(0, 1000)), LONG);
        TimelineEntry replacement = new TimelineEntry(0, "other.ts", 1, true, 1, 2, 3, 1000, List.of("#X"));
        assertThat(store.append(channel, "in", "v", state(1, 1), state(2, 1), List.of(replacement), LONG)).isTrue();
        assertThat(store.entries(channel, "in", "v", 0, 10)).containsExactly(replacement);
    }

    @Test
    void renditionsAreIndependent() {
        store.append(channel, "in", "v", RenditionState.EMPTY, state(1, 1), List.of(entry(0, 1000)), LONG);
        assertThat(store.renditionState(channel, "in", "a")).isEqualTo(RenditionState.EMPTY);
        assertThat(store.append(channel, "in", "a", RenditionState.EMPTY, state(1, 1), List.of(entry(0, 5)), LONG)).isTrue();
        assertThat(store.entries(channel, "in", "v", 0, 10)).containsExactly(entry(0, 1000));
        assertThat(store.entries(channel, "in", "a", 0, 10)).containsExactly(entry(0, 5));
    }

    @Test
    void entriesRoundTripEveryFieldIncludingAwkwardTags() {
        TimelineEntry weird = new TimelineEntry(5, "dir/seg,5 \"x\".ts", Long.MAX_VALUE, true, Long.MAX_VALUE, -1, 0, Long.MIN_VALUE,
                List.of("", "#EXT-X-CUE-OUT:DURATION=30,\"a,b\"", "line1\nline2\r\n", "1:2,3", "é γ 🎬", "\\,\u0000"));
        store.append(channel, "in", "v", RenditionState.EMPTY, state(1, 6), List.of(weird), LONG);
        assertThat(store.entries(channel, "in", "v", 0, 10)).containsExactly(weird);
        assertThat(store.lastEntries(channel, "in", "v", 1)).containsExactly(weird);
    }

    @Test
    void concurrentAppendersProduceAGaplessTimeline() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger conflicts = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String writer = "w" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        while (true) {
                            RenditionState cur = store.renditionState(channel, "in", "v");
                            long seq = cur.nextSequence();
                            RenditionState next = new RenditionState(cur.version() + 1, seq + 1, seq, writer + "-" + i,
                                    0, 0, false, seq);
                            TimelineEntry e = new TimelineEntry(seq, writer + "-" + i, 1, false, 0, 0, 0, seq, List.of());
                            if (store.append(channel, "in", "v", cur, next, List.of(e), LONG)) {
                                break;
                            }
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * perThread;
        RenditionState last = store.renditionState(channel, "in", "v");
        assertThat(last.version()).isEqualTo(total);
        assertThat(last.nextSequence()).isEqualTo(total);
        List<TimelineEntry> all = store.entries(channel, "in", "v", 0, total + 10);
        assertThat(all).extracting(TimelineEntry::sequence)
                .containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
        assertThat(all).extracting(TimelineEntry::file).doesNotHaveDuplicates();
        // every writer's every segment made it exactly once
        for (int t = 0; t < threads; t++) {
            String prefix = "w" + t + "-";
            assertThat(all).filteredOn(e -> e.file().startsWith(prefix)).hasSize(perThread);
        }
        System.err.println("concurrent append: " + conflicts.get() + " conflicts retried");
    }

    // ------------------------------------------------------------------------------ reading timelines

    @Test
    void entriesAreAscendingFromASequenceAndLimited() {
        appendAll(10, 1000); // sequences 0..9, appended in one go out of order
        assertThat(store.entries(channel, "in", "v", 0, 100)).extracting(TimelineEntry::sequence)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(store.entries(channel, "in", "v", 4, 3)).extracting(TimelineEntry::sequence).containsExactly(4L, 5L, 6L);
        assertThat(store.entries(channel, "in", "v", 8, 100)).extracting(TimelineEntry::sequence).containsExactly(8L, 9L);
        assertThat(store.entries(channel, "in", "v", 10, 100)).isEmpty();
        assertThat(store.entries(channel, "in", "v", -5, 2)).extracting(TimelineEntry::sequence).containsExactly(0L, 1L);
        assertThat(store.entries(channel, "in", "v", 0, 0)).isEmpty();
    }

    @Test
    void lastEntriesAreTheTailAscending() {
        appendAll(10, 1000);
        assertThat(store.lastEntries(channel, "in", "v", 3)).extracting(TimelineEntry::sequence).containsExactly(7L, 8L, 9L);
        assertThat(store.lastEntries(channel, "in", "v", 1)).extracting(TimelineEntry::sequence).containsExactly(9L);
        assertThat(store.lastEntries(channel, "in", "v", 50)).hasSize(10).first().extracting(TimelineEntry::sequence).isEqualTo(0L);
        assertThat(store.lastEntries(channel, "in", "v", 0)).isEmpty();
    }

    @Test
    void entriesSurviveManyAppends() {
        RenditionState cur = RenditionState.EMPTY;
        for (int i = 0; i < 50; i++) {
            RenditionState next = state(cur.version() + 1, i + 1);
            assertThat(store.append(channel, "in", "v", cur, next, List.of(entry(i, 1000 + i)), LONG)).isTrue();
            cur = next;
        }
        assertThat(store.lastEntries(channel, "in", "v", 5)).extracting(TimelineEntry::sequence)
                .containsExactly(45L, 46L, 47L, 48L, 49L);
    }

    // ------------------------------------------------------------------------------ trim and ttl

    @Test
    void trimRemovesEntriesIngestedBeforeTheCutoff() {
        appendAll(10, 1000); // ingested at 1000..1009
        store.trim(channel, "in", "v", 1005);
        assertThat(store.entries(channel, "in", "v", 0, 100)).extracting(TimelineEntry::sequence)
                .containsExactly(5L, 6L, 7L, 8L, 9L);
        store.trim(channel, "in", "v", 1005); // idempotent
        assertThat(store.entries(channel, "in", "v", 0, 100)).hasSize(5);
        store.trim(channel, "in", "v", 0);
        assertThat(store.entries(channel, "in", "v", 0, 100)).hasSize(5);
        assertThat(store.renditionState(channel, "in", "v")).as("trim keeps the state").isEqualTo(state(1, 10));
        store.trim(channel, "in", "v", Long.MAX_VALUE);
        assertThat(store.entries(channel, "in", "v", 0, 100)).isEmpty();
        assertThat(store.renditionState(channel, "in", "v")).isEqualTo(state(1, 10));
    }

    @Test
    void trimHandlesLongTimelines() {
        appendAll(500, 10_000);
        store.trim(channel, "in", "v", 10_000 + 437);
        List<TimelineEntry> left = store.entries(channel, "in", "v", 0, 1000);
        assertThat(left).hasSize(63);
        assertThat(left.getFirst().sequence()).isEqualTo(437);
    }

    @Test
    void trimOfAMissingRenditionDoesNothing() {
        store.trim(channel, "in", "nope", Long.MAX_VALUE);
        assertThat(store.entries(channel, "in", "nope", 0, 10)).isEmpty();
    }

    @Test
    void timelineAndStateExpireAfterTheTtl() {
        assertThat(store.append(channel, "in", "v", RenditionState.EMPTY, state(1, 1), List.of(entry(0, 1)), SHORT)).isTrue();
        assertThat(store.entries(channel, "in", "v", 0, 10)).hasSize(1);
        await().atMost(EXPIRY_WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                store.entries(channel, "in", "v", 0, 10).isEmpty()
                        && store.renditionState(channel, "in", "v").equals(RenditionState.EMPTY));
        assertThat(store.lastEntries(channel, "in", "v", 10)).isEmpty();
        // after expiry the rendition starts over from EMPTY
        assertThat(store.append(channel, "in", "v", RenditionState.EMPTY, state(1, 1), List.of(entry(0, 2)), LONG)).isTrue();
        assertThat(store.entries(channel, "in", "v", 0, 10)).containsExactly(entry(0, 2));
    }

    @Test
    void eachAppendRefreshesTheTimelineTtl() {
        Duration ttl = Duration.ofMillis(600);
        store.append(channel, "in", "v", RenditionState.EMPTY, state(1, 1), List.of(entry(0, 1)), ttl);
        sleep(350);
        store.append(channel, "in", "v", state(1, 1), state(2, 2), List.of(entry(1, 2)), ttl);
        sleep(350); // 700 ms after the first append: alive only if the second refreshed the ttl
        assertThat(store.entries(channel, "in", "v", 0, 10)).extracting(TimelineEntry::sequence).containsExactly(0L, 1L);
        assertThat(store.renditionState(channel, "in", "v").version()).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------ changes and health

    @Test
    void publishedChangesReachListenersOfEveryStoreSharingTheData() {
        List<ChannelKey> seenHere = new CopyOnWriteArrayList<>();
        List<ChannelKey> seenByPeer = new CopyOnWriteArrayList<>();
        SegmentStore peer = track(createPeer(store));
        store.onChange(seenHere::add);
        peer.onChange(seenByPeer::add);

        ChannelKey weird = new ChannelKey("ns/x", "a:b{c}%");
        // publish until seen: a subscription may take a moment to be established
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            peer.publishChange(channel);
            return seenHere.contains(channel) && seenByPeer.contains(channel);
        });
        store.publishChange(weird);
        await().atMost(Duration.ofSeconds(10)).until(() -> seenHere.contains(weird) && seenByPeer.contains(weird));
    }

    @Test
    void aFailingListenerDoesNotStopOthers() {
        List<ChannelKey> seen = new CopyOnWriteArrayList<>();
        store.onChange(c -> {
            throw new IllegalStateException("listener bug");
        });
        store.onChange(seen::add);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            store.publishChange(channel);
            return seen.contains(channel);
        });
    }

    @Test
    void pingAnswers() {
        assertThat(store.ping()).isTrue();
    }

    // ------------------------------------------------------------------------------ helpers

    @Test
    void resetChannelForgetsEverythingOfThatChannelOnly() {
        ChannelKey other = new ChannelKey(channel.namespace(), channel.name() + "-other");
        for (ChannelKey c : List.of(channel, other)) {
            store.putFile(c, "in", "a.ts", new byte[] {1, 2, 3}, LONG);
            store.putMeta(c, "in", "master", "a.m3u8", LONG);
            assertThat(store.append(c, "in", "v", RenditionState.EMPTY, state(1, 1), List.of(entry(0, 1000)), LONG)).isTrue();
        }
        store.resetChannel(channel);
        assertThat(store.getFile(channel, "in", "a.ts")).isEmpty();
        assertThat(store.meta(channel, "in")).isEmpty();
        assertThat(store.renditionState(channel, "in", "v")).isEqualTo(RenditionState.EMPTY);
        assertThat(store.entries(channel, "in", "v", 0, 10)).isEmpty();
        assertThat(store.getFile(other, "in", "a.ts")).isPresent();
        assertThat(store.meta(other, "in")).containsEntry("master", "a.m3u8");
        assertThat(store.entries(other, "in", "v", 0, 10)).hasSize(1);
    }

    protected static TimelineEntry entry(long sequence, long ingestedAt) {
        return new TimelineEntry(sequence, "seg" + sequence + ".ts", 6_000_000, false, 0, 1_700_000_000_000L + sequence * 6000,
                1000 + sequence, ingestedAt, List.of());
    }

    protected static RenditionState state(long version, long nextSequence) {
        return new RenditionState(version, nextSequence, nextSequence - 1, "seg" + (nextSequence - 1) + ".ts",
                0, 6_000_000, false, 1_700_000_000_000L);
    }

    /** One append of {@code n} entries, sequence i ingested at {@code firstIngest + i}, given out of order. */
    protected void appendAll(int n, long firstIngest) {
        List<TimelineEntry> entries = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            entries.add(entry(i, firstIngest + i));
        }
        assertThat(store.append(channel, "in", "v", RenditionState.EMPTY, state(1, n), entries, LONG)).isTrue();
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
