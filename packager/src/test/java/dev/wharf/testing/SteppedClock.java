package dev.wharf.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test steps it: retention and TTL behaviour without waiting. */
public final class SteppedClock extends Clock {
    private final long start;
    private volatile long now;

    public SteppedClock(long start) {
        this.start = start;
        this.now = start;
    }

    public void step(long millis) {
        now += millis;
    }

    public long elapsed() {
        return now - start;
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
