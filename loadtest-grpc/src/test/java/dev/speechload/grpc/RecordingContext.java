package dev.speechload.grpc;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A stand-in for the engine in tests: a {@link ScenarioContext} whose metrics record into
 * HdrHistograms and counters, and {@link Iteration}s that record into it. Thread-safe.
 */
final class RecordingContext implements ScenarioContext {

    record Latency(String name, String description) implements LatencyMetric {
    }

    record Counter(String name, String unit) implements CounterMetric {
    }

    private final Endpoints endpoints;
    final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    RecordingContext(int grpcPort) {
        this.endpoints = new Endpoints(Map.of(Endpoints.GRPC, URI.create("grpc://127.0.0.1:" + grpcPort)));
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public LatencyMetric latency(String name, String description) {
        histograms.computeIfAbsent(name, n -> new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(10), 3));
        return new Latency(name, description);
    }

    @Override
    public CounterMetric counter(String name, String unit) {
        counters.computeIfAbsent(name, n -> new AtomicLong());
        return new Counter(name, unit);
    }

    @Override
    public LoadPlan plan() {
        return LoadPlan.closed(1);
    }

    Histogram histogram(String name) {
        Histogram h = histograms.get(name);
        if (h == null) {
            throw new AssertionError("no metric " + name + "; registered: " + histograms.keySet());
        }
        return h;
    }

    long counter(String name) {
        AtomicLong c = counters.get(name);
        if (c == null) {
            throw new AssertionError("no counter " + name + "; registered: " + counters.keySet());
        }
        return c.get();
    }

    /** Iteration {@code index} of {@code channel}, with the run ending {@code deadlineMillis} from now. */
    TestIteration iteration(int channel, long index, long deadlineMillis) {
        return new TestIteration(channel, index, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis));
    }

    final class TestIteration implements Iteration {
        private final int channel;
        private final long index;
        private final long start = System.nanoTime();
        private final long deadline;
        volatile String failure;

        TestIteration(int channel, long index, long deadline) {
            this.channel = channel;
            this.index = index;
            this.deadline = deadline;
        }

        @Override
        public int channel() {
            return channel;
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
            return deadline;
        }

        @Override
        public void record(LatencyMetric metric, long nanos) {
            histogram(metric.name()).recordValue(Math.min(Math.max(0, nanos), TimeUnit.MINUTES.toNanos(10)));
        }

        @Override
        public void add(CounterMetric counter, long amount) {
            counters.get(counter.name()).addAndGet(amount);
        }

        @Override
        public void fail(String errorCode) {
            failure = errorCode;
            failures.add(errorCode);
        }
    }
}
