package dev.speechload.core.engine.internal;

import dev.speechload.core.engine.LoadPlan;

/**
 * One closed-model channel's count of its iterations: whether another may start, whether it is
 * warm-up (the first warm-up iterations, or any started before the channel's warm-up time is over),
 * and whether it is the channel's first measured one. Used by one channel at a time; reads no clock.
 */
final class ClosedLoop {

    private final long warmEnd;
    private final long bound;
    private final long warmupIterations;
    private long index;
    private long measured;
    private boolean marked;

    /** @param channelStart when the channel started ({@code System.nanoTime()} units) */
    ClosedLoop(LoadPlan plan, long channelStart) {
        this.warmEnd = channelStart + plan.warmup().toNanos();
        this.bound = plan.iterations();
        this.warmupIterations = plan.warmupIterations();
    }

    /** True when an iteration may start at {@code now}: before the deadline and under the iteration bound. */
    boolean another(long now, long deadline) {
        return now < deadline && (bound <= 0 || measured < bound);
    }

    /** The index of the iteration about to start, warm-up included. */
    long index() {
        return index;
    }

    boolean warm(long now) {
        return index < warmupIterations || now < warmEnd;
    }

    /** True once: for the channel's first measured iteration. */
    boolean firstMeasured() {
        if (marked) {
            return false;
        }
        marked = true;
        return true;
    }

    /**
     * The iteration about to start starts at {@code now}: tells the tally the channel's start lag
     * (first iteration, from {@code plannedNanos}) and when measuring began (first measured one).
     *
     * @return whether it is warm-up
     */
    boolean starting(long now, long plannedNanos, Tally tally) {
        if (index == 0) {
            tally.startLag(now - plannedNanos);
        }
        boolean warm = warm(now);
        if (!warm && firstMeasured()) {
            tally.markMeasuring(now);
        }
        return warm;
    }

    /** The iteration about to start has ended. */
    void ended(boolean warm) {
        index++;
        if (!warm) {
            measured++;
        }
    }
}
