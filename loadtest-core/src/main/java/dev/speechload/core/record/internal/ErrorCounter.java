package dev.speechload.core.record.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed iterations by error code. Thread-safe and lock-free for codes seen before; the first
 * occurrence of a code allocates its counter once and keeps the first exception seen with it,
 * so the engine can log one example per code off the hot path.
 */
public final class ErrorCounter {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Throwable> firstCause = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    /** Counts one failure with {@code code}; {@code cause} may be null (the scenario called fail). */
    public void increment(String code, Throwable cause) {
        LongAdder adder = counts.get(code);
        if (adder == null) {
            adder = counts.computeIfAbsent(code, k -> new LongAdder());
            if (cause != null) {
                firstCause.putIfAbsent(code, cause);
            }
        }
        adder.increment();
        total.increment();
    }

    /** All failures so far. */
    public long total() {
        return total.sum();
    }

    /** Code to count, sorted by code; a fresh map. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Code to the first exception seen with it (codes from {@code fail(code)} have none). */
    public Map<String, Throwable> firstCauses() {
        return Map.copyOf(firstCause);
    }
}
