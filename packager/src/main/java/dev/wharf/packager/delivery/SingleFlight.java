package dev.wharf.packager.delivery;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Single flight: concurrent callers asking for the same key while it is being computed wait for that one
 * computation instead of starting their own (a thousand players asking for a new fragment cause one
 * packaging). Nothing is kept after the computation: caching is the caller's business.
 *
 * <p>The computation runs on the first caller's (the leader's) thread, and that thread can be interrupted for
 * reasons of its own: {@code RequestDeadline} cuts off a request that outlived its deadline. A computation that
 * fails because its leader was interrupted says nothing about the key, so its waiters (still within their own
 * deadlines) do not inherit that failure: one of them becomes the new leader and computes again. Only the
 * interrupted leader sees its interruption.
 */
final class SingleFlight<K, V> {
    private final Map<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    /** The value of {@code compute}, run by the first caller for {@code key}; later callers share its result or exception. */
    V get(K key, Supplier<V> compute) {
        while (true) {
            CompletableFuture<V> mine = new CompletableFuture<>();
            CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
            if (running == null) {
                return lead(key, mine, compute);
            }
            try {
                return running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof LeaderInterrupted) {
                    continue; // the leader was cut off, not the computation: compute again (maybe as the leader)
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
    }

    private V lead(K key, CompletableFuture<V> mine, Supplier<V> compute) {
        try {
            V v = compute.get();
            mine.complete(v);
            return v;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(Thread.currentThread().isInterrupted() || byInterrupt(e)
                    ? new LeaderInterrupted() : e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** True when {@code e} (or a cause) is how an interrupted thread's blocking call ends. */
    private static boolean byInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException
                    || t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)) {
                return true;
            }
        }
        return false;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** Tells waiters that the leader's thread was interrupted: the key itself did not fail. */
    private static final class LeaderInterrupted extends RuntimeException {
        LeaderInterrupted() {
            super(null, null, false, false);
        }
    }
}
