package dev.speechload.core.record.internal;

import dev.speechload.core.record.CounterMetric;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A named counter backed by a {@link LongAdder}. Thread-safe: {@link #add} takes no lock and
 * allocates nothing under contention beyond LongAdder's own one-time cells.
 */
public final class CounterRecorder implements CounterMetric {

    private final String name;
    private final String unit;
    private final LongAdder sum = new LongAdder();

    public CounterRecorder(String name, String unit) {
        this.name = Objects.requireNonNull(name, "name");
        this.unit = unit == null || unit.isBlank() ? "events" : unit;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unit() {
        return unit;
    }

    /** Adds {@code amount}; negative amounts are ignored (counters only grow). */
    public void add(long amount) {
        if (amount > 0) {
            sum.add(amount);
        }
    }

    /** The running total; exact when no add is in progress. */
    public long sum() {
        return sum.sum();
    }
}
