package dev.speechload.core.report.internal;

/**
 * The unit of a time axis, picked from the run's length so ticks stay readable: seconds up to
 * 10 minutes, minutes up to 3 hours, hours beyond.
 *
 * @param unit         "s", "min" or "h"
 * @param millisPerUnit divisor from milliseconds
 */
public record TimeAxis(String unit, double millisPerUnit) {

    /** The unit for a run whose last sample is at {@code maxOffsetMillis}. */
    public static TimeAxis forSpan(long maxOffsetMillis) {
        if (maxOffsetMillis > 3 * 3_600_000L) {
            return new TimeAxis("h", 3_600_000.0);
        }
        if (maxOffsetMillis > 600_000L) {
            return new TimeAxis("min", 60_000.0);
        }
        return new TimeAxis("s", 1000.0);
    }

    public double of(long offsetMillis) {
        return offsetMillis / millisPerUnit;
    }

    /** An x axis "time since start (unit)". */
    public Axis axis() {
        return Axis.linear("time since start", unit);
    }
}
