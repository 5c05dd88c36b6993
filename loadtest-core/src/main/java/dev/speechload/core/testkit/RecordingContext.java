package dev.speechload.core.testkit;

import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.target.Endpoints;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For tests: a {@link ScenarioContext} that keeps everything a scenario records, so a unit test
 * can run a scenario without the engine and assert with plain getters. Set the scenario up with
 * it, run it with {@link #iteration(long)}s, then read {@link #latencies}, {@link #counterTotal}
 * and {@link #errors}:
 *
 * <pre>{@code
 * RecordingContext context = RecordingContext.http(server.baseUri());
 * scenario.setUp(context);
 * scenario.run(context.iteration(0));
 * assertThat(context.errors()).isEmpty();
 * assertThat(context.latencies("my.first_byte")).hasSize(1);
 * }</pre>
 *
 * <p>Unlike the engine it keeps every value (not a histogram), has no warm-up (its iterations
 * are all measured) and allocates while recording: it is for a few iterations in a test, not for
 * load. Getters that take a metric name fail, naming the registered metrics, when the scenario
 * never registered that name, so a typo does not pass as "nothing recorded".
 *
 * <p>Thread-safe: iterations may record from any thread (a driver's callbacks) while a test
 * reads; each getter returns a copy taken at the call.
 */
public final class RecordingContext implements ScenarioContext {

    private static final Duration DEFAULT_RUN_LEFT = Duration.ofHours(1);

    private final Endpoints endpoints;
    private final LoadPlan plan;
    private final ChannelThreads channelThreads;
    private final Map<String, Latency> latencyMetrics = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> latencyValues = new ConcurrentHashMap<>();
    private final Map<String, Counter> counterMetrics = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counterTotals = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    private RecordingContext(Endpoints endpoints, LoadPlan plan, ChannelThreads channelThreads) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.channelThreads = Objects.requireNonNull(channelThreads, "channelThreads");
    }

    /** A context whose target listens at {@code endpoints}, running a closed plan of 1 channel. */
    public static RecordingContext of(Endpoints endpoints) {
        return new RecordingContext(endpoints, LoadPlan.closed(1), ChannelThreads.PLATFORM);
    }

    /** A context whose target has one HTTP endpoint, {@code baseUri} (e.g. {@code http://127.0.0.1:8080}). */
    public static RecordingContext http(URI baseUri) {
        return of(new Endpoints(Map.of(Endpoints.HTTP, baseUri)));
    }

    /** A context whose target has one gRPC endpoint, {@code grpc://127.0.0.1:<port>}. */
    public static RecordingContext grpc(int port) {
        return of(new Endpoints(Map.of(Endpoints.GRPC, URI.create("grpc://127.0.0.1:" + port))));
    }

    /** A new, empty context like this one whose {@link #plan()} is {@code plan}, for scenarios that size themselves. */
    public RecordingContext withPlan(LoadPlan plan) {
        return new RecordingContext(endpoints, plan, channelThreads);
    }

    /** A new, empty context like this one whose {@link #channelThreads()} is {@code threads}. */
    public RecordingContext withChannelThreads(ChannelThreads threads) {
        return new RecordingContext(endpoints, plan, threads);
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public LatencyMetric latency(String name, String description) {
        Objects.requireNonNull(name, "name");
        latencyValues.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>()));
        return latencyMetrics.computeIfAbsent(name, n -> new Latency(n, description));
    }

    @Override
    public CounterMetric counter(String name, String unit) {
        Objects.requireNonNull(name, "name");
        counterTotals.computeIfAbsent(name, n -> new AtomicLong());
        return counterMetrics.computeIfAbsent(name, n -> new Counter(n, unit));
    }

    @Override
    public LoadPlan plan() {
        return plan;
    }

    @Override
    public ChannelThreads channelThreads() {
        return channelThreads;
    }

    /** Iteration {@code index} of channel 0, with the run ending in an hour. */
    public RecordingIteration iteration(long index) {
        return iteration(0, index, DEFAULT_RUN_LEFT);
    }

    /**
     * Iteration {@code index} of {@code channel}, starting now, with the run ending {@code runLeft}
     * from now ({@link Duration#ZERO}: the run's deadline has come, as at the end of a run).
     */
    public RecordingIteration iteration(int channel, long index, Duration runLeft) {
        long start = System.nanoTime();
        return new RecordingIteration(new ContextIteration(channel, index, start, start + runLeft.toNanos()));
    }

    /**
     * The values recorded into latency metric {@code name}, in nanoseconds, in the order they were
     * recorded; empty when registered but never recorded.
     *
     * @throws IllegalArgumentException when no latency metric of that name was registered
     */
    public List<Long> latencies(String name) {
        List<Long> values = latencyValues.get(name);
        if (values == null) {
            throw unknown("latency metric", name, latencyValues.keySet());
        }
        synchronized (values) {
            return List.copyOf(values);
        }
    }

    /**
     * The total added to counter {@code name}; 0 when registered but never added to.
     *
     * @throws IllegalArgumentException when no counter of that name was registered
     */
    public long counterTotal(String name) {
        AtomicLong total = counterTotals.get(name);
        if (total == null) {
            throw unknown("counter", name, counterTotals.keySet());
        }
        return total.get();
    }

    /** Every error code given to {@code Iteration.fail}, in order, one entry per call. */
    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** How many times each error code was given to {@code Iteration.fail}, in the order codes first came. */
    public Map<String, Long> errorCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String code : errors()) {
            counts.merge(code, 1L, Long::sum);
        }
        return counts;
    }

    /** The names of every latency metric and counter the scenario registered, sorted. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>(latencyValues.keySet());
        names.addAll(counterTotals.keySet());
        return names;
    }

    /** The description a latency metric was registered with. */
    public String description(String latencyName) {
        Latency metric = latencyMetrics.get(latencyName);
        if (metric == null) {
            throw unknown("latency metric", latencyName, latencyMetrics.keySet());
        }
        return metric.description();
    }

    private static IllegalArgumentException unknown(String what, String name, Set<String> registered) {
        return new IllegalArgumentException("the scenario registered no " + what + " '" + name
                + "' with this context; it registered " + new TreeSet<>(registered));
    }

    private record Latency(String name, String description) implements LatencyMetric {}

    private record Counter(String name, String unit) implements CounterMetric {}

    /** Records into the context's maps; the {@link RecordingIteration} around it remembers the failure. */
    private final class ContextIteration implements Iteration {
        private final int channel;
        private final long index;
        private final long startNanos;
        private final long deadlineNanos;

        ContextIteration(int channel, long index, long startNanos, long deadlineNanos) {
            this.channel = channel;
            this.index = index;
            this.startNanos = startNanos;
            this.deadlineNanos = deadlineNanos;
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
            return startNanos;
        }

        @Override
        public long deadlineNanos() {
            return deadlineNanos;
        }

        @Override
        public void record(LatencyMetric metric, long nanos) {
            List<Long> values = latencyValues.get(metric.name());
            if (values == null) {
                throw new IllegalStateException("latency metric '" + metric.name() + "' was not registered with this"
                        + " context: register it in the scenario's setUp(context)");
            }
            values.add(Math.max(0, nanos));
        }

        @Override
        public void add(CounterMetric counter, long amount) {
            AtomicLong total = counterTotals.get(counter.name());
            if (total == null) {
                throw new IllegalStateException("counter '" + counter.name() + "' was not registered with this"
                        + " context: register it in the scenario's setUp(context)");
            }
            total.addAndGet(amount);
        }

        @Override
        public void fail(String errorCode) {
            errors.add(errorCode);
        }
    }
}
