package dev.speechload.core.record;

/**
 * A named latency metric registered by a scenario in its set-up. Record values through
 * {@code Iteration.record(metric, nanos)}, which drops warm-up values; the handle itself only
 * names the metric.
 *
 * <p>Thread-safe: handles are immutable and may be shared by every channel.
 */
public interface LatencyMetric {
    /** The metric's name, e.g. {@code stt.final_latency}; unique within a run. */
    String name();

    /** One line saying what is measured from where to where, shown in reports. */
    String description();
}
