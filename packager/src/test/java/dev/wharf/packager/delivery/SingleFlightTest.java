package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    @Test
    void concurrentCallersShareOneComputation() throws Exception {
        SingleFlight<String, String> flight = new SingleFlight<>();
        AtomicInteger computations = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = pool.submit(() -> flight.get("k", () -> {
                computations.incrementAndGet();
                started.countDown();
                await(release);
                return "packaged";
            }));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> others = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                others.add(pool.submit(() -> flight.get("k", () -> {
                    computations.incrementAndGet();
                    return "again";
                })));
            }
            Thread.sleep(100); // let them queue behind the first
            release.countDown();
            assertThat(first.get()).isEqualTo("packaged");
            for (Future<String> f : others) {
                // all joined the first flight, or (if scheduled after it landed) computed anew: never more than a few
                assertThat(f.get()).isIn("packaged", "again");
            }
        }
        assertThat(computations.get()).as("computations for 1001 callers").isLessThan(10);
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void aFailureReachesTheWaitersAndIsNotKept() {
        SingleFlight<String, String> flight = new SingleFlight<>();
        assertThatThrownBy(() -> flight.get("k", () -> {
            throw new IllegalStateException("store down");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(flight.get("k", () -> "ok")).isEqualTo("ok");
    }

    @Test
    void anInterruptedLeaderDoesNotFailItsWaiters() throws Exception {
        // RequestDeadline interrupts a request's thread when it outlives its deadline; the callers waiting on the
        // computation that thread leads are within theirs and must get the value, not the leader's interruption
        SingleFlight<String, String> flight = new SingleFlight<>();
        AtomicInteger computations = new AtomicInteger();
        CountDownLatch leaderStarted = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> leader = pool.submit(() -> flight.get("k", () -> {
                computations.incrementAndGet();
                leaderStarted.countDown();
                try {
                    Thread.sleep(60_000); // a slow remux, cut off below
                    return "never";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("remux interrupted", e);
                }
            }));
            assertThat(leaderStarted.await(5, TimeUnit.SECONDS)).isTrue();
            CountDownLatch waiting = new CountDownLatch(1);
            Future<String> waiter = pool.submit(() -> {
                waiting.countDown();
                return flight.get("k", () -> {
                    computations.incrementAndGet();
                    return "packaged";
                });
            });
            assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100); // let the waiter join the leader's flight
            leader.cancel(true); // what RequestDeadline's sweep does to the leader's thread
            assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("packaged");
            assertThat(computations.get()).isEqualTo(2);
        }
        assertThat(flight.inFlight()).isZero();
    }

    @Test
    void aLeaderFailureWithoutInterruptionStillReachesTheWaiters() throws Exception {
        SingleFlight<String, String> flight = new SingleFlight<>();
        CountDownLatch leaderStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger computations = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> leader = pool.submit(() -> flight.get("k", () -> {
                computations.incrementAndGet();
                leaderStarted.countDown();
                await(release);
                throw new IllegalStateException("store down");
            }));
            assertThat(leaderStarted.await(5, TimeUnit.SECONDS)).isTrue();
            Future<String> waiter = pool.submit(() -> flight.get("k", () -> {
                computations.incrementAndGet();
                return "again";
            }));
            Thread.sleep(100);
            release.countDown();
            assertThatThrownBy(leader::get).hasCauseInstanceOf(IllegalStateException.class);
            try {
                assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("again"); // scheduled after the failure landed
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("store down");
            }
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
