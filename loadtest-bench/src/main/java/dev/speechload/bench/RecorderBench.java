package dev.speechload.bench;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.internal.BenchAccess;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.record.internal.CounterRecorder;
import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.record.internal.MetricRegistry;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The hot path: what one event costs a channel thread. A scenario records a latency (into a
 * {@link LatencyRecorder}: the thread's own 64-value buffer, moved into a striped histogram once
 * per 64 values) and bumps a counter (a {@code LongAdder}) per event; the engine does the same per
 * iteration. Nothing on this path may lock per value, allocate or do I/O (STYLE.md item 8), so
 * {@code -prof gc} must show about 0 B/op.
 *
 * <p><b>What to expect</b> (2-core AMD EPYC VM, JDK 17; figures and conditions in
 * {@code docs/performance.md}): {@code baseline} under 1 ns; {@code recordEvent} close to
 * {@code referenceSingleWriterRecorder}; the goal with {@code -t 2} is at most 20 ns per thread (the threads share no cache
 * line on the way; {@link RecorderCpuTime} measured 13-18 ns of CPU, but JMH has only run on a
 * loaded machine so far); {@code iterationRecordEvent} about 12 ns more (the warm-up check and two
 * lock-free map lookups by name). The two reference methods show the alternatives under the same
 * conditions: {@code referenceSharedRecorder}, the multi-writer {@code Recorder} every thread
 * shared before (70 ns or more per thread with {@code -t 2}), and
 * {@code referenceSingleWriterRecorder}, a {@code SingleWriterRecorder} per thread (fast, but two
 * 193 KB histograms per thread and metric). Every method allocates 0 B/op.
 *
 * <p>The methods, cheapest first:
 * <ul>
 *   <li>{@code baseline}: nothing; the cost of the harness call itself.</li>
 *   <li>{@code recordLatency}: one value into a {@link LatencyRecorder}.</li>
 *   <li>{@code recordEvent}: one event as the engine records it: a latency and a counter add.</li>
 *   <li>{@code iterationRecordEvent}: the same event through the engine's {@link Iteration}
 *       (what a scenario calls): warm-up check, metric lookup by name, then both recorders.</li>
 *   <li>{@code iterationWarmupDropped}: the same call during warm-up, where the values are dropped.</li>
 *   <li>{@code referenceSingleWriterRecorder}: for comparison, HdrHistogram's one-writer recorder
 *       (one per thread).</li>
 *   <li>{@code referenceSharedRecorder}: for comparison, HdrHistogram's multi-writer recorder
 *       shared by all threads, as {@link LatencyRecorder} was before it buffered per thread.</li>
 * </ul>
 * Latency values cycle through 1,024 seeded values from 100 µs to about 2 s, so the histogram
 * index and the clamp branch vary as in a real run.
 *
 * <p><b>How to run</b> (from the repository root, after
 * {@code mvn -B -o -q -pl loadtest-bench package}):
 * <pre>
 * java -jar loadtest-bench/target/benchmarks.jar RecorderBench -prof gc -f 1 -wi 3 -i 5 -t 1
 * java -jar loadtest-bench/target/benchmarks.jar RecorderBench -prof gc -f 1 -wi 3 -i 5 -t 2
 * </pre>
 * or run {@link #main}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecorderBench {

    /** Number of distinct latency values each thread cycles through; a power of two. */
    static final int VALUES = 1024;

    /** What every thread records into: one trial's metrics, shared like the channels share them. */
    @State(Scope.Benchmark)
    public static class Shared {
        MetricRegistry registry;
        LatencyRecorder latency;
        CounterRecorder counter;
        Recorder sharedMultiWriter;

        @Setup
        public void setUp() {
            sharedMultiWriter = new Recorder(
                    LatencyRecorder.LOWEST_DISCERNIBLE_NANOS,
                    LatencyRecorder.HIGHEST_TRACKABLE_NANOS,
                    LatencyRecorder.SIGNIFICANT_DIGITS);
            registry = new MetricRegistry();
            latency = registry.latency("bench.latency", "benchmark values");
            counter = registry.counter("bench.events", "events");
        }
    }

    /** Per thread, like a channel: its own {@link Iteration} and its own sequence of values. */
    @State(Scope.Thread)
    public static class Channel {
        Iteration measured;
        Iteration warmup;
        LatencyMetric latencyHandle;
        CounterMetric counterHandle;
        final long[] valuesNanos = new long[VALUES];
        int next;
        SingleWriterRecorder singleWriter;

        @Setup
        public void setUp(Shared shared) {
            singleWriter = new SingleWriterRecorder(
                    LatencyRecorder.LOWEST_DISCERNIBLE_NANOS,
                    LatencyRecorder.HIGHEST_TRACKABLE_NANOS,
                    LatencyRecorder.SIGNIFICANT_DIGITS);
            long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
            measured = BenchAccess.measuredIteration(shared.registry, 0, deadline);
            warmup = BenchAccess.warmupIteration(shared.registry, 0, deadline);
            latencyHandle = shared.latency;
            counterHandle = shared.counter;
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < VALUES; i++) {
                // Log-uniform from 100 µs to ~2 s: every magnitude an STT latency can take.
                valuesNanos[i] = (long) (100_000 * Math.pow(10, random.nextDouble() * 4.3));
            }
        }

        long nextValueNanos() {
            return valuesNanos[next++ & (VALUES - 1)];
        }
    }

    @Benchmark
    public void baseline() {
        // Intentionally empty: the harness's own cost per call.
    }

    @Benchmark
    public void recordLatency(Shared shared, Channel channel) {
        shared.latency.record(channel.nextValueNanos());
    }

    @Benchmark
    public void recordEvent(Shared shared, Channel channel) {
        shared.latency.record(channel.nextValueNanos());
        shared.counter.add(1);
    }

    @Benchmark
    public void iterationRecordEvent(Channel channel) {
        channel.measured.record(channel.latencyHandle, channel.nextValueNanos());
        channel.measured.add(channel.counterHandle, 1);
    }

    @Benchmark
    public void iterationWarmupDropped(Channel channel) {
        channel.warmup.record(channel.latencyHandle, channel.nextValueNanos());
        channel.warmup.add(channel.counterHandle, 1);
    }

    /**
     * For comparison only, not the engine's path: HdrHistogram's {@link SingleWriterRecorder} (one
     * writer thread, so no contended atomic per count), one per JMH thread. Fast, but each holds two
     * full histograms (about 386 KB), which is why {@link LatencyRecorder} buffers per thread instead.
     */
    @Benchmark
    public void referenceSingleWriterRecorder(Channel channel) {
        channel.singleWriter.recordValue(channel.nextValueNanos());
    }

    /**
     * For comparison only: what {@link LatencyRecorder} did before it kept a buffer per thread,
     * HdrHistogram's multi-writer {@link Recorder} shared by every thread. Run in the same JVM as
     * the other methods, it shows what the per-thread design saves under the same conditions.
     */
    @Benchmark
    public void referenceSharedRecorder(Shared shared, Channel channel) {
        shared.sharedMultiWriter.recordValue(channel.nextValueNanos());
    }

    /** Runs this benchmark with the GC profiler, one thread. */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                        .include(RecorderBench.class.getSimpleName())
                        .addProfiler("gc")
                        .threads(1)
                        .build())
                .run();
    }
}
