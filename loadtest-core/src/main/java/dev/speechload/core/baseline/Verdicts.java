package dev.speechload.core.baseline;

import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TrialFigures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Judges a run against its baseline. Pure: no I/O, no clock, no shared state; the same inputs
 * give the same verdict (the trial bootstrap uses a fixed seed). Thread-safe.
 *
 * <p>Metrics, in this order (ids as in {@link MetricVerdict#metric()}):
 * <ul>
 *   <li>{@code latency.<name>.p50}, {@code .p95}: reported; {@code latency.<name>.p99}: judged
 *       (warn / fail levels, latency floor), for every latency metric of the run with values, except
 *       the load generator's own ({@link RunResult#GENERATOR_PREFIX}, such as the scheduling lag):
 *       a slow generator is not a server regression, and reports show those figures anyway;</li>
 *   <li>{@code throughput}: iterations per second, judged on drops;</li>
 *   <li>{@code memory.growth}: server RSS peak - before, judged on growth;</li>
 *   <li>{@code memory.slope}: hard limit, FAIL above it even without a baseline (above the
 *       baseline's own slope plus the limit, with one); judged only over a load phase of at least
 *       {@link Thresholds#memorySlopeMinWindowMillis()} and {@link Thresholds#MIN_SLOPE_READINGS}
 *       readings, else a note says why not;</li>
 *   <li>{@code errors.ratio}: hard limit, FAIL above it even without a baseline;</li>
 *   <li>{@code fds.delta}, {@code threads.delta}: after - before load; WARN when it exceeds the
 *       baseline's by more than the leak limit (a leak signal; without a baseline, when it exceeds
 *       the limit itself); {@code fds.delta} FAILs beyond its fail limit the same way.</li>
 * </ul>
 * When both sides hold two or more trials of a p99 or of throughput, that metric is judged on the
 * trials' spread ({@link BootstrapMedianRatio}): a level counts as crossed only when the whole
 * 95 % interval of the ratio of medians lies beyond it.
 */
public final class Verdicts {

    private Verdicts() {
    }

    /**
     * @param current    the run, not null
     * @param baseline   its baseline, empty when the test has none
     * @param thresholds the rules, not null
     * @return one verdict; {@link Verdict#overall()} is the worst metric status (NO_BASELINE when
     *         there is no baseline and no hard limit failed)
     */
    public static Verdict judge(RunResult current, Optional<Baseline> baseline, Thresholds thresholds) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(thresholds, "thresholds");
        Baseline base = baseline.orElse(null);
        List<MetricVerdict> metrics = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (current.partial()) {
            notes.add("This run is partial (it was stopped before it ended): its figures cover only part of the plan");
        }
        if (base != null) {
            notes.addAll(Comparability.notes(current, base));
            trialNote(current, base).ifPresent(notes::add);
        }
        latencies(current, base, thresholds, metrics, notes);
        throughput(current, base, thresholds, metrics, notes);
        memory(current, base, thresholds, metrics, notes);
        errors(current, base, thresholds, metrics);
        leaks(current, base, thresholds, metrics);
        VerdictStatus overall = base == null ? VerdictStatus.NO_BASELINE : VerdictStatus.PASS;
        for (MetricVerdict m : metrics) {
            overall = overall.worst(m.status());
        }
        return new Verdict(current.testName(), overall, base != null, metrics, notes);
    }

    private static Optional<String> trialNote(RunResult current, Baseline base) {
        int now = current.trials().size();
        int then = base.trials().size();
        if ((now > 1) != (then > 1)) {
            return Optional.of("Trials: the baseline has " + then + ", this run " + now
                    + "; judged on the aggregate figures, not on the trials' spread");
        }
        return Optional.empty();
    }

    private static void latencies(RunResult current, Baseline base, Thresholds t, List<MetricVerdict> out,
                                  List<String> notes) {
        Map<String, Baseline.Latency> baseLatencies = base == null ? Map.of() : base.latencies();
        for (Map.Entry<String, LatencySummary> e : new TreeMap<>(current.latencies()).entrySet()) {
            String name = e.getKey();
            if (generatorSide(name)) {
                continue;
            }
            LatencySummary now = e.getValue();
            Baseline.Latency then = baseLatencies.get(name);
            if (now.count() == 0) {
                if (then != null && then.count() > 0) {
                    notes.add("Latency metric '" + name + "' recorded no values in this run (the baseline has "
                            + then.count() + "): not judged");
                }
                continue;
            }
            boolean usable = then != null && then.count() > 0;
            String prefix = "latency." + name + ".";
            out.add(Rules.reported(prefix + "p50", Units.NANOS, usable ? (double) then.p50Nanos() : null,
                    now.p50Nanos(), "p99"));
            out.add(Rules.reported(prefix + "p95", Units.NANOS, usable ? (double) then.p95Nanos() : null,
                    now.p95Nanos(), "p99"));
            Rules.Relative rule = new Rules.Relative(prefix + "p99", Units.NANOS, true, t.latencyP99WarnPercent(),
                    t.latencyP99FailPercent(), t.latencyFloorNanos());
            double[] baseTrials = base == null ? new double[0] : trialValues(base.trials(), f -> p99(f, name));
            double[] nowTrials = trialValues(current.trials(), f -> p99(f, name));
            out.add(judge(rule, usable ? (double) then.p99Nanos() : null, now.p99Nanos(), baseTrials, nowTrials));
        }
        for (Map.Entry<String, Baseline.Latency> e : baseLatencies.entrySet()) {
            if (!current.latencies().containsKey(e.getKey()) && e.getValue().count() > 0 && !generatorSide(e.getKey())) {
                notes.add("The baseline has latency metric '" + e.getKey() + "', which this run did not record: not judged");
            }
        }
    }

    private static boolean generatorSide(String latencyMetric) {
        return latencyMetric.startsWith(RunResult.GENERATOR_PREFIX);
    }

    private static double p99(TrialFigures f, String metric) {
        Long v = f.latencyP99Nanos().get(metric);
        return v == null ? Double.NaN : v;
    }

    /** The trials' values of one figure, leaving out trials that lack it. */
    private static double[] trialValues(List<TrialFigures> trials, ToDoubleFunction<TrialFigures> figure) {
        return trials.stream().mapToDouble(figure).filter(Double::isFinite).toArray();
    }

    private static MetricVerdict judge(Rules.Relative rule, Double base, double current, double[] baseTrials,
                                       double[] nowTrials) {
        if (base != null && baseTrials.length > 1 && nowTrials.length > 1
                && BootstrapMedianRatio.median(baseTrials.clone()) > 0) {
            return Rules.trials(rule, baseTrials, nowTrials);
        }
        return Rules.relative(rule, base, current);
    }

    private static void throughput(RunResult current, Baseline base, Thresholds t, List<MetricVerdict> out,
                                   List<String> notes) {
        if (current.throughput() == null) {
            notes.add("This run has no throughput figures: throughput not judged");
            return;
        }
        Double then = base == null || base.throughput() == null ? null : base.throughput().aggregatePerSecond();
        Rules.Relative rule = new Rules.Relative("throughput", Units.PER_SECOND, false, t.throughputDropWarnPercent(),
                t.throughputDropFailPercent(), t.throughputFloorPerSecond());
        double[] baseTrials = base == null ? new double[0] : trialValues(base.trials(), TrialFigures::throughputPerSecond);
        double[] nowTrials = trialValues(current.trials(), TrialFigures::throughputPerSecond);
        out.add(judge(rule, then, current.throughput().throughputPerSecond(), baseTrials, nowTrials));
    }

    private static void memory(RunResult current, Baseline base, Thresholds t, List<MetricVerdict> out,
                               List<String> notes) {
        ResourceSummary.MemoryFigures now = current.server() == null ? null : current.server().memory();
        if (now == null || now.beforeBytes() < 0 || now.peakBytes() < 0) {
            notes.add("The server's memory was not measured: memory growth and slope not judged");
            return;
        }
        Baseline.Memory then = base == null ? null : base.memory();
        boolean usable = then != null && then.beforeBytes() >= 0 && then.peakBytes() >= 0;
        Rules.Relative growth = new Rules.Relative("memory.growth", Units.BYTES, true, t.memoryGrowthWarnPercent(),
                t.memoryGrowthFailPercent(), t.memoryFloorBytes());
        out.add(Rules.relative(growth, usable ? (double) then.growthBytes() : null, now.growthBytes()));
        long[] window = loadWindow(current);
        if (window[1] < t.memorySlopeMinWindowMillis() || window[0] < Thresholds.MIN_SLOPE_READINGS) {
            notes.add(Units.f("Memory slope not judged: the load phase gave %d readings over %.1f s; a slope needs"
                    + " %d readings over %.0f s, or a JVM warming up looks like a leak (memory growth is judged)",
                    window[0], window[1] / 1000.0, Thresholds.MIN_SLOPE_READINGS,
                    t.memorySlopeMinWindowMillis() / 1000.0));
            return;
        }
        // Like the fd and thread signals: a baseline that itself sloped up sets the bar, so only the
        // slope beyond the baseline's (plus the limit) is new.
        double allowance = usable ? Math.max(0, then.slopeBytesPerSecond()) : 0;
        String slopeRule = "fail > " + (usable ? "baseline's slope + " : "")
                + Units.format(t.memorySlopeFailBytesPerSecond(), Units.BYTES_PER_SECOND) + " (hard limit)";
        out.add(Rules.hardLimit("memory.slope", Units.BYTES_PER_SECOND, usable ? then.slopeBytesPerSecond() : null,
                now.slopeBytesPerSecond(), t.memorySlopeFailBytesPerSecond() + allowance, VerdictStatus.FAIL,
                slopeRule, Units.f("RSS slope under load (R² %.2f)", now.slopeRSquared())));
    }

    /** {readings, span in ms} of the load-phase server readings that the slope was fitted on. */
    private static long[] loadWindow(RunResult current) {
        long count = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ResourceSample sample : current.serverSeries()) {
            if ("load".equals(sample.phase()) && sample.memoryRssBytes() >= 0) {
                count++;
                first = Math.min(first, sample.offsetMillis());
                last = Math.max(last, sample.offsetMillis());
            }
        }
        return new long[] {count, count == 0 ? 0 : last - first};
    }

    private static void errors(RunResult current, Baseline base, Thresholds t, List<MetricVerdict> out) {
        if (current.errors() == null) {
            return;
        }
        Double then = base == null || base.errors() == null ? null : base.errors().errorRatio();
        String rule = "fail > " + Units.format(t.errorRatioFail(), Units.RATIO) + " (hard limit)";
        out.add(Rules.hardLimit("errors.ratio", Units.RATIO, then, current.errors().errorRatio(), t.errorRatioFail(),
                VerdictStatus.FAIL, rule, "error ratio (" + current.errors().failedIterations() + " failed)"));
    }

    private static void leaks(RunResult current, Baseline base, Thresholds t, List<MetricVerdict> out) {
        if (current.server() == null) {
            return;
        }
        leak("fds.delta", "open fds after - before load", current.server().openFds(),
                base == null ? null : base.openFds(), t.fdGrowthWarn(), t.fdGrowthFail(), out);
        leak("threads.delta", "threads after - before load", current.server().threads(),
                base == null ? null : base.threads(), t.threadGrowthWarn(), Long.MAX_VALUE, out);
    }

    private static void leak(String metric, String what, ResourceSummary.CountFigures now, Baseline.Count then,
                             long warnAbove, long failAbove, List<MetricVerdict> out) {
        if (now == null || now.before() < 0 || now.after() < 0) {
            return;
        }
        boolean usable = then != null && then.before() >= 0 && then.after() >= 0;
        Double baseDelta = usable ? (double) then.delta() : null;
        // A baseline that itself grew sets the bar: only growth beyond it (plus the allowance) is new.
        long allowance = usable ? Math.max(0, then.delta()) : 0;
        String from = usable ? "baseline's delta + " : "";
        long delta = now.after() - now.before();
        boolean judgedToFail = failAbove != Long.MAX_VALUE;
        boolean fails = judgedToFail && delta > failAbove + allowance;
        String rule = "warn > " + from + warnAbove
                + (judgedToFail ? ", fail > " + from + failAbove + " (leak)" : " (leak signal)");
        out.add(Rules.hardLimit(metric, Units.COUNT, baseDelta, delta, (fails ? failAbove : warnAbove) + allowance,
                fails ? VerdictStatus.FAIL : VerdictStatus.WARN, rule, what));
    }
}
