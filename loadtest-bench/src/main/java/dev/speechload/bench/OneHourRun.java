package dev.speechload.bench;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.GeneratorSample;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.stats.RunResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * A realistic result of a one-hour, 100-channel STT run, made in memory from a fixed seed: one
 * sample per second in every series (3,600 interval samples, 3,602 server readings with
 * before/after, 3,600 generator readings), four latency metrics of 360,000 values each, counters,
 * two error codes, and a verdict against a baseline of the same run (so the verdict table is
 * drawn too). The input of {@link ReportBench}. Stateless; every call builds a new outcome.
 */
final class OneHourRun {

    /** Samples per series: one per second for an hour. */
    static final int SAMPLES = 3_600;

    private static final int VALUES_PER_METRIC = 360_000;
    private static final long START_EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private OneHourRun() {}

    /** The outcome a report is written from. */
    static TestOutcome outcome() {
        RunResult result = result();
        return new TestOutcome(
                result, Verdicts.judge(result, Optional.of(Baseline.from(result)), Thresholds.defaults()), null);
    }

    static RunResult result() {
        SplittableRandom random = new SplittableRandom(7);
        LoadPlan plan = LoadPlan.closed(100)
                .withRamp(10, Duration.ofSeconds(30))
                .withWarmup(Duration.ofSeconds(60))
                .withDuration(Duration.ofHours(1));
        Map<String, Histogram> latencies = new LinkedHashMap<>();
        latencies.put(RunResult.SERVICE_TIME, histogram(random, 4_000_000_000L, 0.15));
        latencies.put(RunResult.TIME_TO_FIRST_EVENT, histogram(random, 180_000_000L, 0.4));
        latencies.put("stt.final_latency", histogram(random, 90_000_000L, 0.5));
        latencies.put("generator.grpc.send_lag", histogram(random, 200_000L, 1.0));
        Map<String, Long> clamped = new LinkedHashMap<>();
        latencies.keySet().forEach(name -> clamped.put(name, 0L));
        Map<String, TrialData.Count> counters = new LinkedHashMap<>();
        counters.put("stt.responses", new TrialData.Count(3_240_000, "responses"));
        counters.put("stt.media_ms", new TrialData.Count(360_000_000, "ms"));
        counters.put("iterations.cut", new TrialData.Count(12, "iterations"));

        List<IntervalSample> series = new ArrayList<>(SAMPLES);
        List<ResourceSample> server = new ArrayList<>(SAMPLES + 2);
        List<GeneratorSample> generator = new ArrayList<>(SAMPLES);
        server.add(new ResourceSample(0, "before", 180L << 20, 40, 30));
        for (int i = 1; i <= SAMPLES; i++) {
            long offset = i * 1_000L;
            int step = Math.min(10, 1 + i / 30);
            boolean warm = i <= 60;
            long done = 24 + random.nextInt(4);
            series.add(new IntervalSample(
                    offset,
                    warm ? 0 : step,
                    step * 10,
                    warm,
                    done,
                    random.nextInt(50) == 0 ? 1 : 0,
                    done,
                    3_900_000_000L + random.nextInt(200_000_000),
                    4_400_000_000L + random.nextInt(400_000_000)));
            server.add(new ResourceSample(
                    offset,
                    "load",
                    (420L << 20) + i * 2_000L + random.nextInt(1 << 20),
                    120 + random.nextInt(8),
                    64 + random.nextInt(4)));
            generator.add(new GeneratorSample(offset, (200L << 20) + random.nextInt(64 << 20), i / 10, 140));
        }
        server.add(new ResourceSample(SAMPLES * 1_000L + 500, "after", 430L << 20, 40, 30));

        long measuredNanos = Duration.ofHours(1).toNanos();
        TrialData trial = new TrialData(
                0,
                START_EPOCH_MILLIS,
                START_EPOCH_MILLIS + 3_661_000,
                measuredNanos,
                VALUES_PER_METRIC,
                31,
                Map.of("ERR2003", 30L, "TIMEOUT", 1L),
                100,
                latencies,
                clamped,
                counters,
                series,
                "/proc/4242",
                server,
                generator,
                420,
                3_100,
                -1);
        EnvironmentInfo environment = new EnvironmentInfo(
                2,
                6L << 30,
                "17.0.15",
                "Debian",
                "Linux",
                "6.1",
                "amd64",
                "bench-host",
                "0123456789abcdef0123456789abcdef01234567");
        TargetInfo target = new TargetInfo(
                "process",
                "java -jar speechload-server.jar --engine-rtf 0.05",
                4242,
                Map.of("grpc", "grpc://127.0.0.1:50051", "http", "http://127.0.0.1:8000"));
        return RunResults.assemble(
                "ReportBench.oneHourRun", RunResults.plan(plan, "full"), environment, target, List.of(trial), false);
    }

    /** Log-normal values around {@code medianNanos}, like real latencies. */
    private static Histogram histogram(SplittableRandom random, long medianNanos, double sigma) {
        Histogram h = LatencyRecorder.newHistogram();
        for (int i = 0; i < VALUES_PER_METRIC; i++) {
            double gaussian =
                    Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            long v = (long) (medianNanos * Math.exp(sigma * gaussian));
            h.recordValue(Math.min(Math.max(v, 0), LatencyRecorder.HIGHEST_TRACKABLE_NANOS));
        }
        return h;
    }
}
