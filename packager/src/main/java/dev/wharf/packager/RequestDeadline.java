package dev.wharf.packager;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cuts off a request that takes longer than its deadline, whatever it is waiting for: typically a player
 * that reads its answer at 1 byte per second. Java sockets have no write timeout, and Helidon's idle
 * timeout only closes connections between requests, so without this a slow reader holds its
 * connection (and its virtual thread) for as long as it likes.
 *
 * <p>Helidon runs a request's handler on the connection's virtual thread, and a virtual thread
 * interrupted while blocked on a socket closes that socket: the deadline interrupts the thread, the
 * blocked write fails, the connection closes. Stalled reads (a request head or an upload body that
 * stops) are already cut off sooner by the socket read timeout.
 */
public final class RequestDeadline implements Filter, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RequestDeadline.class.getName());

    /** A request in flight: the thread running it and when it must be done. */
    private static final class InFlight {
        final Thread thread = Thread.currentThread();
        final long dueNanos;
        final String what;
        final AtomicBoolean finished = new AtomicBoolean();

        InFlight(long dueNanos, String what) {
            this.dueNanos = dueNanos;
            this.what = what;
        }
    }

    private final Duration deadline;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("wharf-request-deadline").factory());
    private final AtomicLong cutOff = new AtomicLong();

    /** Checks every {@code deadline / 10} (at least 100 ms, at most 1 s): a request is cut off up to that late. */
    public RequestDeadline(Duration deadline) {
        this.deadline = deadline;
        long period = Math.clamp(deadline.toMillis() / 10, 100, 1000);
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        InFlight me = new InFlight(System.nanoTime() + deadline.toNanos(),
                req.prologue().method().text() + " " + req.prologue().uriPath().path());
        inFlight.add(me);
        try {
            chain.proceed();
        } finally {
            inFlight.remove(me);
            if (!me.finished.compareAndSet(false, true)) {
                Thread.interrupted(); // cut off: don't let the flag leak into what this thread does next
            }
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (InFlight f : inFlight) {
            if (now - f.dueNanos > 0 && f.finished.compareAndSet(false, true)) {
                inFlight.remove(f);
                cutOff.incrementAndGet();
                LOG.log(Level.INFO, () -> "cutting off " + f.what + " after " + deadline.toSeconds() + " s");
                f.thread.interrupt();
            }
        }
    }

    /**
     * Waits until no playback or ingest request is in flight, at most {@code max}; true when none is.
     * Requests that arrive meanwhile are waited for too.
     */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        while (!inFlight.isEmpty()) {
            if (System.nanoTime() - until > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Requests in flight now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Requests cut off so far. */
    public long cutOff() {
        return cutOff.get();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
