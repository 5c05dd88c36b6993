package dev.speechload.core.record;

/**
 * A named counter registered by a scenario in its set-up (events, bytes, dropped results...).
 * Add to it through {@code Iteration.add(counter, n)}, which drops warm-up counts.
 *
 * <p>Thread-safe: handles are immutable and may be shared by every channel.
 */
public interface CounterMetric {
    /** The counter's name, e.g. {@code sse.events}; unique within a run. */
    String name();

    /** A short unit label: "events", "bytes", "responses". */
    String unit();
}
