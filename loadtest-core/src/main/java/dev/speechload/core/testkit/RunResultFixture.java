package dev.speechload.core.testkit;

import dev.speechload.core.result.CounterSummary;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.ErrorSummary;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthFigures;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetFailure;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.result.ThroughputSummary;
import dev.speechload.core.result.TrialFigures;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * For tests: builds {@link RunResult}s for judging, baseline and report tests. It starts from a
 * plausible run (service_time p99 10 ms, 100 it/s, no errors, server memory 100 -> 110 MB, fds
 * 20 -> 20, threads 30 -> 30, 2 cores) that each test changes in the one figure it is about:
 *
 * <pre>{@code
 * RunResult slower = RunResultFixture.run().p99(RunResult.SERVICE_TIME, 30 * RunResultFixture.MS).build();
 * }</pre>
 *
 * <p>Not thread-safe: a single-use builder whose methods change it and return it; {@link #build()}
 * may be called more than once and each call returns a new immutable result.
 */
public final class RunResultFixture {

    public static final long MS = 1_000_000L;
    public static final long MB = 1024 * 1024;

    private String testName = "Fixture.run";
    private boolean partial;
    private int channels = 10;
    private String scale = "smoke";
    private int cores = 2;
    private String javaVersion = "17.0.9";
    private final Map<String, LatencySummary> latencies = new HashMap<>();
    private final Map<String, String> histograms = new HashMap<>();
    private Double throughputPerSecond = 100.0;
    private long completed = 6000;
    private long failed;
    private double errorRatio;
    private boolean server = true;
    private ResourceSummary.MemoryFigures memory = memoryFigures(100 * MB, 10 * MB, 0);
    private ResourceSummary.CountFigures fds = new ResourceSummary.CountFigures(20, 25, 20, 0);
    private ResourceSummary.CountFigures threads = new ResourceSummary.CountFigures(30, 40, 30, 0);
    private final List<TrialFigures> trials = new ArrayList<>();
    private int loadReadings = 61;
    private Health health;
    private double arrivalsPerSecond;
    private Long missedArrivals;
    private TargetFailure targetFailure;

    private RunResultFixture() {
        p99("service_time", 10 * MS);
    }

    private String targetDescription = "java -jar server.jar";

    public static RunResultFixture run() {
        return new RunResultFixture();
    }

    public RunResultFixture testName(String name) {
        this.testName = name;
        return this;
    }

    /** An open-model run at {@code perSecond} arrivals that missed {@code missed} of them. */
    public RunResultFixture open(double perSecond, long missed) {
        this.arrivalsPerSecond = perSecond;
        this.missedArrivals = missed;
        return this;
    }

    public RunResultFixture partial() {
        this.partial = true;
        return this;
    }

    public RunResultFixture channels(int channels) {
        this.channels = channels;
        return this;
    }

    public RunResultFixture scale(String scale) {
        this.scale = scale;
        return this;
    }

    public RunResultFixture cores(int cores) {
        this.cores = cores;
        return this;
    }

    public RunResultFixture java(String version) {
        this.javaVersion = version;
        return this;
    }

    /** A latency metric with this p99 (p50 = p99 / 2, p95 = p99 * 0.8), 1000 values. */
    public RunResultFixture p99(String metric, long p99Nanos) {
        long p50 = p99Nanos / 2;
        long p95 = p99Nanos * 4 / 5;
        latencies.put(
                metric,
                new LatencySummary(1000, p50 / 2, p50, p95, p95, p99Nanos, p99Nanos, p99Nanos, p50, p50 / 4.0, 0));
        return this;
    }

    public RunResultFixture latency(String metric, LatencySummary summary) {
        latencies.put(metric, summary);
        return this;
    }

    public RunResultFixture withoutLatency(String metric) {
        latencies.remove(metric);
        histograms.remove(metric);
        return this;
    }

    /** Records the values into a histogram (3 significant digits), stored encoded with its summary. */
    public RunResultFixture histogram(String metric, long... valuesNanos) {
        Histogram h = new Histogram(3);
        for (long v : valuesNanos) {
            h.recordValue(v);
        }
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        histograms.put(metric, Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
        latencies.put(
                metric,
                new LatencySummary(
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
                        0));
        return this;
    }

    public RunResultFixture throughput(double perSecond) {
        this.throughputPerSecond = perSecond;
        return this;
    }

    public RunResultFixture withoutThroughput() {
        this.throughputPerSecond = null;
        return this;
    }

    public RunResultFixture completed(long iterations) {
        this.completed = iterations;
        return this;
    }

    public RunResultFixture errors(long failed, double ratio) {
        this.failed = failed;
        this.errorRatio = ratio;
        return this;
    }

    public RunResultFixture memory(long growthBytes, double slopeBytesPerSecond) {
        this.memory = memoryFigures(100 * MB, growthBytes, slopeBytesPerSecond);
        return this;
    }

    /** Server readings of the load phase, one a second (default 61: a minute's load). */
    public RunResultFixture loadReadings(int readings) {
        this.loadReadings = readings;
        return this;
    }

    /** The target's description (its command line, for a process target). */
    public RunResultFixture target(String description) {
        this.targetDescription = description;
        return this;
    }

    public RunResultFixture withoutMemory() {
        this.memory = null;
        return this;
    }

    public RunResultFixture withoutServer() {
        this.server = false;
        return this;
    }

    public RunResultFixture fds(long before, long after) {
        this.fds = new ResourceSummary.CountFigures(before, Math.max(before, after), after, after - before);
        return this;
    }

    public RunResultFixture threads(long before, long after) {
        this.threads = new ResourceSummary.CountFigures(before, Math.max(before, after), after, after - before);
        return this;
    }

    /** One trial per value: throughput as given, p99 of {@code metric} as given (in ms). */
    public RunResultFixture trialsP99Millis(String metric, double... p99Millis) {
        trials.clear();
        for (int i = 0; i < p99Millis.length; i++) {
            trials.add(new TrialFigures(
                    i + 1,
                    100,
                    Map.of(),
                    Map.of(metric, Math.round(p99Millis[i] * MS)),
                    0,
                    0,
                    0,
                    null,
                    Map.of(metric, 1000L),
                    null,
                    null));
        }
        return this;
    }

    /**
     * One trial per value, each of {@code count} values of {@code metric} with its percentiles
     * (p50 = p99 / 2, p90 = p95 = p99 * 0.8) and the given health (null: not known).
     */
    public RunResultFixture trials(String metric, long count, HealthStatus[] health, double... p99Millis) {
        trials.clear();
        for (int i = 0; i < p99Millis.length; i++) {
            long p99 = Math.round(p99Millis[i] * MS);
            trials.add(new TrialFigures(
                    i + 1,
                    100,
                    Map.of(metric, p99 / 2),
                    Map.of(metric, p99),
                    0,
                    0,
                    0,
                    health == null ? null : health[i],
                    Map.of(metric, count),
                    Map.of(metric, p99 * 4 / 5),
                    Map.of(metric, p99 * 4 / 5)));
        }
        return this;
    }

    /** Trials as they were written before trials had counts, p90, p95 and health (p99 only). */
    public RunResultFixture oldTrialsP99Millis(String metric, double... p99Millis) {
        trials.clear();
        for (int i = 0; i < p99Millis.length; i++) {
            trials.add(new TrialFigures(
                    i + 1,
                    100,
                    Map.of(),
                    Map.of(metric, Math.round(p99Millis[i] * MS)),
                    0,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null));
        }
        return this;
    }

    /** The target died during the run: a process that exited with {@code exitCode} at {@code offsetMillis}. */
    public RunResultFixture targetExited(int exitCode, long offsetMillis) {
        this.targetFailure = TargetFailure.of("exited with code " + exitCode, null, exitCode, 0, 1, offsetMillis, true);
        return this;
    }

    /** The run's measurement health (null: none recorded, as in older files). */
    public RunResultFixture health(HealthStatus status, String reason) {
        this.health = status == null ? null : new Health(status, reason, null, List.of(), 1, 0);
        return this;
    }

    /** Values drawn from a log-normal around {@code medianNanos} (sigma 0.3), fixed seed, with their summary. */
    public RunResultFixture lognormal(String metric, int count, double medianNanos, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
            values[i] = Math.round(medianNanos * Math.exp(0.3 * z));
        }
        return histogram(metric, values);
    }

    /** One trial per pair: p99 of {@code metric} (ms, with {@code count} values each), throughput and health. */
    public RunResultFixture pairTrials(
            String metric, long count, double[] p99Millis, double[] perSecond, HealthStatus[] health) {
        return pairTrials(metric, count, p99Millis, perSecond, health, null);
    }

    /** As above, each trial also carrying the health figures its status was judged on. */
    public RunResultFixture pairTrials(
            String metric,
            long count,
            double[] p99Millis,
            double[] perSecond,
            HealthStatus[] health,
            HealthFigures[] healthFigures) {
        trials.clear();
        for (int i = 0; i < p99Millis.length; i++) {
            long p99 = Math.round(p99Millis[i] * MS);
            trials.add(new TrialFigures(
                    i,
                    perSecond[i],
                    Map.of(metric, p99 / 2),
                    Map.of(metric, p99),
                    0,
                    0,
                    0,
                    health == null ? null : health[i],
                    Map.of(metric, count),
                    Map.of(metric, p99 * 4 / 5),
                    Map.of(metric, p99 * 4 / 5),
                    healthFigures == null ? null : healthFigures[i]));
        }
        return this;
    }

    public RunResultFixture trialsThroughput(double... perSecond) {
        trials.clear();
        for (int i = 0; i < perSecond.length; i++) {
            trials.add(new TrialFigures(i + 1, perSecond[i], Map.of(), Map.of(), 0, 0, 0, null, null, null, null));
        }
        return this;
    }

    private static ResourceSummary.MemoryFigures memoryFigures(long before, long growth, double slope) {
        return new ResourceSummary.MemoryFigures(
                before, before + growth, before + growth / 2, growth, growth / 2, slope, 0.9);
    }

    public RunResult build() {
        int trialCount = Math.max(1, trials.size());
        PlanSummary plan = new PlanSummary(
                arrivalsPerSecond > 0 ? "open" : "closed",
                channels,
                1,
                0,
                arrivalsPerSecond,
                0,
                0,
                60_000,
                0,
                0,
                trialCount,
                scale,
                1000);
        Map<String, CounterSummary> counters = missedArrivals == null
                ? Map.of()
                : Map.of(
                        RunResult.MISSED_ARRIVALS,
                        new CounterSummary(missedArrivals, missedArrivals / 60.0, "arrivals"));
        EnvironmentInfo env = new EnvironmentInfo(
                cores, 512 * MB, javaVersion, "Eclipse Adoptium", "Linux", "6.1", "amd64", "ci-host", "abc1234");
        ThroughputSummary tp = throughputPerSecond == null
                ? null
                : new ThroughputSummary(
                        completed, 60_000, throughputPerSecond, throughputPerSecond / channels, channels);
        ResourceSummary res = server ? new ResourceSummary("proc:4242", memory, fds, threads) : null;
        return new RunResult(
                RunResult.SCHEMA_VERSION,
                testName,
                partial,
                1_700_000_000_000L,
                partial ? 0 : 1_700_000_060_000L,
                plan,
                env,
                new TargetInfo("process", targetDescription, 4242, Map.of("grpc", "grpc://127.0.0.1:9000")),
                latencies,
                tp,
                counters,
                new ErrorSummary(failed, errorRatio, failed > 0 ? Map.of("TIMEOUT", failed) : Map.of()),
                res,
                null,
                List.of(),
                serverSeries(res),
                List.of(),
                histograms,
                trials,
                health,
                null,
                targetFailure);
    }

    /** A reading a second along the memory figures' slope, as a sampler would have taken them. */
    private List<ResourceSample> serverSeries(ResourceSummary res) {
        List<ResourceSample> series = new ArrayList<>();
        if (res == null || memory == null) {
            return series;
        }
        for (int i = 0; i < loadReadings; i++) {
            long rss = memory.beforeBytes() + Math.round(memory.slopeBytesPerSecond() * i);
            series.add(new ResourceSample(i * 1000L, "load", rss, fds.before(), threads.before()));
        }
        return series;
    }
}
