package dev.wharf.packager.logging;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A java.util.logging handler that writes to standard output from a background thread, in batches.
 * For the access log: the console handler JUL ships formats, writes and flushes under a lock on the
 * request thread, which cost playlist throughput a third (docs/performance.md). Records are queued
 * (bounded); when the queue is full a record is dropped and counted, never blocking a request.
 *
 * <p>Configure with {@code <logger>.handlers=dev.wharf.packager.logging.AsyncConsoleHandler}; the
 * queue size is {@code dev.wharf.packager.logging.AsyncConsoleHandler.capacity} (default 65536).
 */
public final class AsyncConsoleHandler extends Handler {
    private final BlockingQueue<LogRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public AsyncConsoleHandler() {
        String cap = LogManager.getLogManager().getProperty(AsyncConsoleHandler.class.getName() + ".capacity");
        queue = new ArrayBlockingQueue<>(cap == null ? 65_536 : Integer.parseInt(cap.trim()));
        setFormatter(new SimpleFormatter());
        writer = Thread.ofPlatform().daemon().name("wharf-async-log").start(this::drain);
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Records dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 64 * 1024);
        List<LogRecord> batch = new ArrayList<>(1024);
        try {
            while (!closed || !queue.isEmpty()) {
                LogRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                for (LogRecord r : batch) {
                    out.write(getFormatter().format(r));
                }
                batch.clear();
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    out.write("access log: " + lost + " records dropped (queue full)" + System.lineSeparator());
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // standard output is gone: nothing left to log to
        }
    }

    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        flush();
        closed = true;
    }
}
