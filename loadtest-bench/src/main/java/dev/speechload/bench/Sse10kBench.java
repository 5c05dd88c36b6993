package dev.speechload.bench;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.target.Endpoints;
import dev.speechload.sse.SseEvent;
import dev.speechload.sse.SseListener;
import dev.speechload.sse.SseScenario;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Issue #15's SSE goal: {@code --streams} concurrent streams (default 10,000) of one event per
 * second each from a {@link SseTickServer} running in its own JVM, opened through
 * {@link SseScenario#start} (the asynchronous driver) the way the engine's asynchronous path will
 * call it, but without the engine (its asynchronous scheduler is being built beside this): one
 * thread starts every stream in a loop, and each stream's iteration records into shared
 * HdrHistogram {@link Recorder}s and {@link LongAdder}s, as the engine's recorders would.
 *
 * <p>It reports: whether every event was received (the driver's {@code sse.events} against
 * streams x events, no error); generator heap per open stream (live heap after full collections
 * once every stream has seen 3 events, minus the heap before any opened, per stream; goal at most
 * 32 KB); threads; the time {@code start} takes (it must not block); and the event delivery lag:
 * the wall-clock microseconds from the server writing an event to the driver's listener seeing
 * it (both JVMs read the same clock), counted from 2 s after the heap reading (whose full
 * collections stop every thread) to the end. This is a stream-level
 * figure: the engine's scheduling lag is measured once its asynchronous path runs these streams.
 *
 * <p>How to run (after {@code mvn -B -o -q -pl loadtest-bench -am package -DskipTests}):
 * <pre>
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.SseTickServer --events 60 --interval-ms 1000 &amp;
 * java -Xmx2g -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.Sse10kBench --port PORT --events 60
 * </pre>
 */
public final class Sse10kBench {

    private Sse10kBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse("Sse10kBench", argv, Map.of("port", "0", "streams", "10000", "events", "60"));
        int port = args.intValue("port", 1, 65_535);
        int streams = args.intValue("streams", 1, 100_000);
        long events = args.longValue("events", 4, 100_000);
        System.out.println(Conditions.machine());
        System.out.println("load average before: " + Conditions.loadAverage());

        LongAdder seen = new LongAdder();
        LongAdder opened = new LongAdder();
        Recorder lag = new Recorder(1, TimeUnit.SECONDS.toMicros(60), 3);
        boolean[] steady = {false}; // set once by main, read by the workers (a stale read only delays counting)
        SseScenario scenario = SseScenario.get("http://127.0.0.1:" + port + "/events")
                .withReadTimeout(Duration.ofSeconds(30))
                .withConnectTimeout(Duration.ofSeconds(30))
                .withStreamTimeout(Duration.ofMinutes(30))
                .withListener(new SseListener() {
                    @Override
                    public void onOpen(int status, String contentType) {
                        opened.increment();
                    }

                    @Override
                    public void onEvent(SseEvent event, long sinceStartNanos) {
                        seen.increment();
                        if (steady[0]) {
                            lag.recordValue(Math.max(1, nowMicros() - sentMicros(event)));
                        }
                    }
                });
        BenchContext context = new BenchContext(streams);
        scenario.setUp(context);
        int threadsBefore = Heap.threadCount();
        long heapBefore = Heap.liveAfterFullGcBytes();

        Histogram startCall = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        CompletableFuture<?>[] ends = new CompletableFuture<?>[streams];
        long begin = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            long t0 = System.nanoTime();
            ends[i] = scenario.start(context.iteration(i)).toCompletableFuture();
            startCall.recordValue(System.nanoTime() - t0);
        }
        while (opened.sum() < streams || seen.sum() < 3L * streams) {
            if (System.nanoTime() - begin > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException(opened.sum() + " of " + streams + " streams open after 5 minutes");
            }
            Thread.sleep(20);
        }
        double openSeconds = (System.nanoTime() - begin) / 1e9;
        long heapOpen = Heap.liveAfterFullGcBytes();
        int threadsOpen = Heap.threadCount();
        long rss = Heap.residentBytes();
        // Lag counts from here: the full collections of the heap reading above stop every thread.
        Thread.sleep(2_000);
        steady[0] = true;
        long failed = 0;
        for (CompletableFuture<?> end : ends) {
            try {
                end.get(30, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException e) {
                failed++;
                if (failed <= 3) {
                    System.out.println("stream failed: " + e.getCause().getMessage());
                }
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        scenario.tearDown();
        Histogram lagMicros = lag.getIntervalHistogram();
        long counted = context.counter("sse.events");
        System.out.printf(Locale.ROOT, "%d streams x %d events (1 per second): %,d events counted (%,d expected),"
                        + " %d streams ok, %d failed, %.1f s in all (all open and 3 events in after %.1f s)%n",
                streams, events, counted, streams * events, context.counter("sse.streams_ok"), failed, seconds,
                openSeconds);
        System.out.printf(Locale.ROOT, "generator heap per open stream: %.1f KB (live %.1f MiB with the streams"
                        + " open, %.1f MiB before; goal <= 32 KB); threads %d (%d before); resident set %.0f MiB%n",
                (heapOpen - heapBefore) / 1024.0 / streams, heapOpen / 1048576.0, heapBefore / 1048576.0,
                threadsOpen, threadsBefore, rss / 1048576.0);
        System.out.printf(Locale.ROOT, "start() call: p50 %.1f us, p99 %.1f us, max %.1f us%n",
                startCall.getValueAtPercentile(50) / 1e3, startCall.getValueAtPercentile(99) / 1e3,
                startCall.getMaxValue() / 1e3);
        System.out.printf(Locale.ROOT, "event delivery lag (server write to listener, wall clock, %,d events with"
                        + " every stream open): p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (goal p99 <= 5 ms)%n",
                lagMicros.getTotalCount(), lagMicros.getValueAtPercentile(50) / 1e3,
                lagMicros.getValueAtPercentile(99) / 1e3, lagMicros.getValueAtPercentile(99.9) / 1e3,
                lagMicros.getMaxValue() / 1e3);
        System.out.println("load average after: " + Conditions.loadAverage());
        if (counted != streams * events || failed > 0) {
            System.out.println("MISSED: not every event of every stream was counted");
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** The server's write time: the second word of {@code <n> <micros>}. */
    private static long sentMicros(SseEvent event) {
        String data = event.data();
        return Long.parseLong(data.substring(data.indexOf(' ') + 1));
    }

    private record Latency(String name, String description) implements LatencyMetric {
    }

    private record Counter(String name, String unit) implements CounterMetric {
    }

    /** Metrics as shared recorders and adders (what the engine's recorders cost is not measured here). */
    private static final class BenchContext implements ScenarioContext {
        private final LoadPlan plan;
        private final Map<String, Recorder> latencies = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

        BenchContext(int channels) {
            plan = LoadPlan.closed(channels);
        }

        @Override
        public Endpoints endpoints() {
            return new Endpoints(Map.of());
        }

        @Override
        public LatencyMetric latency(String name, String description) {
            latencies.computeIfAbsent(name, k -> new Recorder(1, TimeUnit.HOURS.toNanos(1), 3));
            return new Latency(name, description);
        }

        @Override
        public CounterMetric counter(String name, String unit) {
            counters.computeIfAbsent(name, k -> new LongAdder());
            return new Counter(name, unit);
        }

        @Override
        public LoadPlan plan() {
            return plan;
        }

        long counter(String name) {
            LongAdder a = counters.get(name);
            return a == null ? 0 : a.sum();
        }

        Iteration iteration(int channel) {
            long start = System.nanoTime();
            return new Iteration() {
                @Override
                public int channel() {
                    return channel;
                }

                @Override
                public long index() {
                    return 0;
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
                    return start + TimeUnit.HOURS.toNanos(1);
                }

                @Override
                public void record(LatencyMetric metric, long nanos) {
                    latencies.get(metric.name()).recordValue(Math.min(Math.max(1, nanos), TimeUnit.HOURS.toNanos(1)));
                }

                @Override
                public void add(CounterMetric counter, long amount) {
                    counters.get(counter.name()).add(amount);
                }

                @Override
                public void fail(String errorCode) {
                    counters.computeIfAbsent("errors." + errorCode, k -> new LongAdder()).increment();
                }
            };
        }
    }
}
