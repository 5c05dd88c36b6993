package dev.speechload.core.engine.internal;

import dev.speechload.core.target.TargetDeath;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every part of a running trial agrees on: its start {@code t0}, its deadline, the ramp step
 * shown in the time series, and whether it is stopping (the deadline passed, the iteration bound was
 * reached, the target died, or the run was interrupted). The controller fixes the start once, before
 * any channel starts; channels, the sampler and the target watch read it.
 */
final class Timeline {

    private final NanoClock clock;
    private volatile long t0;
    private volatile long deadline;
    private volatile boolean stopping;
    private final AtomicInteger step = new AtomicInteger(1);
    /** Set once by the target watch; the run ends at {@link #diedSeenNanos}. */
    private volatile TargetDeath death;

    private volatile long diedSeenNanos;

    Timeline(NanoClock clock) {
        this.clock = clock;
    }

    NanoClock clock() {
        return clock;
    }

    long now() {
        return clock.nanoTime();
    }

    /** Fixes the start and the deadline ({@code spanNanos} after it). */
    void begin(long startNanos, long spanNanos) {
        t0 = startNanos;
        deadline = startNanos + spanNanos;
    }

    long t0() {
        return t0;
    }

    long deadline() {
        return deadline;
    }

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    int step() {
        return step.get();
    }

    /** Moves the step shown up to {@code s}; never down (a channel of a later step may move it first). */
    void raiseStep(int s) {
        int cur;
        while (s > (cur = step.get()) && !step.compareAndSet(cur, s)) {
            // retry
        }
    }

    /** The target died (seen now): the run ends here, as at its deadline. */
    void died(TargetDeath d) {
        diedSeenNanos = clock.nanoTime();
        death = d;
        stopping = true;
    }

    TargetDeath death() {
        return death;
    }

    /** When the load ends: the deadline, or earlier when the target died. */
    long runEnd() {
        return death == null ? deadline : Math.min(deadline, diedSeenNanos);
    }

    long millisSinceStart() {
        return Math.max(0, (clock.nanoTime() - t0) / 1_000_000);
    }
}
