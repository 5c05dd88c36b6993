package dev.speechload.sse.testing;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.target.Endpoints;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scenario context and iterations that keep every recorded value, for tests that run a
 * scenario without the engine. Thread-safe.
 */
public final class RecordingContext implements ScenarioContext {

    private final Endpoints endpoints;
    private final LoadPlan plan;
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, String> descriptions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    public RecordingContext(URI http, int channels) {
        this.endpoints = new Endpoints(http == null ? Map.of() : Map.of(Endpoints.HTTP, http));
        this.plan = LoadPlan.closed(channels);
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public LatencyMetric latency(String name, String description) {
        latencies.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
        descriptions.put(name, description);
        return new LatencyMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    @Override
    public CounterMetric counter(String name, String unit) {
        counters.computeIfAbsent(name, k -> new AtomicLong());
        return new CounterMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String unit() {
                return unit;
            }
        };
    }

    @Override
    public LoadPlan plan() {
        return plan;
    }

    /** Values recorded into {@code name}, in order; empty when none. */
    public List<Long> values(String name) {
        return List.copyOf(latencies.getOrDefault(name, List.of()));
    }

    /** A counter's total; 0 when never added to. */
    public long counter(String name) {
        AtomicLong c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    /** Codes given to {@code Iteration.fail}, in order. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Registered metric names. */
    public java.util.Set<String> metricNames() {
        java.util.Set<String> names = new java.util.TreeSet<>(latencies.keySet());
        names.addAll(counters.keySet());
        return names;
    }

    /** An iteration of channel 0 with the given index whose run ends at {@code deadlineNanos}. */
    public Iteration iteration(long index, long deadlineNanos) {
        long start = System.nanoTime();
        return new Iteration() {
            @Override
            public int channel() {
                return 0;
            }

            @Override
            public long index() {
                return index;
            }

            @Override
            public boolean warmup() {
                return false;
            }

            @Override
            public long intendedStartNanos() {
                return start;
            }

            @Override
            public long deadlineNanos() {
                return deadlineNanos;
            }

            @Override
            public void record(LatencyMetric metric, long nanos) {
                latencies.get(metric.name()).add(Math.max(0, nanos));
            }

            @Override
            public void add(CounterMetric counter, long amount) {
                counters.get(counter.name()).addAndGet(amount);
            }

            @Override
            public void fail(String errorCode) {
                failures.add(errorCode);
            }
        };
    }

    /** An iteration whose run ends in an hour. */
    public Iteration iteration(long index) {
        return iteration(index, System.nanoTime() + 3_600_000_000_000L);
    }
}
