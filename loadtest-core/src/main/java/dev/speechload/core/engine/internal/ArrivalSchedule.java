package dev.speechload.core.engine.internal;

/**
 * When each arrival of the open model is due: the rate climbs in {@code steps} equal steps
 * ({@code rate * s / steps} during step {@code s}), each lasting {@code stepNanos}, and stays at
 * the full rate after the last step. Immutable and thread-safe; allocation-free after construction.
 *
 * <p>A shard's schedule (shard i of n of a plan run by n generators) holds every n-th arrival of
 * the whole plan's schedule, from arrival i: the shards' arrivals interleave exactly as one
 * generator's would, and none is lost or doubled.
 */
public final class ArrivalSchedule {

    private final int steps;
    private final long stepNanos;
    private final double[] ratePerNano; // index s-1: rate of step s
    private final double[] arrivalsBefore; // index s-1: arrivals due before step s begins
    private final int shardIndex;
    private final int shardCount;

    /**
     * @param arrivalsPerSecond full rate, > 0
     * @param steps             ramp steps, >= 1
     * @param stepNanos         length of each step but the last, >= 0 (0 = no ramp)
     */
    public ArrivalSchedule(double arrivalsPerSecond, int steps, long stepNanos) {
        this(arrivalsPerSecond, steps, stepNanos, 0, 1);
    }

    /**
     * Shard {@code shardIndex} of {@code shardCount} of a schedule {@code shardCount} times as fast.
     *
     * @param arrivalsPerSecond this shard's full rate (the whole plan's divided by the shard count), > 0
     */
    public ArrivalSchedule(double arrivalsPerSecond, int steps, long stepNanos, int shardIndex, int shardCount) {
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
            throw new IllegalArgumentException(
                    "need 0 <= shardIndex < shardCount; were " + shardIndex + ", " + shardCount);
        }
        this.shardIndex = shardIndex;
        this.shardCount = shardCount;
        arrivalsPerSecond *= shardCount;
        if (!(arrivalsPerSecond > 0) || steps < 1 || stepNanos < 0) {
            throw new IllegalArgumentException("need arrivalsPerSecond > 0, steps >= 1, stepNanos >= 0; were "
                    + arrivalsPerSecond + ", " + steps + ", " + stepNanos);
        }
        this.steps = stepNanos == 0 ? 1 : steps;
        this.stepNanos = stepNanos;
        this.ratePerNano = new double[this.steps];
        this.arrivalsBefore = new double[this.steps];
        double before = 0;
        for (int s = 1; s <= this.steps; s++) {
            ratePerNano[s - 1] = arrivalsPerSecond * s / this.steps / 1e9;
            arrivalsBefore[s - 1] = before;
            before += ratePerNano[s - 1] * stepNanos;
        }
    }

    /** Offset from the start at which arrival {@code k} (0-based) is due, in nanoseconds. */
    public long offsetNanos(long k) {
        return wholeOffsetNanos(k * shardCount + shardIndex);
    }

    /** How many arrivals are due strictly before {@code offsetNanos}. */
    public long countBefore(long offsetNanos) {
        long whole = wholeCountBefore(offsetNanos);
        return whole <= shardIndex ? 0 : (whole - 1 - shardIndex) / shardCount + 1;
    }

    private long wholeOffsetNanos(long k) {
        int s = steps - 1;
        while (s > 0 && arrivalsBefore[s] > k) {
            s--;
        }
        double offset = (double) s * stepNanos + (k - arrivalsBefore[s]) / ratePerNano[s];
        return offset >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(offset);
    }

    private long wholeCountBefore(long offsetNanos) {
        if (offsetNanos <= 0) {
            return 0;
        }
        int s = (int) Math.min(steps - 1, stepNanos == 0 ? 0 : offsetNanos / stepNanos);
        double due = arrivalsBefore[s] + (offsetNanos - (double) s * stepNanos) * ratePerNano[s];
        long count = (long) Math.ceil(due);
        // Arrival k is due at offsetNanos(k); count those strictly before the offset.
        while (count > 0 && wholeOffsetNanos(count - 1) >= offsetNanos) {
            count--;
        }
        while (wholeOffsetNanos(count) < offsetNanos) {
            count++;
        }
        return count;
    }

    /** 1-based ramp step in force at {@code offsetNanos}. */
    public int stepAt(long offsetNanos) {
        if (stepNanos == 0) {
            return 1;
        }
        return (int) Math.min(steps, Math.max(0, offsetNanos) / stepNanos + 1);
    }
}
