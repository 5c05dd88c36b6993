package dev.speechload.core.record.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of one trial: latency recorders and counters by name. Registering a name twice
 * returns the first handle. Thread-safe; lookups by name allocate nothing.
 *
 * <p>A fresh registry is made for every trial, so trials never share recorded values.
 */
public final class MetricRegistry {

    private final ConcurrentHashMap<String, LatencyRecorder> latencies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CounterRecorder> counters = new ConcurrentHashMap<>();
    // Registration order, for stable output; guarded by "this".
    private final Map<String, LatencyRecorder> latencyOrder = new LinkedHashMap<>();
    private final Map<String, CounterRecorder> counterOrder = new LinkedHashMap<>();

    /**
     * Registers a latency metric, or returns the one of that name.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public synchronized LatencyRecorder latency(String name, String description) {
        requireName(name);
        return latencies.computeIfAbsent(name, n -> {
            LatencyRecorder r = new LatencyRecorder(n, description);
            latencyOrder.put(n, r);
            return r;
        });
    }

    /**
     * Registers a counter, or returns the one of that name.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public synchronized CounterRecorder counter(String name, String unit) {
        requireName(name);
        return counters.computeIfAbsent(name, n -> {
            CounterRecorder c = new CounterRecorder(n, unit);
            counterOrder.put(n, c);
            return c;
        });
    }

    /** The recorder registered under {@code name}, or null. Lock-free. */
    public LatencyRecorder findLatency(String name) {
        return latencies.get(name);
    }

    /** The counter registered under {@code name}, or null. Lock-free. */
    public CounterRecorder findCounter(String name) {
        return counters.get(name);
    }

    /** Every latency recorder in registration order; a fresh map. */
    public synchronized Map<String, LatencyRecorder> latencies() {
        return new LinkedHashMap<>(latencyOrder);
    }

    /** Every counter in registration order; a fresh map. */
    public synchronized Map<String, CounterRecorder> counters() {
        return new LinkedHashMap<>(counterOrder);
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name such as 'stt.final_latency', was '" + name + "'");
        }
    }
}
