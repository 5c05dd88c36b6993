package dev.speechload.core.engine.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The open model's arrivals as they are handed out and started: which arrival a free worker takes
 * next, when it is due, whether it is warm-up, and how many due arrivals were never started (missed,
 * because every worker was busy). Thread-safe; reads no clock (times are given as offsets after
 * {@code t0}).
 */
final class OpenArrivals {

    private final ArrivalSchedule schedule;
    private final long warmupIterations;
    private final long warmupNanos;
    private final long sampleNanos;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder started = new LongAdder();

    /**
     * @param warmupIterations the first arrivals that are warm-up
     * @param warmupNanos      arrivals due before this offset are warm-up
     * @param sampleNanos      an arrival overdue by more than this is missed
     */
    OpenArrivals(ArrivalSchedule schedule, long warmupIterations, long warmupNanos, long sampleNanos) {
        this.schedule = schedule;
        this.warmupIterations = warmupIterations;
        this.warmupNanos = warmupNanos;
        this.sampleNanos = sampleNanos;
    }

    /** The next arrival for a worker that is free; each index is handed out once. */
    long claim() {
        return next.getAndIncrement();
    }

    /** The arrival {@link #claim()} hands out next. */
    long next() {
        return next.get();
    }

    /** When arrival {@code k} is due, after {@code t0}. */
    long offsetNanos(long k) {
        return schedule.offsetNanos(k);
    }

    boolean warmup(long k, long offsetNanos) {
        return k < warmupIterations || offsetNanos < warmupNanos;
    }

    /** Arrival started (its iteration began). */
    void started() {
        started.increment();
    }

    long startedCount() {
        return started.sum();
    }

    /**
     * Arrivals due more than one sample interval before {@code elapsedNanos} (after {@code t0}) and
     * not started. At the deadline, arrivals due within the last interval and still waiting are cut by
     * the plan's end, not missed: one arrival due a few ms before the end behind a busy worker is no
     * sign of a server falling behind, and in a short smoke run it alone would be over 1 % of the plan.
     */
    long missed(long elapsedNanos) {
        long offset = elapsedNanos - sampleNanos;
        if (offset <= 0) {
            return 0;
        }
        return Math.max(0, schedule.countBefore(offset) - started.sum());
    }
}
