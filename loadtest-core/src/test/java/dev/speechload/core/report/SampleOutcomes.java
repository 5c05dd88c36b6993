package dev.speechload.core.report;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.result.Comparison;
import dev.speechload.core.result.CounterSummary;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.ErrorSummary;
import dev.speechload.core.result.GeneratorSample;
import dev.speechload.core.result.GeneratorSummary;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthFigures;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.PairedFigure;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.result.ThroughputSummary;
import dev.speechload.core.result.TrialFigures;
import dev.speechload.core.stats.internal.HistogramCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** Realistic, deterministic outcomes for report tests: a ramped run with a slow leak, and an A/B comparison. */
final class SampleOutcomes {

    static final long STARTED = 1_700_000_000_000L;
    private static final long MIB = 1024 * 1024;

    private SampleOutcomes() {}

    /** A run of {@code seconds} measured seconds sampled every second, judged with one FAIL and one WARN. */
    static TestOutcome judged(String testName, int seconds) {
        RunResult result = run(testName, seconds, 42);
        return new TestOutcome(result, verdict(testName), baseline());
    }

    static RunResult run(String testName, int seconds, long seed) {
        return run(testName, seconds, seed, 1);
    }

    /** A run as {@link #run(String, int, long)}, its recorded latencies {@code latencyFactor} times as long. */
    static RunResult run(String testName, int seconds, long seed, double latencyFactor) {
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
            intervals.add(new IntervalSample(
                    t * 1000L,
                    step,
                    active,
                    inWarmup,
                    (long) throughput,
                    random.nextInt(100) == 0 ? 1 : 0,
                    throughput,
                    p50,
                    p99));
            long rss = 180 * MIB + active * 2 * MIB + (long) (t * 0.02 * MIB) + (long) (random.nextGaussian() * MIB);
            server.add(new ResourceSample(t * 1000L, "load", rss, 40 + active * 2L, 22 + active / 5));
            generator.add(new GeneratorSample(t * 1000L, (long) ((60 + (t % 20) * 6) * MIB), t * 3L, 70));
        }
        server.add(new ResourceSample((total + 2) * 1000L, "after", 205 * MIB, 42, 23));
        Histogram service = latencies(random, 38e6 * latencyFactor, 9e6 * latencyFactor, 200_000);
        Histogram ttfe = latencies(random, 120e6 * latencyFactor, 25e6 * latencyFactor, 50_000);
        Map<String, LatencySummary> latencies = new LinkedHashMap<>();
        latencies.put(RunResult.SERVICE_TIME, summary(service));
        latencies.put(RunResult.TIME_TO_FIRST_EVENT, summary(ttfe));
        Map<String, String> histograms = Map.of(
                RunResult.SERVICE_TIME,
                HistogramCodec.encode(service),
                RunResult.TIME_TO_FIRST_EVENT,
                HistogramCodec.encode(ttfe));
        long measured = seconds * 1000L;
        return new RunResult(
                RunResult.SCHEMA_VERSION,
                testName,
                false,
                STARTED,
                STARTED + total * 1000L + 2500,
                new PlanSummary(
                        "closed",
                        channels,
                        steps,
                        seconds * 1000L / 2 / steps,
                        0,
                        0,
                        warmup * 1000L,
                        measured,
                        0,
                        0,
                        1,
                        "smoke",
                        1000),
                new EnvironmentInfo(
                        2, 1024 * MIB, "17.0.15", "Debian", "Linux", "6.1.0", "amd64", "ci-runner-7", "3f2c9ab"),
                new TargetInfo(
                        "process",
                        "java -jar speech-server.jar --port 0",
                        4242,
                        Map.of("grpc", "127.0.0.1:50051", "http", "http://127.0.0.1:8080")),
                latencies,
                new ThroughputSummary(200_000, measured, 200_000.0 / seconds, 200_000.0 / seconds / channels, channels),
                Map.of(
                        "stt.partials",
                        new CounterSummary(1_234_567, 1_234_567.0 / seconds, "events"),
                        "stt.audio_bytes",
                        new CounterSummary(987_654_321L, 987_654_321.0 / seconds, "bytes")),
                new ErrorSummary(37, 37 / 200_000.0, Map.of("ERR2003", 30L, "HTTP_503", 5L, "TIMEOUT", 2L)),
                new ResourceSummary(
                        "proc:4242",
                        new ResourceSummary.MemoryFigures(
                                180 * MIB, 290 * MIB, 205 * MIB, 110 * MIB, 25 * MIB, 0.02 * MIB, 0.91),
                        new ResourceSummary.CountFigures(40, 142, 42, 2),
                        new ResourceSummary.CountFigures(22, 32, 23, 1)),
                new GeneratorSummary(180 * MIB, 212, 1840, 74, 1_800_000),
                intervals,
                server,
                generator,
                histograms,
                List.of(),
                null,
                null);
    }

    /** The order the sample A/B outcome ran its pairs in. */
    static final List<String> AB_ORDER = List.of("AB", "BA", "BA", "AB", "BA", "AB", "AB", "BA");

    static final String BUILD_A = "java -jar speech-server-1.3.0.jar --port 0";
    static final String BUILD_B = "java -jar speech-server-1.4.0-rc1.jar --port 0";
    /** The pair (0-based) whose A trial was COMPROMISED, so the judged figures leave it out. */
    static final int LEFT_OUT_PAIR = 4;
    /** The pair (0-based) whose B trial was DEGRADED: shown, still kept. */
    static final int DEGRADED_PAIR = 2;

    /**
     * An interleaved A/B outcome of 8 pairs: the candidate (B) is about 12 % slower at the p99 of
     * service_time than the reference (A), a FAIL, and throughput holds (PASS). A's trial of pair 5
     * was COMPROMISED, so both figures leave that pair out; B's trial of pair 3 was DEGRADED.
     */
    static TestOutcome ab(String testName) {
        double[] p99MillisA = {84.1, 86.3, 83.2, 85.0, 97.9, 84.7, 85.9, 83.8};
        double[] p99MillisB = {94.2, 94.1, 95.7, 94.4, 99.9, 95.7, 92.8, 95.5};
        double[] throughputA = {3368, 3344, 3400, 3352, 3016, 3384, 3360, 3336};
        double[] throughputB = {3334.3, 3344.0, 3349.0, 3335.2, 3106.5, 3350.2, 3376.8, 3302.6};
        HealthStatus[] healthA = new HealthStatus[8];
        HealthStatus[] healthB = new HealthStatus[8];
        java.util.Arrays.fill(healthA, HealthStatus.HEALTHY);
        java.util.Arrays.fill(healthB, HealthStatus.HEALTHY);
        healthA[LEFT_OUT_PAIR] = HealthStatus.COMPROMISED;
        healthB[DEGRADED_PAIR] = HealthStatus.DEGRADED;
        RunResult a = asBuild(
                run(testName, 60, 21),
                BUILD_A,
                trials(p99MillisA, throughputA, healthA),
                new Health(
                        HealthStatus.HEALTHY,
                        "HEALTHY: 7 of 8 trials kept; trial 5 was COMPROMISED",
                        null,
                        List.of(),
                        8,
                        1));
        RunResult b = asBuild(
                run(testName, 60, 22, 1.12),
                BUILD_B,
                trials(p99MillisB, throughputB, healthB),
                new Health(
                        HealthStatus.DEGRADED,
                        "DEGRADED: CPU pressure 12 % in trial 3 (degraded above 10 %)",
                        null,
                        List.of("CPU pressure 12 % in trial 3 (degraded above 10 %)"),
                        8,
                        0));
        List<Boolean> kept = new ArrayList<>(java.util.Collections.nCopies(8, true));
        kept.set(LEFT_OUT_PAIR, false);
        PairedFigure p99 = new PairedFigure(
                "latency.service_time.p99",
                "ns",
                true,
                nanos(p99MillisA),
                nanos(p99MillisB),
                kept,
                1.1177,
                1.0904,
                1.1401,
                0.953);
        PairedFigure throughput = new PairedFigure(
                "throughput",
                "per_second",
                false,
                boxed(throughputA),
                boxed(throughputB),
                kept,
                0.9925,
                0.9875,
                1.0,
                0.953);
        Comparison comparison =
                new Comparison(Comparison.INTERLEAVED, 20261205L, AB_ORDER, a, List.of(p99, throughput));
        Verdict verdict = new Verdict(
                testName,
                VerdictStatus.FAIL,
                false,
                List.of(
                        new MetricVerdict(
                                "latency.service_time.p99",
                                "ns",
                                VerdictStatus.FAIL,
                                84.7e6,
                                94.4e6,
                                11.77,
                                "fail when the interval of B/A lies above +5 %",
                                "B/A 1.118 (95.3 % interval 1.090 to 1.140) over 7 of 8 pairs: B is slower",
                                7L),
                        new MetricVerdict(
                                "throughput",
                                "per_second",
                                VerdictStatus.PASS,
                                3360.0,
                                3344.0,
                                -0.75,
                                "fail when the interval of B/A lies below -10 %",
                                "B/A 0.9925 (95.3 % interval 0.9875 to 1.000) over 7 of 8 pairs"),
                        new MetricVerdict(
                                "errors.ratio",
                                "ratio",
                                VerdictStatus.PASS,
                                null,
                                0.000185,
                                null,
                                "fail > 5 %",
                                "below the hard limit"),
                        new MetricVerdict(
                                "memory.slope",
                                "bytes_per_second",
                                VerdictStatus.PASS,
                                null,
                                0.02 * MIB,
                                null,
                                "fail > 0.1 MB/s",
                                "below the hard limit")),
                List.of("A/B: 8 pairs in the order AB BA BA AB BA AB AB BA (seed 20261205)."));
        return TestOutcome.comparison(b, verdict, comparison);
    }

    /**
     * An open-model run whose arrivals queued behind a stalling server: response_time p99 far above
     * service_time p99, the generator healthy (lag p99 3 ms, CPU 20 %, GC 1 %).
     */
    static RunResult openModelBehindAStall(String testName) {
        RunResult r = run(testName, 30, 7);
        PlanSummary p = r.plan();
        PlanSummary plan = new PlanSummary(
                "open",
                p.channels(),
                p.rampSteps(),
                p.rampIntervalMillis(),
                40,
                p.warmupIterations(),
                p.warmupMillis(),
                p.durationMillis(),
                0,
                0,
                1,
                p.scale(),
                p.sampleIntervalMillis());
        Map<String, LatencySummary> latencies = new LinkedHashMap<>(r.latencies());
        LatencySummary service = r.latency(RunResult.SERVICE_TIME);
        latencies.put(
                RunResult.RESPONSE_TIME,
                new LatencySummary(
                        service.count(),
                        service.minNanos(),
                        service.p50Nanos() * 3,
                        service.p90Nanos() * 10,
                        service.p95Nanos() * 12,
                        930_600_000L,
                        950_000_000L,
                        990_000_000L,
                        service.meanNanos() * 4,
                        service.stdevNanos() * 8,
                        0));
        Health health = new Health(
                HealthStatus.HEALTHY,
                null,
                new HealthFigures(0.20, 0.02, 0.3, 0, 1.5, 0.01, 3_000_000L, 0, 0.6),
                List.of(),
                1,
                0);
        return new RunResult(
                r.schemaVersion(),
                r.testName(),
                r.partial(),
                r.startedAtEpochMillis(),
                r.finishedAtEpochMillis(),
                plan,
                r.environment(),
                r.target(),
                latencies,
                r.throughput(),
                r.counters(),
                r.errors(),
                r.server(),
                r.generator(),
                r.timeSeries(),
                r.serverSeries(),
                r.generatorSeries(),
                r.histograms(),
                List.of(),
                health,
                null);
    }

    /** The run with {@code server} as its server's resources. */
    static RunResult withServer(RunResult r, ResourceSummary server) {
        return new RunResult(
                r.schemaVersion(),
                r.testName(),
                r.partial(),
                r.startedAtEpochMillis(),
                r.finishedAtEpochMillis(),
                r.plan(),
                r.environment(),
                r.target(),
                r.latencies(),
                r.throughput(),
                r.counters(),
                r.errors(),
                server,
                r.generator(),
                r.timeSeries(),
                r.serverSeries(),
                r.generatorSeries(),
                r.histograms(),
                r.trials(),
                r.health(),
                r.healthSeries(),
                r.targetFailure());
    }

    /** The run as one build's: its target, its trials (one per pair) and their health. */
    private static RunResult asBuild(RunResult r, String description, List<TrialFigures> trials, Health health) {
        PlanSummary p = r.plan();
        PlanSummary plan = new PlanSummary(
                p.workloadModel(),
                p.channels(),
                p.rampSteps(),
                p.rampIntervalMillis(),
                p.arrivalsPerSecond(),
                p.warmupIterations(),
                p.warmupMillis(),
                p.durationMillis(),
                p.iterations(),
                p.expectedIntervalNanos(),
                trials.size(),
                p.scale(),
                p.sampleIntervalMillis());
        return new RunResult(
                r.schemaVersion(),
                r.testName(),
                r.partial(),
                r.startedAtEpochMillis(),
                r.finishedAtEpochMillis(),
                plan,
                r.environment(),
                new TargetInfo(
                        "process", description, r.target().pid(), r.target().endpoints()),
                r.latencies(),
                r.throughput(),
                r.counters(),
                r.errors(),
                r.server(),
                r.generator(),
                r.timeSeries(),
                r.serverSeries(),
                r.generatorSeries(),
                r.histograms(),
                trials,
                health,
                r.healthSeries());
    }

    private static List<TrialFigures> trials(double[] p99Millis, double[] throughput, HealthStatus[] health) {
        List<TrialFigures> trials = new ArrayList<>();
        for (int i = 0; i < p99Millis.length; i++) {
            long p99 = Math.round(p99Millis[i] * 1e6);
            trials.add(new TrialFigures(
                    i + 1,
                    throughput[i],
                    Map.of(RunResult.SERVICE_TIME, p99 * 9 / 20),
                    Map.of(RunResult.SERVICE_TIME, p99),
                    0.0002,
                    24 * MIB,
                    0.01 * MIB,
                    health[i],
                    Map.of(RunResult.SERVICE_TIME, 25_000L),
                    Map.of(RunResult.SERVICE_TIME, p99 * 7 / 10),
                    Map.of(RunResult.SERVICE_TIME, p99 * 8 / 10)));
        }
        return trials;
    }

    private static List<Double> nanos(double[] millis) {
        return java.util.Arrays.stream(millis).map(m -> m * 1e6).boxed().toList();
    }

    private static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
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
        return new LatencySummary(
                h.getTotalCount(),
                h.getMinValue(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(95),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue(),
                h.getMean(),
                h.getStdDeviation(),
                0);
    }

    static Verdict verdict(String testName) {
        return new Verdict(
                testName,
                VerdictStatus.FAIL,
                true,
                List.of(
                        new MetricVerdict(
                                "latency.service_time.p99",
                                "ns",
                                VerdictStatus.FAIL,
                                48e6,
                                79e6,
                                64.6,
                                "warn > +20 %, fail > +50 %",
                                "p99 rose 64.6 % over the baseline"),
                        new MetricVerdict(
                                "throughput",
                                "per_second",
                                VerdictStatus.WARN,
                                420.0,
                                333.0,
                                -20.7,
                                "warn < -20 %",
                                "throughput fell 20.7 %"),
                        new MetricVerdict(
                                "memory.growth",
                                "bytes",
                                VerdictStatus.PASS,
                                100.0 * MIB,
                                110.0 * MIB,
                                10.0,
                                "warn > +50 %",
                                "within threshold"),
                        new MetricVerdict(
                                "memory.slope",
                                "bytes_per_second",
                                VerdictStatus.PASS,
                                null,
                                0.02 * MIB,
                                null,
                                "fail > 0.1 MB/s",
                                "below the hard limit"),
                        new MetricVerdict(
                                "errors.ratio",
                                "ratio",
                                VerdictStatus.PASS,
                                0.0001,
                                0.000185,
                                85.0,
                                "fail > 5 %",
                                "below the hard limit")),
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
