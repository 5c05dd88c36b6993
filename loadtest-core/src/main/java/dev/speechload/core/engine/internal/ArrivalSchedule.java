package dev.speechload.core.engine.internal;

/**
 * When each arrival of the open model is due: the rate climbs in {@code steps} equal steps
 * ({@code rate * s / steps} during step {@code s}), each lasting {@code stepNanos}, and stays at
 * the full rate after the last step. Immutable and thread-safe; allocation-free after construction.
 */
public final class ArrivalSchedule {

    private final int steps;
    private final long stepNanos;
    private final double[] ratePerNano;       // index s-1: rate of step s
    private final double[] arrivalsBefore;    // index s-1: arrivals due before step s begins

    /**
     * @param arrivalsPerSecond full rate, > 0
     * @param steps             ramp steps, >= 1
     * @param stepNanos         length of each step but the last, >= 0 (0 = no ramp)
     */
    public ArrivalSchedule(double arrivalsPerSecond, int steps, long stepNanos) {
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
        int s = steps - 1;
        while (s > 0 && arrivalsBefore[s] > k) {
            s--;
        }
        double offset = (double) s * stepNanos + (k - arrivalsBefore[s]) / ratePerNano[s];
        return offset >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(offset);
    }

    /** How many arrivals are due strictly before {@code offsetNanos}. */
    public long countBefore(long offsetNanos) {
        if (offsetNanos <= 0) {
            return 0;
        }
        int s = (int) Math.min(steps - 1, stepNanos == 0 ? 0 : offsetNanos / stepNanos);
        double due = arrivalsBefore[s] + (offsetNanos - (double) s * stepNanos) * ratePerNano[s];
        long count = (long) Math.ceil(due);
        // Arrival k is due at offsetNanos(k); count those strictly before the offset.
        while (count > 0 && offsetNanos(count - 1) >= offsetNanos) {
            count--;
        }
        while (offsetNanos(count) < offsetNanos) {
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
