package dev.speechload.bench;

import dev.speechload.core.record.internal.LatencyRecorder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Recording cost in CPU time per value, beside {@link RecorderBench}: JMH reports wall-clock time,
 * which on a shared machine counts the time other processes hold the cores. Each of 1 and 2
 * threads records {@code --values} values (after as many for warm-up) and reads its own thread
 * CPU time, for {@link LatencyRecorder}, a shared multi-writer {@link Recorder} (the old design)
 * and a {@link SingleWriterRecorder} per thread. CPU time hides part of the shared recorder's
 * contention (threads not running at the same instant do not contend), so its 2-thread figure is
 * a lower bound. Prints one line per configuration and repeat.
 *
 * <p>Run: {@code java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.RecorderCpuTime
 * [--values 50000000] [--repeats 3]}.
 */
public final class RecorderCpuTime {

    private static final long[] VALUES_NANOS = new long[RecorderBench.VALUES];

    static {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < VALUES_NANOS.length; i++) {
            VALUES_NANOS[i] = (long) (100_000 * Math.pow(10, random.nextDouble() * 4.3));
        }
    }

    private RecorderCpuTime() {}

    public static void main(String[] args) throws InterruptedException {
        Args a = Args.parse("RecorderCpuTime", args, Map.of("values", "50000000", "repeats", "3"));
        int values = a.intValue("values", 1, 1_000_000_000);
        int repeats = a.intValue("repeats", 1, 100);
        for (int r = 0; r < repeats; r++) {
            for (int threads = 1; threads <= 2; threads++) {
                System.out.println(measure(threads, values));
            }
        }
    }

    /** One line: CPU ns per value of each recorder with {@code threads} threads, and the count check. */
    static String measure(int threads, int values) throws InterruptedException {
        LatencyRecorder latency = new LatencyRecorder("bench.latency", "benchmark values");
        Recorder shared = new Recorder(
                LatencyRecorder.LOWEST_DISCERNIBLE_NANOS,
                LatencyRecorder.HIGHEST_TRACKABLE_NANOS,
                LatencyRecorder.SIGNIFICANT_DIGITS);
        double rings = cpuNanosPerValue(threads, values, () -> latency::record);
        double multiWriter = cpuNanosPerValue(threads, values, () -> shared::recordValue);
        double singleWriter = cpuNanosPerValue(
                threads,
                values,
                () -> new SingleWriterRecorder(
                        LatencyRecorder.LOWEST_DISCERNIBLE_NANOS,
                        LatencyRecorder.HIGHEST_TRACKABLE_NANOS,
                        LatencyRecorder.SIGNIFICANT_DIGITS)::recordValue);
        long counted = latency.sampleInterval().getTotalCount();
        return String.format(
                "threads %d: LatencyRecorder %.1f, shared Recorder %.1f, SingleWriterRecorder per thread"
                        + " %.1f CPU ns per value; LatencyRecorder counted %d of %d values",
                threads, rings, multiWriter, singleWriter, counted, 2L * threads * values);
    }

    private static double cpuNanosPerValue(int threads, int values, Supplier<LongConsumer> perThread)
            throws InterruptedException {
        double[] nanosPerValue = new double[threads];
        CyclicBarrier together = new CyclicBarrier(threads);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int self = t;
            workers[t] = new Thread(
                    () -> {
                        LongConsumer recorder = perThread.get();
                        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                        record(recorder, values); // warm-up
                        try {
                            together.await();
                        } catch (InterruptedException | BrokenBarrierException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        long start = mx.getCurrentThreadCpuTime();
                        record(recorder, values);
                        nanosPerValue[self] = (mx.getCurrentThreadCpuTime() - start) / (double) values;
                    },
                    "recorder-cpu-" + t);
            workers[t].start();
        }
        double sum = 0;
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            sum += nanosPerValue[t];
        }
        return sum / threads;
    }

    private static void record(LongConsumer recorder, int values) {
        for (int i = 0; i < values; i++) {
            recorder.accept(VALUES_NANOS[i & (VALUES_NANOS.length - 1)]);
        }
    }
}
