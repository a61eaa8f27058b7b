package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.packager.mux.mp4.SmoothFragmentWriter.Chunk;
import dev.wharf.packager.store.TimelineEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The live-edge hold of Smooth fragments: a newest fragment's look-ahead is awaited while its successor is due,
 * answered at once otherwise, and shared by concurrent requests.
 */
class LookAheadWaitTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final List<Chunk> NEXT = List.of(new Chunk(20_000_000, 20_000_000));
    private static final LookAheadWait.Held HELD = (channel, nanos, found) -> { };

    /** As the packager calls it: the caller looks once itself, then hands that look and the lookup over. */
    private static List<Chunk> await(LookAheadWait wait, TimelineEntry last, int segmentsDue, BooleanSupplier ended,
                                     Supplier<List<Chunk>> lookAhead) {
        return wait.await("c", "k", last, segmentsDue, CLOCK, ended, lookAhead.get(), lookAhead);
    }

    /** A 2 s segment ingested {@code agoMillis} before the clock's now. */
    private static TimelineEntry ingested(long agoMillis) {
        return new TimelineEntry(7, "s7.ts", 2_000_000, false, 0, 0, 1000, NOW - agoMillis, List.of());
    }

    @Test
    void aFragmentWithLookAheadIsAnsweredAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        List<Chunk> next = await(new LookAheadWait(HELD), ingested(0), 1, () -> false, () -> {
            calls.incrementAndGet();
            return NEXT;
        });
        assertThat(next).isEqualTo(NEXT);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theNewestFragmentWaitsUntilItsSuccessorExists() {
        AtomicInteger calls = new AtomicInteger();
        List<String> told = new ArrayList<>();
        // the successor "arrives" on the fourth look (three polls of 100 ms)
        List<Chunk> next = await(new LookAheadWait((channel, nanos, found) -> told.add(channel + " " + found + " " + (nanos >= 300_000_000L))),
                ingested(0), 1, () -> false, () -> calls.incrementAndGet() < 4 ? List.of() : NEXT);
        assertThat(next).isEqualTo(NEXT);
        assertThat(calls).hasValue(4);
        assertThat(told).as("the hold is reported: channel, found, held three polls").containsExactly("c true true");
    }

    @Test
    void aFragmentWhoseSuccessorIsOverdueIsAnsweredAtOnceWithoutLookAhead() {
        // ingested 6 s ago, 2 s long: the next one was due after 2 x 2 s + 1 s; the stream stopped
        AtomicInteger calls = new AtomicInteger();
        List<Chunk> next = await(new LookAheadWait(HELD), ingested(6_000), 1, () -> false, () -> {
            calls.incrementAndGet();
            return List.of();
        });
        assertThat(next).isEmpty();
        assertThat(calls).hasValue(1);
    }

    @Test
    void anEndedStreamIsNotWaitedFor() {
        AtomicInteger calls = new AtomicInteger();
        List<Chunk> next = await(new LookAheadWait(HELD), ingested(0), 1, () -> true, () -> {
            calls.incrementAndGet();
            return List.of();
        });
        assertThat(next).isEmpty();
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFragmentFollowedByAnotherRunIsNotWaitedFor() {
        // the next segment exists and starts a new discontinuity run (an input switch): nothing more in this run
        List<Chunk> next = await(new LookAheadWait(HELD), ingested(0), 1, () -> false, () -> null);
        assertThat(next).isEmpty();
    }

    @Test
    void aJoinedFragmentWaitsForAWholeGroup() {
        // ingested 6 s ago: overdue for a 1-segment successor, not for a group of 3 (due after 4 x 2 s + 1 s)
        AtomicInteger calls = new AtomicInteger();
        List<Chunk> next = await(new LookAheadWait(HELD), ingested(6_000), 3, () -> false,
                () -> calls.incrementAndGet() < 3 ? List.of() : NEXT);
        assertThat(next).isEqualTo(NEXT);
    }

    @Test
    void concurrentRequestsForOneFragmentShareOneWait() throws Exception {
        LookAheadWait wait = new LookAheadWait(HELD);
        AtomicInteger looks = new AtomicInteger();
        AtomicReference<List<Chunk>> arrived = new AtomicReference<>(List.of());
        List<Future<List<Chunk>>> answers = new ArrayList<>();
        try (ExecutorService players = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(players.submit(() -> await(wait, ingested(0), 1, () -> false, () -> {
                    looks.incrementAndGet();
                    return arrived.get();
                })));
            }
            while (wait.waiting() == 0) {
                Thread.sleep(10);
            }
            Thread.sleep(500);
            int before = looks.get();
            arrived.set(NEXT);
            for (Future<List<Chunk>> a : answers) {
                assertThat(a.get()).isEqualTo(NEXT);
            }
            // each request looks once before it waits; while waiting, one poller looks every 100 ms (5 in 500 ms)
            assertThat(before).isLessThanOrEqualTo(50 + 8);
        }
    }
}
