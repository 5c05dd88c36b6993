package dev.speechload.core.stats;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.CounterSummary;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.ErrorSummary;
import dev.speechload.core.result.GeneratorSample;
import dev.speechload.core.result.GeneratorSummary;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.ProbeReads;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetFailure;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.result.ThroughputSummary;
import dev.speechload.core.result.TrialFigures;
import dev.speechload.core.stats.internal.HealthClassifier;
import dev.speechload.core.stats.internal.HistogramCodec;
import dev.speechload.core.stats.internal.LatencyStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Turns what the engine recorded into a {@link RunResult}. Pure functions: no I/O.
 *
 * <p>With several trials: latencies come from the trials' histograms merged; throughput, errors
 * and counters from the trials' sums (throughput = all successful iterations / all measured
 * time; failed iterations are timed apart in {@link RunResult#FAILED_TIME}); the server's resources from the <em>first</em> trial's reading before load and the
 * <em>last</em> trial's readings under and after load (so a leak adds up over the run); the
 * generator's figures and the time series from the <em>last</em> trial (each trial starts from the state the previous one left, so the last is
 * the most settled); {@link RunResult#trials()} holds each trial's headline figures.
 *
 * <p>Health: each trial's by {@link HealthClassifier#trial(TrialData, int)}, the run's by
 * {@link HealthClassifier#run(List)}; the health series is the last trial's.
 */
public final class RunResults {

    private RunResults() {}

    /** The plan as plain data, with the scale it ran at ("smoke" or "full"). */
    public static PlanSummary plan(LoadPlan plan, String scale) {
        return plan(plan, scale, null);
    }

    /** The summary of {@code plan}, with what the smoke scale did to the declared plan (null: nothing). */
    public static PlanSummary plan(LoadPlan plan, String scale, String scaleNote) {
        return new PlanSummary(
                plan.model().name().toLowerCase(Locale.ROOT),
                plan.channels(),
                plan.rampSteps(),
                plan.rampInterval().toMillis(),
                plan.arrivalsPerSecond(),
                plan.warmupIterations(),
                plan.warmup().toMillis(),
                plan.duration().toMillis(),
                plan.iterations(),
                plan.expectedInterval().toNanos(),
                plan.trials(),
                scale,
                plan.sampleInterval().toMillis(),
                scaleNote);
    }

    /**
     * Assembles a result.
     *
     * @param trials  in order, at least one; while running, the last may be a snapshot
     * @param partial true while the run is still going
     * @throws IllegalArgumentException when {@code trials} is empty
     */
    public static RunResult assemble(
            String testName,
            PlanSummary plan,
            EnvironmentInfo environment,
            TargetInfo target,
            List<TrialData> trials,
            boolean partial) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("a result needs at least one trial");
        }
        TrialData last = trials.get(trials.size() - 1);
        Map<String, List<Histogram>> byMetric = new LinkedHashMap<>();
        Map<String, Long> clamped = new LinkedHashMap<>();
        long completed = 0;
        long failed = 0;
        long measuredNanos = 0;
        int peak = 0;
        TargetFailure targetFailure = null;
        Map<String, Long> errorCodes = new TreeMap<>();
        Map<String, Long> counterTotals = new LinkedHashMap<>();
        Map<String, String> counterUnits = new LinkedHashMap<>();
        for (TrialData t : trials) {
            t.latencies()
                    .forEach((name, h) -> byMetric.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(h));
            t.clampedCounts().forEach((name, n) -> clamped.merge(name, n, Long::sum));
            completed += t.completedIterations();
            failed += t.failedIterations();
            measuredNanos += t.measuredNanos();
            peak = Math.max(peak, t.peakActiveChannels());
            if (targetFailure == null) {
                targetFailure = t.targetFailure();
            }
            t.errorsByCode().forEach((code, n) -> errorCodes.merge(code, n, Long::sum));
            t.counters().forEach((name, c) -> {
                counterTotals.merge(name, c.total(), Long::sum);
                counterUnits.putIfAbsent(name, c.unit());
            });
        }
        Map<String, LatencySummary> latencies = new LinkedHashMap<>();
        Map<String, String> encoded = new LinkedHashMap<>();
        byMetric.forEach((name, hs) -> {
            Histogram merged = LatencyStats.merge(hs);
            latencies.put(name, LatencyStats.summarize(merged, clamped.getOrDefault(name, 0L)));
            encoded.put(name, HistogramCodec.encode(merged));
        });
        double seconds = measuredNanos / 1e9;
        Map<String, CounterSummary> counters = new LinkedHashMap<>();
        counterTotals.forEach((name, total) ->
                counters.put(name, new CounterSummary(total, perSecond(total, seconds), counterUnits.get(name))));
        int cores = cores(environment);
        List<Health> healths = new ArrayList<>();
        for (TrialData t : trials) {
            healths.add(HealthClassifier.trial(t, cores));
        }
        List<TrialFigures> figures = new ArrayList<>();
        if (plan.trials() > 1) {
            for (int i = 0; i < trials.size(); i++) {
                figures.add(figures(trials.get(i), healths.get(i)));
            }
        }
        List<ResourceSample> serverSeries = serverSeries(trials);
        return new RunResult(
                RunResult.SCHEMA_VERSION,
                testName,
                partial,
                trials.get(0).startedAtEpochMillis(),
                partial ? 0 : last.finishedAtEpochMillis(),
                plan,
                environment,
                target,
                latencies,
                throughput(completed, failed, measuredNanos, peak),
                counters,
                errors(failed, completed, errorCodes),
                ResourceStats.summarize(last.resourceSource(), serverSeries, probeReads(trials)),
                generator(last),
                last.timeSeries(),
                serverSeries,
                last.generatorSeries(),
                encoded,
                figures,
                HealthClassifier.run(healths),
                last.healthSeries(),
                targetFailure);
    }

    /** The trials' resource reads added up; null when no trial had a probe. */
    private static ProbeReads probeReads(List<TrialData> trials) {
        ProbeReads sum = null;
        for (TrialData t : trials) {
            if (t.probeReads() != null) {
                sum = sum == null ? t.probeReads() : sum.plus(t.probeReads());
            }
        }
        return sum;
    }

    /** The run's machine's cores, or this machine's when the environment does not say. */
    public static int cores(EnvironmentInfo environment) {
        return environment != null && environment.availableProcessors() > 0
                ? environment.availableProcessors()
                : Runtime.getRuntime().availableProcessors();
    }

    /**
     * The server readings the run's resource figures come from: the last trial's, but with the
     * first trial's "before" reading, so "before" and "after load" span the whole run. A leak of one
     * descriptor per 50 requests adds up over every trial, not only the last; the memory slope is
     * still fitted on the last trial's load phase alone (trials restart their clocks).
     */
    static List<ResourceSample> serverSeries(List<TrialData> trials) {
        TrialData last = trials.get(trials.size() - 1);
        if (trials.size() == 1) {
            return last.serverSeries();
        }
        ResourceSample firstBefore = trials.get(0).serverSeries().stream()
                .filter(s -> "before".equals(s.phase()))
                .findFirst()
                .orElse(null);
        if (firstBefore == null) {
            return last.serverSeries();
        }
        List<ResourceSample> series = new ArrayList<>();
        series.add(new ResourceSample(
                0, "before", firstBefore.memoryRssBytes(), firstBefore.openFdCount(), firstBefore.threadCount()));
        last.serverSeries().stream().filter(s -> !"before".equals(s.phase())).forEach(series::add);
        return series;
    }

    /**
     * Successful iterations per second, overall and per peak active channel: failed ones are
     * counted as completed but add nothing to the rate (a server failing fast is not faster).
     *
     * @param completed measured iterations that ended, ok or failed
     * @param failed    of those, how many failed (0..completed)
     */
    public static ThroughputSummary throughput(
            long completed, long failed, long measuredNanos, int peakActiveChannels) {
        double perSecond = perSecond(Math.max(0, completed - failed), measuredNanos / 1e9);
        return new ThroughputSummary(
                completed,
                measuredNanos / 1_000_000,
                perSecond,
                peakActiveChannels > 0 ? perSecond / peakActiveChannels : 0,
                peakActiveChannels);
    }

    /** Failed over completed (0 when nothing completed), with counts by code. */
    public static ErrorSummary errors(long failed, long completed, Map<String, Long> byCode) {
        double ratio = completed > 0 ? Math.min(1.0, (double) failed / completed) : 0;
        return new ErrorSummary(failed, ratio, byCode);
    }

    /** The generator JVM over one trial. */
    public static GeneratorSummary generator(TrialData trial) {
        long heapPeak = -1;
        int threadsPeak = -1;
        for (GeneratorSample s : trial.generatorSeries()) {
            heapPeak = Math.max(heapPeak, s.heapUsedBytes());
            threadsPeak = Math.max(threadsPeak, s.threadCount());
        }
        return new GeneratorSummary(
                heapPeak, trial.gcCount(), trial.gcTimeMillis(), threadsPeak, trial.schedulingLagP99Nanos());
    }

    /**
     * One trial's headline figures, its health judged with this machine's cores; memory growth -1
     * and slope 0 when the server's memory was not read.
     */
    public static TrialFigures figures(TrialData t) {
        return figures(t, HealthClassifier.trial(t, Runtime.getRuntime().availableProcessors()));
    }

    /** One trial's headline figures with its health already judged. */
    public static TrialFigures figures(TrialData t, Health health) {
        Map<String, Long> p50 = new LinkedHashMap<>();
        Map<String, Long> p90 = new LinkedHashMap<>();
        Map<String, Long> p95 = new LinkedHashMap<>();
        Map<String, Long> p99 = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        t.latencies().forEach((name, h) -> {
            LatencySummary s = LatencyStats.summarize(h, 0);
            p50.put(name, s.p50Nanos());
            p90.put(name, s.p90Nanos());
            p95.put(name, s.p95Nanos());
            p99.put(name, s.p99Nanos());
            counts.put(name, s.count());
        });
        ResourceSummary.MemoryFigures memory = ResourceStats.memory(t.serverSeries());
        return new TrialFigures(
                t.trial(),
                throughput(t.completedIterations(), t.failedIterations(), t.measuredNanos(), t.peakActiveChannels())
                        .throughputPerSecond(),
                p50,
                p99,
                errors(t.failedIterations(), t.completedIterations(), Map.of()).errorRatio(),
                memory == null ? -1 : memory.growthBytes(),
                memory == null ? 0 : memory.slopeBytesPerSecond(),
                health == null ? null : health.status(),
                counts,
                p90,
                p95,
                health == null ? null : health.figures());
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
