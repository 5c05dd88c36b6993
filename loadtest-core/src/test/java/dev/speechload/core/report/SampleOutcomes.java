package dev.speechload.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.HdrHistogram.Histogram;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.stats.HistogramCodec;
import dev.speechload.core.result.CounterSummary;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.ErrorSummary;
import dev.speechload.core.result.GeneratorSample;
import dev.speechload.core.result.GeneratorSummary;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.result.ThroughputSummary;

/** Realistic, deterministic outcomes for report tests: a ramped run with a slow leak. */
final class SampleOutcomes {

    static final long STARTED = 1_700_000_000_000L;
    private static final long MIB = 1024 * 1024;

    private SampleOutcomes() {
    }

    /** A run of {@code seconds} measured seconds sampled every second, judged with one FAIL and one WARN. */
    static TestOutcome judged(String testName, int seconds) {
        RunResult result = run(testName, seconds, 42);
        return new TestOutcome(result, verdict(testName), baseline());
    }

    static RunResult run(String testName, int seconds, long seed) {
        Random random = new Random(seed);
        int warmup = Math.max(1, seconds / 12);
        int steps = 5;
        int channels = 50;
        List<IntervalSample> intervals = new ArrayList<>();
        List<ResourceSample> server = new ArrayList<>();
        List<GeneratorSample> generator = new ArrayList<>();
        server.add(new ResourceSample(0, "before", 180 * MIB, 40, 22));
        int total = warmup + seconds;
        for (int t = 1; t <= total; t++) {
            boolean inWarmup = t <= warmup;
            int step = inWarmup ? 0 : Math.min(steps, 1 + (t - warmup - 1) * steps / Math.max(1, seconds / 2));
            int active = inWarmup ? channels / steps : step * channels / steps;
            double throughput = active * 9.5 * (1 + 0.05 * random.nextGaussian());
            long p50 = (long) (38e6 + active * 0.2e6 + random.nextGaussian() * 1e6);
            long p99 = (long) (p50 * (2.2 + 0.3 * random.nextDouble()));
            intervals.add(new IntervalSample(t * 1000L, step, active, inWarmup, (long) throughput,
                    random.nextInt(100) == 0 ? 1 : 0, throughput, p50, p99));
            long rss = 180 * MIB + active * 2 * MIB + (long) (t * 0.02 * MIB) + (long) (random.nextGaussian() * MIB);
            server.add(new ResourceSample(t * 1000L, "load", rss, 40 + active * 2L, 22 + active / 5));
            generator.add(new GeneratorSample(t * 1000L, (long) ((60 + (t % 20) * 6) * MIB), t * 3L, 70));
        }
        server.add(new ResourceSample((total + 2) * 1000L, "after", 205 * MIB, 42, 23));
        Histogram service = latencies(random, 38e6, 9e6, 200_000);
        Histogram ttfe = latencies(random, 120e6, 25e6, 50_000);
        Map<String, LatencySummary> latencies = new LinkedHashMap<>();
        latencies.put(RunResult.SERVICE_TIME, summary(service));
        latencies.put(RunResult.TIME_TO_FIRST_EVENT, summary(ttfe));
        Map<String, String> histograms = Map.of(RunResult.SERVICE_TIME, HistogramCodec.encode(service),
                RunResult.TIME_TO_FIRST_EVENT, HistogramCodec.encode(ttfe));
        long measured = seconds * 1000L;
        return new RunResult(RunResult.SCHEMA_VERSION, testName, false, STARTED, STARTED + total * 1000L + 2500,
                new PlanSummary("closed", channels, steps, seconds * 1000L / 2 / steps, 0, 0, warmup * 1000L,
                        measured, 0, 0, 1, "smoke", 1000),
                new EnvironmentInfo(2, 1024 * MIB, "17.0.15", "Debian", "Linux", "6.1.0", "amd64", "ci-runner-7",
                        "3f2c9ab"),
                new TargetInfo("process", "java -jar speech-server.jar --port 0", 4242,
                        Map.of("grpc", "127.0.0.1:50051", "http", "http://127.0.0.1:8080")),
                latencies,
                new ThroughputSummary(200_000, measured, 200_000.0 / seconds, 200_000.0 / seconds / channels, channels),
                Map.of("stt.partials", new CounterSummary(1_234_567, 1_234_567.0 / seconds, "events"),
                        "stt.audio_bytes", new CounterSummary(987_654_321L, 987_654_321.0 / seconds, "bytes")),
                new ErrorSummary(37, 37 / 200_000.0, Map.of("ERR2003", 30L, "HTTP_503", 5L, "TIMEOUT", 2L)),
                new ResourceSummary("proc:4242",
                        new ResourceSummary.MemoryFigures(180 * MIB, 290 * MIB, 205 * MIB, 110 * MIB, 25 * MIB,
                                0.02 * MIB, 0.91),
                        new ResourceSummary.CountFigures(40, 142, 42, 2),
                        new ResourceSummary.CountFigures(22, 32, 23, 1)),
                new GeneratorSummary(180 * MIB, 212, 1840, 74, 1_800_000),
                intervals, server, generator, histograms, List.of(), null, null);
    }

    static Histogram latencies(Random random, double median, double spread, int count) {
        Histogram h = new Histogram(1_000, 60_000_000_000L, 3);
        for (int i = 0; i < count; i++) {
            double v = median + spread * random.nextGaussian();
            if (random.nextInt(1000) == 0) {
                v *= 4 + random.nextInt(6);
            }
            h.recordValue((long) Math.max(1_000, v));
        }
        return h;
    }

    static LatencySummary summary(Histogram h) {
        return new LatencySummary(h.getTotalCount(), h.getMinValue(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(95), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean(), h.getStdDeviation(), 0);
    }

    static Verdict verdict(String testName) {
        return new Verdict(testName, VerdictStatus.FAIL, true, List.of(
                new MetricVerdict("latency.service_time.p99", "ns", VerdictStatus.FAIL, 48e6, 79e6, 64.6,
                        "warn > +20 %, fail > +50 %", "p99 rose 64.6 % over the baseline"),
                new MetricVerdict("throughput", "per_second", VerdictStatus.WARN, 420.0, 333.0, -20.7,
                        "warn < -20 %", "throughput fell 20.7 %"),
                new MetricVerdict("memory.growth", "bytes", VerdictStatus.PASS, 100.0 * MIB, 110.0 * MIB, 10.0,
                        "warn > +50 %", "within threshold"),
                new MetricVerdict("memory.slope", "bytes_per_second", VerdictStatus.PASS, null, 0.02 * MIB, null,
                        "fail > 0.1 MB/s", "below the hard limit"),
                new MetricVerdict("errors.ratio", "ratio", VerdictStatus.PASS, 0.0001, 0.000185, 85.0,
                        "fail > 5 %", "below the hard limit")),
                List.of("The baseline was recorded on a machine with 4 CPUs; this one has 2."));
    }

    static BaselineReference baseline() {
        Random random = new Random(7);
        Map<String, String> histograms = Map.of(
                RunResult.SERVICE_TIME, HistogramCodec.encode(latencies(random, 35e6, 7e6, 150_000)),
                RunResult.TIME_TO_FIRST_EVENT, HistogramCodec.encode(latencies(random, 110e6, 20e6, 40_000)));
        return new BaselineReference(STARTED - 86_400_000L * 3, "9e1d0c4", 270 * MIB, 178 * MIB, histograms);
    }
}
