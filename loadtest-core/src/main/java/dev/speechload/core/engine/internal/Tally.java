package dev.speechload.core.engine.internal;

import dev.speechload.core.record.internal.ErrorCounter;
import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.record.internal.MetricRegistry;
import dev.speechload.core.result.RunResult;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every iteration's outcome, counted and timed: service and response time of successes, the time
 * of failures, errors by code, warm-up iterations apart, iterations cut at the deadline, the
 * generator's scheduling lag, the active and peak channel counts, and when measuring began. Channels
 * report to it from any thread; recording allocates nothing and takes no lock. It reads no clock:
 * every time is given, so its decisions are tested with times of the test's choosing.
 */
final class Tally {

    private final boolean open;
    private final long expectedIntervalNanos;
    private final LatencyRecorder service;
    private final LatencyRecorder response;
    private final LatencyRecorder failedTime;
    private final LatencyRecorder lag;
    private final ErrorCounter errors = new ErrorCounter();
    private final LongAdder completed = new LongAdder();
    private final LongAdder warmupCompleted = new LongAdder();
    private final LongAdder warmupErrors = new LongAdder();
    private final LongAdder cut = new LongAdder();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peakActive = new AtomicInteger();
    private final AtomicLong measuredStart = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean measuring;

    /**
     * Registers the engine's own latency metrics in {@code registry} (service time, and response
     * time when the plan has intended starts), the failed time and the scheduling lag beside it.
     *
     * @param open                  open model: arrivals with intended starts
     * @param expectedIntervalNanos closed model: the pace for coordinated-omission correction, 0 = none
     */
    Tally(MetricRegistry registry, boolean open, long expectedIntervalNanos) {
        this.open = open;
        this.expectedIntervalNanos = expectedIntervalNanos;
        service = registry.latency(RunResult.SERVICE_TIME, "successful iteration time from its actual start");
        response = open || expectedIntervalNanos > 0
                ? registry.latency(
                        RunResult.RESPONSE_TIME,
                        "successful iteration time from its intended start (corrected for coordinated omission)")
                : null;
        // Not in the registry: it joins the data only when an iteration failed.
        failedTime = new LatencyRecorder(RunResult.FAILED_TIME, "failed iteration time from its actual start");
        lag = new LatencyRecorder(
                RunResult.SCHEDULING_LAG,
                open
                        ? "measured arrivals: actual start - the later of the intended start and a worker being free"
                        : "each channel's first iteration start - its ramp step's planned time");
    }

    /**
     * One iteration ended.
     *
     * @param code     the scenario's own code ({@code Iteration.fail}), or null
     * @param failure  what the iteration threw or completed exceptionally with, or null
     * @param lagFrom  open model: when the generator could have started this arrival: its intended
     *                 time, or later when every worker was still busy with earlier arrivals (that wait
     *                 is the server's, and response time shows it; only the rest is the generator's lag)
     */
    void iteration(
            boolean warm, long intendedStart, long lagFrom, long start, long end, String code, Throwable failure) {
        if (code == null && failure != null) {
            code = ErrorCodes.of(failure);
        }
        if (warm) {
            warmupCompleted.increment();
            if (code != null) {
                warmupErrors.increment();
            }
            return;
        }
        if (open) {
            lag.record(Math.max(0, start - lagFrom));
        }
        if (code != null) {
            // A failure is not service: a server that refuses fast must not look faster.
            failedTime.record(end - start);
        } else if (open) {
            service.record(end - start);
            response.record(end - intendedStart);
        } else {
            service.record(end - start);
            if (response != null) {
                response.recordWithExpectedInterval(end - start, expectedIntervalNanos);
            }
        }
        completed.increment();
        if (code != null) {
            errors.increment(code, failure);
        }
    }

    /** An iteration still running at the end of the grace period: cut by the run's end, not an error. */
    void cut(long iterations) {
        cut.add(iterations);
    }

    /** Closed model: how late a channel's first iteration started after its planned time. */
    void startLag(long nanos) {
        lag.record(nanos);
    }

    /** The first measured (not warm-up) iteration started at {@code now}; the earliest such time wins. */
    void markMeasuring(long now) {
        measuring = true;
        long cur;
        while (now < (cur = measuredStart.get()) && !measuredStart.compareAndSet(cur, now)) {
            // retry: another channel moved it
        }
    }

    void enter() {
        int n = active.incrementAndGet();
        int peak;
        while (n > (peak = peakActive.get()) && !peakActive.compareAndSet(peak, n)) {
            // retry
        }
    }

    void exit() {
        active.decrementAndGet();
    }

    boolean measuring() {
        return measuring;
    }

    /** When the first measured iteration started; {@link Long#MAX_VALUE} when none did. */
    long measuredStart() {
        return measuredStart.get();
    }

    int active() {
        return active.get();
    }

    int peakActive() {
        return peakActive.get();
    }

    /** Measured iterations ended, failed ones included. */
    long completed() {
        return completed.sum();
    }

    /** Iterations ended, warm-up included (for per-interval throughput). */
    long allCompleted() {
        return completed.sum() + warmupCompleted.sum();
    }

    /** Failed iterations, warm-up included (for per-interval error counts). */
    long allErrors() {
        return errors.total() + warmupErrors.sum();
    }

    long cutCount() {
        return cut.sum();
    }

    ErrorCounter errors() {
        return errors;
    }

    LatencyRecorder service() {
        return service;
    }

    LatencyRecorder failedTime() {
        return failedTime;
    }

    LatencyRecorder lag() {
        return lag;
    }
}
