package dev.speechload.core.baseline;

import dev.speechload.core.result.CounterSummary;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.ProbeReads;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetFailure;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.result.TrialFigures;
import dev.speechload.core.stats.internal.HistogramCodec;
import dev.speechload.core.stats.internal.OrderStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 *       (warn / fail levels, latency floor, with its order-statistic interval), for every latency
 *       metric of the run with values, except the load generator's own
 *       ({@link RunResult#GENERATOR_PREFIX}, such as the scheduling lag): a slow generator is not a
 *       server regression, and reports show those figures anyway; nor the time of failed iterations
 *       ({@link RunResult#FAILED_TIME}), which the error ratio judges. When the values are too few for
 *       a p99 ({@link dev.speechload.core.stats.internal.OrderStatistics#minimumCount}), the metric is judged
 *       at the highest of p95, p90, p50 they support (that line is judged; a p90 line is added for
 *       it) and the p99 line is reported with the reason; with fewer values than even a p50
 *       needs, nothing of the metric is judged and the p99 line says so (INCONCLUSIVE only when
 *       compromised trials left too few to judge);</li>
 *   <li>{@code throughput}: iterations per second, judged on drops;</li>
 *   <li>{@code memory.growth}: server RSS peak - before, judged on growth;</li>
 *   <li>{@code memory.slope}: hard limit, FAIL above it even without a baseline (above the
 *       baseline's own slope plus the limit, with one); judged only over a load phase of at least
 *       {@link Thresholds#memorySlopeMinWindowMillis()} and {@link Thresholds#MIN_SLOPE_READINGS}
 *       readings, else a note says why not;</li>
 *   <li>{@code errors.ratio}: hard limit, FAIL above it even without a baseline;</li>
 *   <li>{@code target.alive}: FAIL when the target died during the run
 *       ({@link RunResult#targetFailure()}), with its sentence ("target exited with code 137 at
 *       12.3 s"), whatever the health and with or without a baseline;</li>
 *   <li>{@code fds.delta}, {@code threads.delta}: after - before load; WARN when it exceeds the
 *       baseline's by more than the leak limit (a leak signal; without a baseline, when it exceeds
 *       the limit itself); {@code fds.delta} FAILs beyond its fail limit the same way.</li>
 * </ul>
 * When both sides hold two or more trials of a p99 or of throughput, that metric is judged on the
 * trials' spread ({@link BootstrapMedianRatio}), COMPROMISED trials left out. Otherwise a single
 * run is judged against the baseline runs' median, with the interval
 * {@code exp(ln r +- sqrt(h_now^2 + h_base^2 + h_runs^2))} (see {@code docs/baselines.md}).
 * Levels: WARN when the estimate is beyond the warn level and the interval excludes no worsening;
 * FAIL when the interval's conservative bound is beyond the fail level.
 *
 * <p>Health: a COMPROMISED run's timing metrics (latency, throughput, memory growth) are
 * INCONCLUSIVE; a DEGRADED run is judged with a note; errors, leaks, the memory slope and the
 * target's death are judged whatever the health. A null health reads as HEALTHY.
 */
public final class Verdicts {

    /** The metric id of the target's death. */
    public static final String TARGET_ALIVE = "target.alive";

    private Verdicts() {}

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
        HealthView health = HealthView.of(current.health());
        health.note().ifPresent(notes::add);
        if (base != null) {
            notes.addAll(Comparability.notes(current, base));
            trialNote(current, base).ifPresent(notes::add);
        }
        List<MetricVerdict> timing = new ArrayList<>();
        latencies(current, base, thresholds, timing, notes);
        throughput(current, base, thresholds, timing, notes);
        memory(current, base, thresholds, timing, metrics, notes);
        List<MetricVerdict> judged = new ArrayList<>();
        for (MetricVerdict m : timing) {
            judged.add(health.apply(m));
        }
        judged.addAll(metrics);
        targetAlive(current).ifPresent(judged::add);
        errors(current, base, thresholds, judged);
        missedArrivals(current, base, judged);
        probeReads(current, judged);
        leaks(current, base, thresholds, judged);
        VerdictStatus overall = base == null ? VerdictStatus.NO_BASELINE : VerdictStatus.PASS;
        for (MetricVerdict m : judged) {
            overall = overall.worst(m.status());
        }
        return new Verdict(current.testName(), overall, base != null, judged, notes);
    }

    /**
     * The run's health as the judge reads it: null is HEALTHY. COMPROMISED turns every timing
     * verdict INCONCLUSIVE. DEGRADED only adds a note: its pressure (foreign work that left CPU
     * idle, a generator lag under the compromised limit) makes timings noisier, which the
     * intervals already absorb, not wrong; a fault that doubles latency must still fail beside a
     * one-core CPU hog.
     */
    record HealthView(HealthStatus status, String reason) {

        static HealthView of(Health health) {
            if (health == null) {
                return new HealthView(HealthStatus.HEALTHY, null);
            }
            String reason = health.reason() == null || health.reason().isBlank()
                    ? "health " + health.status()
                    : health.reason();
            // The note names the status itself ("Measurement DEGRADED: ..."); the reason begins with it too.
            String prefix = health.status() + ": ";
            return new HealthView(
                    health.status(), reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
        }

        Optional<String> note() {
            return switch (status) {
                case HEALTHY -> Optional.empty();
                case DEGRADED ->
                    Optional.of("Measurement DEGRADED: " + reason + " — timing metrics are judged"
                            + " (the pressure stayed under the compromised limits), but read a timing FAIL or WARN"
                            + " with it in mind; re-run on a quieter machine to confirm one");
                case COMPROMISED ->
                    Optional.of("Measurement COMPROMISED: " + reason + " — latency, throughput and"
                            + " memory growth are not judged (errors, leaks and the memory slope are); re-run on a quiet"
                            + " machine");
            };
        }

        /**
         * A judged timing line of a COMPROMISED run becomes INCONCLUSIVE. Lines that judge nothing
         * stay as they are: NO_BASELINE (nothing to compare with, so nothing to distrust) and the
         * figures reported beside the judged one.
         */
        MetricVerdict apply(MetricVerdict m) {
            boolean judged = m.status() != VerdictStatus.NO_BASELINE && !Rules.REPORTED.equals(m.threshold());
            if (status == HealthStatus.COMPROMISED && judged) {
                return m.with(
                        VerdictStatus.INCONCLUSIVE,
                        "not judged: the measurement was compromised: " + reason
                                + (m.count() == null ? "" : "; n = " + count(m.count())));
            }
            return m;
        }
    }

    private static Optional<String> trialNote(RunResult current, Baseline base) {
        int now = current.trials().size();
        int then = base.pooledTrials().size();
        if ((now > 1) != (then > 1)) {
            return Optional.of("Trials: the baseline has " + then + ", this run " + now
                    + "; judged on the aggregate figures, not on the trials' spread");
        }
        return Optional.empty();
    }

    private static void latencies(
            RunResult current, Baseline base, Thresholds t, List<MetricVerdict> out, List<String> notes) {
        Map<String, Baseline.Latency> baseLatencies = base == null ? Map.of() : base.latencies();
        for (Map.Entry<String, LatencySummary> e : new TreeMap<>(current.latencies()).entrySet()) {
            String name = e.getKey();
            if (!RunResult.judgedLatency(name)) {
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
            if (then == null || then.count() == 0) {
                out.addAll(firstLatency(name, now, t));
                continue;
            }
            List<MetricVerdict> lines = null;
            if (base.pooledTrials().size() > 1 && current.trials().size() > 1) {
                lines = trialLatency(name, now, then, base, current, t);
            }
            out.addAll(lines != null ? lines : singleLatency(name, now, then, base, current, t, notes));
        }
        for (Map.Entry<String, Baseline.Latency> e : baseLatencies.entrySet()) {
            if (!current.latencies().containsKey(e.getKey())
                    && e.getValue().count() > 0
                    && RunResult.judgedLatency(e.getKey())) {
                notes.add("The baseline has latency metric '" + e.getKey()
                        + "', which this run did not record: not judged");
            }
        }
    }

    static Rules.Relative latencyRule(String name, Percentile p, Thresholds t) {
        return new Rules.Relative(
                "latency." + name + "." + p.label,
                Units.NANOS,
                true,
                t.latencyP99WarnPercent(),
                t.latencyP99FailPercent(),
                t.latencyFloorNanos());
    }

    /** A latency metric the baseline lacks: its lines are NO_BASELINE, with n and what n supports. */
    private static List<MetricVerdict> firstLatency(String name, LatencySummary now, Thresholds t) {
        String n = "n = " + count(now.count());
        Percentile supported = Percentile.highestSupported(now.count());
        String support = supported == Percentile.P99
                ? ""
                : "; " + count(now.count()) + " values: too few for p99, need at least "
                        + count(Percentile.P99.minimumCount)
                        + (supported == null
                                ? ", and for any percentile"
                                : "; it would be judged at " + supported.label);
        String prefix = "latency." + name + ".";
        MetricVerdict p99 = Rules.relative(latencyRule(name, Percentile.P99, t), null, now.p99Nanos());
        return List.of(
                withCount(Rules.reported(prefix + "p50", Units.NANOS, null, now.p50Nanos(), "p99"), now.count(), n),
                withCount(Rules.reported(prefix + "p95", Units.NANOS, null, now.p95Nanos(), "p99"), now.count(), n),
                withCount(p99, now.count(), n + support));
    }

    /**
     * The single-run rule: the highest percentile both sides' counts support, the baseline runs'
     * median as the reference, and the ratio's uncertainty {@code H = sqrt(h_now^2 + h_base^2 +
     * h_runs^2)}: h_now and h_base half the log-width of each side's order-statistic interval
     * (0 without a histogram), h_runs the baseline runs' prediction half-width ({@link RunSpread}).
     */
    private static List<MetricVerdict> singleLatency(
            String name,
            LatencySummary now,
            Baseline.Latency then,
            Baseline base,
            RunResult current,
            Thresholds t,
            List<String> notes) {
        long baseCount = then.count();
        for (Baseline.RunFigures run : base.allRuns()) {
            Baseline.Latency l = run.latencies().get(name);
            if (l != null && l.count() > 0) {
                baseCount = Math.min(baseCount, l.count());
            }
        }
        long n = Math.min(now.count(), baseCount);
        String nText =
                now.count() == baseCount ? "n = " + count(n) : "n = " + count(baseCount) + " -> " + count(now.count());
        Percentile chosen = null;
        double[] baseValues = new double[0];
        for (Percentile p : Percentile.values()) {
            if (n < p.minimumCount) {
                continue;
            }
            baseValues = base.allRuns().stream()
                    .map(run -> run.latencies().get(name))
                    .filter(l -> l != null && l.count() > 0 && p.of(l) != null && p.of(l) > 0)
                    .mapToDouble(l -> p.of(l))
                    .toArray();
            if (baseValues.length > 0) {
                chosen = p;
                break;
            }
        }
        String sides = now.count() == baseCount
                ? ""
                : " (baseline " + count(baseCount) + ", this run " + count(now.count()) + ")";
        if (chosen == null) {
            return lines(name, now, then, null, null, n, nText, tooFew(count(n) + " values", null) + sides, t);
        }
        double reference = BootstrapMedianRatio.median(baseValues.clone());
        double hNow = logHalfWidth(current.histograms().get(name), chosen, name, "this run's", notes);
        double hBase = logHalfWidth(base.histograms().get(name), chosen, name, "the baseline's", notes);
        double hRuns = RunSpread.predictionHalfWidth(baseValues);
        double h = Math.sqrt(hNow * hNow + hBase * hBase + hRuns * hRuns);
        MetricVerdict judged = Rules.relative(latencyRule(name, chosen, t), reference, chosen.of(now), h);
        String runs = baseValues.length < 2
                ? ""
                : Units.f(
                        "; baseline: median of %d runs, their spread %.1f %%",
                        baseValues.length, RunSpread.logSd(baseValues) * 100);
        judged = withCount(judged, n, nText + runs);
        String p99Reason = chosen == Percentile.P99 ? null : tooFew(count(n) + " values", chosen) + sides;
        return lines(name, now, then, chosen, judged, n, nText, p99Reason, t);
    }

    private static double logHalfWidth(String encoded, Percentile p, String name, String side, List<String> notes) {
        if (encoded == null) {
            return 0;
        }
        try {
            double h =
                    OrderStatistics.bounds(HistogramCodec.decode(encoded), p.q).logHalfWidth();
            return Double.isFinite(h) ? h : 0;
        } catch (IllegalArgumentException e) {
            notes.add("Latency metric '" + name + "': " + side + " histogram cannot be read (" + e.getMessage()
                    + "); judged without its sampling uncertainty");
            return 0;
        }
    }

    static String tooFew(String values, Percentile chosen) {
        if (chosen == null) {
            return values + ": too few for p99, need at least " + count(Percentile.P99.minimumCount)
                    + ", and for every percentile down to p50 (need at least " + count(Percentile.P50.minimumCount)
                    + "): not judged";
        }
        return values + ": too few for p99, need at least " + count(Percentile.P99.minimumCount) + "; judged at "
                + chosen.label;
    }

    /**
     * The lines of one latency metric: p50 and p95 (reported, or judged when chosen), p90 when
     * judged, and p99: judged; or, when the sample cannot support it, reported with {@code p99Reason}
     * (PASS) when a lower percentile was judged, INCONCLUSIVE when none was.
     */
    private static List<MetricVerdict> lines(
            String name,
            LatencySummary now,
            Baseline.Latency then,
            Percentile chosen,
            MetricVerdict judged,
            long n,
            String nText,
            String p99Reason,
            Thresholds t) {
        return lines(name, now, then, chosen, judged, n, nText, p99Reason, false, t);
    }

    /**
     * @param untrusted true when nothing was judged because the measurement could not be trusted
     *                  (compromised trials left too few): the p99 line is then INCONCLUSIVE. A sample
     *                  that is merely small is the plan's choice: its p99 line is reported, not judged.
     */
    private static List<MetricVerdict> lines(
            String name,
            LatencySummary now,
            Baseline.Latency then,
            Percentile chosen,
            MetricVerdict judged,
            long n,
            String nText,
            String p99Reason,
            boolean untrusted,
            Thresholds t) {
        String prefix = "latency." + name + ".";
        String judgedBy = chosen == null ? "p99" : chosen.label;
        List<MetricVerdict> lines = new ArrayList<>();
        lines.add(
                chosen == Percentile.P50
                        ? judged
                        : withCount(
                                Rules.reported(
                                        prefix + "p50",
                                        Units.NANOS,
                                        (double) then.p50Nanos(),
                                        now.p50Nanos(),
                                        judgedBy),
                                n,
                                nText));
        if (chosen == Percentile.P90) {
            lines.add(judged);
        }
        lines.add(
                chosen == Percentile.P95
                        ? judged
                        : withCount(
                                Rules.reported(
                                        prefix + "p95",
                                        Units.NANOS,
                                        (double) then.p95Nanos(),
                                        now.p95Nanos(),
                                        judgedBy),
                                n,
                                nText));
        if (chosen == Percentile.P99) {
            lines.add(judged);
        } else {
            Rules.Relative rule = latencyRule(name, Percentile.P99, t);
            double base = then.p99Nanos();
            Double delta = base != 0 ? (now.p99Nanos() - base) / base * 100 : null;
            // Judged at a lower percentile, or a sample too small for any: the p99 is shown with the
            // reason, not held against the run (a small sample is the plan's choice, not a sign that
            // the measurement failed). Only an untrusted measurement makes the line INCONCLUSIVE.
            lines.add(new MetricVerdict(
                    rule.metric(),
                    Units.NANOS,
                    untrusted ? VerdictStatus.INCONCLUSIVE : VerdictStatus.PASS,
                    base,
                    now.p99Nanos(),
                    delta,
                    untrusted ? rule.text() : Rules.REPORTED,
                    p99Reason,
                    n));
        }
        return lines;
    }

    /**
     * The trial rule for a latency metric: COMPROMISED trials left out (at least 3 must remain per
     * side when any was), the highest percentile the smallest trial's count supports, the bootstrap
     * of the ratio of medians. Null when the trials do not hold this metric (the single-run rule
     * applies).
     */
    private static List<MetricVerdict> trialLatency(
            String name, LatencySummary now, Baseline.Latency then, Baseline base, RunResult current, Thresholds t) {
        List<TrialFigures> baseAll = base.pooledTrials();
        List<TrialFigures> nowAll = current.trials();
        if (valuesOf(baseAll, Percentile.P99, name).length < 2 || valuesOf(nowAll, Percentile.P99, name).length < 2) {
            return null;
        }
        List<TrialFigures> baseKept = kept(baseAll);
        List<TrialFigures> nowKept = kept(nowAll);
        String leftOut = leftOut(baseAll.size() - baseKept.size(), nowAll.size() - nowKept.size());
        long n = Math.min(
                smallestCount(baseKept, name, then.count(), base.trials().size()),
                smallestCount(nowKept, name, now.count(), nowAll.size()));
        String nText = "n = " + count(n) + " in the smallest trial";
        if (!leftOut.isEmpty() && (baseKept.size() < 3 || nowKept.size() < 3)) {
            return lines(
                    name,
                    now,
                    then,
                    null,
                    null,
                    n,
                    nText,
                    "not judged: " + leftOut.substring(2)
                            + ", leaving " + baseKept.size() + " baseline and " + nowKept.size() + " current trials;"
                            + " the trial rule needs at least 3 a side — re-run on a quiet machine",
                    true,
                    t);
        }
        for (Percentile p : Percentile.values()) {
            double[] b = valuesOf(baseKept, p, name);
            double[] c = valuesOf(nowKept, p, name);
            if (n < p.minimumCount || b.length < 2 || c.length < 2 || !(BootstrapMedianRatio.median(b.clone()) > 0)) {
                continue;
            }
            MetricVerdict judged = withCount(Rules.trials(latencyRule(name, p, t), b, c), n, nText + leftOut);
            String p99Reason = p == Percentile.P99 ? null : tooFew(count(n) + " values in the smallest trial", p);
            return lines(name, now, then, p, judged, n, nText, p99Reason, t);
        }
        return lines(
                name, now, then, null, null, n, nText, tooFew(count(n) + " values in the smallest trial", null), t);
    }

    /** The trials that were not COMPROMISED (a trial without a health counts as healthy). */
    private static List<TrialFigures> kept(List<TrialFigures> trials) {
        return trials.stream()
                .filter(f -> f.health() != HealthStatus.COMPROMISED)
                .toList();
    }

    private static String leftOut(int base, int now) {
        if (base + now == 0) {
            return "";
        }
        return "; left out " + (base + now) + " compromised trial" + (base + now == 1 ? "" : "s") + " (" + now
                + " of this run, " + base + " of the baseline)";
    }

    /**
     * The smallest count of values of a metric over trials; a trial that does not say (older files)
     * is taken to hold an equal share of the run's {@code aggregate} count.
     */
    private static long smallestCount(List<TrialFigures> trials, String name, long aggregate, int trialsInRun) {
        long smallest = Long.MAX_VALUE;
        for (TrialFigures f : trials) {
            Long c = f.latencyCounts().get(name);
            smallest = Math.min(smallest, c != null ? c : aggregate / Math.max(1, trialsInRun));
        }
        return smallest == Long.MAX_VALUE ? 0 : smallest;
    }

    private static double[] valuesOf(List<TrialFigures> trials, Percentile p, String name) {
        return trialValues(trials, f -> {
            Long v = p.of(f).get(name);
            return v == null ? Double.NaN : v;
        });
    }

    static MetricVerdict withCount(MetricVerdict m, long n, String nText) {
        return new MetricVerdict(
                m.metric(),
                m.unit(),
                m.status(),
                m.baselineValue(),
                m.currentValue(),
                m.deltaPercent(),
                m.threshold(),
                m.reason() + "; " + nText,
                n);
    }

    /** A count with thousands separators: "1,204". */
    static String count(long n) {
        return Units.f("%,d", n);
    }

    /**
     * FAIL when the target died during the run: nothing after its death was measured, and what was
     * measured before it says nothing of a server that is gone. Judged whatever the health.
     */
    static Optional<MetricVerdict> targetAlive(RunResult current) {
        TargetFailure died = current.targetFailure();
        if (died == null) {
            return Optional.empty();
        }
        return Optional.of(new MetricVerdict(
                TARGET_ALIVE,
                Units.SECONDS,
                VerdictStatus.FAIL,
                null,
                Math.round(died.offsetMillis() / 100.0) / 10.0,
                null,
                "the target must live through the run (hard limit)",
                died.message()));
    }

    /** The trials' values of one figure, leaving out trials that lack it. */
    private static double[] trialValues(List<TrialFigures> trials, ToDoubleFunction<TrialFigures> figure) {
        return trials.stream().mapToDouble(figure).filter(Double::isFinite).toArray();
    }

    /**
     * Throughput: on the trials when both sides have them (COMPROMISED ones left out), else the run
     * against the baseline runs' median with their prediction half-width as the uncertainty.
     */
    private static void throughput(
            RunResult current, Baseline base, Thresholds t, List<MetricVerdict> out, List<String> notes) {
        if (current.throughput() == null) {
            notes.add("This run has no throughput figures: throughput not judged");
            return;
        }
        double now = current.throughput().throughputPerSecond();
        Rules.Relative rule = throughputRule(t);
        Double then = base == null || base.throughput() == null
                ? null
                : base.throughput().aggregatePerSecond();
        if (then == null) {
            out.add(Rules.relative(rule, null, now));
            return;
        }
        List<TrialFigures> baseAll = base.pooledTrials();
        List<TrialFigures> nowAll = current.trials();
        double[] baseTrials = trialValues(baseAll, TrialFigures::throughputPerSecond);
        double[] nowTrials = trialValues(nowAll, TrialFigures::throughputPerSecond);
        if (baseTrials.length > 1 && nowTrials.length > 1 && BootstrapMedianRatio.median(baseTrials.clone()) > 0) {
            List<TrialFigures> baseKept = kept(baseAll);
            List<TrialFigures> nowKept = kept(nowAll);
            String leftOut = leftOut(baseAll.size() - baseKept.size(), nowAll.size() - nowKept.size());
            double[] b = trialValues(baseKept, TrialFigures::throughputPerSecond);
            double[] c = trialValues(nowKept, TrialFigures::throughputPerSecond);
            if (!leftOut.isEmpty() && (b.length < 3 || c.length < 3 || !(BootstrapMedianRatio.median(b.clone()) > 0))) {
                Double delta = then != 0 ? (now - then) / then * 100 : null;
                out.add(
                        new MetricVerdict(
                                rule.metric(),
                                rule.unit(),
                                VerdictStatus.INCONCLUSIVE,
                                then,
                                now,
                                delta,
                                rule.text(),
                                "not judged: " + leftOut.substring(2) + ", leaving " + b.length + " baseline and "
                                        + c.length
                                        + " current trials; the trial rule needs at least 3 a side — re-run on a quiet machine"));
                return;
            }
            MetricVerdict m = Rules.trials(rule, b, c);
            out.add(leftOut.isEmpty() ? m : m.with(m.status(), m.reason() + leftOut));
            return;
        }
        out.add(againstRuns(rule, base, Baseline.RunFigures::throughputPerSecond, then, now));
    }

    /**
     * A figure against the baseline's runs: with two or more runs that hold it (positive), their
     * median, the allowance widened by their spread ({@link RunSpread}); else {@code newest}, the
     * one figure the baseline has.
     */
    private static MetricVerdict againstRuns(
            Rules.Relative rule,
            Baseline base,
            java.util.function.Function<Baseline.RunFigures, ? extends Number> figure,
            double newest,
            double now) {
        double[] runs = base.allRuns().stream()
                .map(figure)
                .filter(v -> v != null && v.doubleValue() > 0)
                .mapToDouble(Number::doubleValue)
                .toArray();
        if (runs.length < 2) {
            return Rules.relative(rule, newest, now);
        }
        MetricVerdict m = Rules.relative(
                rule, BootstrapMedianRatio.median(runs.clone()), now, RunSpread.predictionHalfWidth(runs));
        return m.with(
                m.status(),
                m.reason()
                        + Units.f(
                                "; baseline: median of %d runs, their spread %.1f %%",
                                runs.length, RunSpread.logSd(runs) * 100));
    }

    static Rules.Relative throughputRule(Thresholds t) {
        return new Rules.Relative(
                "throughput",
                Units.PER_SECOND,
                false,
                t.throughputDropWarnPercent(),
                t.throughputDropFailPercent(),
                t.throughputFloorPerSecond());
    }

    private static void memory(
            RunResult current,
            Baseline base,
            Thresholds t,
            List<MetricVerdict> timing,
            List<MetricVerdict> out,
            List<String> notes) {
        ResourceSummary.MemoryFigures now =
                current.server() == null ? null : current.server().memory();
        if (now == null || now.beforeBytes() < 0 || now.peakBytes() < 0) {
            notes.add("The server's memory was not measured: memory growth and slope not judged");
            return;
        }
        Baseline.Memory then = base == null ? null : base.memory();
        boolean usable = then != null && then.beforeBytes() >= 0 && then.peakBytes() >= 0;
        Rules.Relative growth = new Rules.Relative(
                "memory.growth",
                Units.BYTES,
                true,
                t.memoryGrowthWarnPercent(),
                t.memoryGrowthFailPercent(),
                t.memoryFloorBytes());
        timing.add(growth(growth, base, usable ? then : null, now.growthBytes()));
        long[] window = loadWindow(current);
        if (window[1] < t.memorySlopeMinWindowMillis() || window[0] < Thresholds.MIN_SLOPE_READINGS) {
            notes.add(Units.f(
                    "Memory slope not judged: the load phase gave %d readings over %.1f s; a slope needs"
                            + " %d readings over %.0f s, or %s looks like a leak (memory growth is judged)",
                    window[0],
                    window[1] / 1000.0,
                    Thresholds.MIN_SLOPE_READINGS,
                    t.memorySlopeMinWindowMillis() / 1000.0,
                    warmingUp(current.target())));
            return;
        }
        // Like the fd and thread signals: a baseline that itself sloped up sets the bar, so only the
        // slope beyond the baseline's (plus the limit) is new.
        double allowance = usable ? Math.max(0, then.slopeBytesPerSecond()) : 0;
        String slopeRule = "fail > " + (usable ? "baseline's slope + " : "")
                + Units.format(t.memorySlopeFailBytesPerSecond(), Units.BYTES_PER_SECOND) + " (hard limit)";
        out.add(Rules.hardLimit(
                "memory.slope",
                Units.BYTES_PER_SECOND,
                usable ? then.slopeBytesPerSecond() : null,
                now.slopeBytesPerSecond(),
                t.memorySlopeFailBytesPerSecond() + allowance,
                VerdictStatus.FAIL,
                slopeRule,
                Units.f("RSS slope under load (R² %.2f)", now.slopeRSquared())));
    }

    /**
     * Memory growth against the baseline's runs: with two or more runs that measured it, their
     * median, the allowance widened by their spread as for latency and throughput (a JVM's RSS
     * growth over a short run depends on when its heap grew and the collector ran, so one run's
     * figure says little); else the one figure the baseline has.
     */
    private static MetricVerdict growth(Rules.Relative rule, Baseline base, Baseline.Memory then, long now) {
        if (then == null) {
            return Rules.relative(rule, null, now);
        }
        return againstRuns(rule, base, Baseline.RunFigures::memoryGrowthBytes, then.growthBytes(), now);
    }

    /** What a short slope would mistake for a leak, in the words of what is known of the server. */
    private static String warmingUp(TargetInfo target) {
        String d = target == null || target.description() == null ? "" : target.description();
        boolean jvm = d.matches("(?s).*(\\bjava\\b|/java |-jar |\\.jar\\b).*");
        return jvm
                ? "a JVM warming up (heap growth, compiled code)"
                : "a server still warming up (filling its caches and pools)";
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
        Double then =
                base == null || base.errors() == null ? null : base.errors().errorRatio();
        String rule = "fail > " + Units.format(t.errorRatioFail(), Units.RATIO) + " (hard limit)";
        out.add(Rules.hardLimit(
                "errors.ratio",
                Units.RATIO,
                then,
                current.errors().errorRatio(),
                t.errorRatioFail(),
                VerdictStatus.FAIL,
                rule,
                "error ratio (" + current.errors().failedIterations() + " failed)"));
    }

    /**
     * Open model: the share of planned arrivals that never started. Judged whatever the health, like
     * errors: a run that did not deliver its plan's rate must not pass, and when the server is what
     * fell behind this line is the one that says so (its timings may be INCONCLUSIVE then).
     */
    private static void missedArrivals(RunResult current, Baseline base, List<MetricVerdict> out) {
        CounterSummary missed = current.counters().get(RunResult.MISSED_ARRIVALS);
        if (missed == null || !"open".equals(current.plan().workloadModel())) {
            return;
        }
        long started = current.throughput() == null ? 0 : current.throughput().completedIterations();
        long planned = started + missed.total();
        double ratio = planned == 0 ? 0 : (double) missed.total() / planned;
        String rule = "fail > " + Units.format(Thresholds.MISSED_ARRIVALS_FAIL, Units.RATIO) + " (hard limit)";
        MetricVerdict line = Rules.hardLimit(
                "arrivals.missed_ratio",
                Units.RATIO,
                null,
                ratio,
                Thresholds.MISSED_ARRIVALS_FAIL,
                VerdictStatus.FAIL,
                rule,
                "missed arrivals (" + missed.total() + " of " + planned + " planned)");
        if (line.status() == VerdictStatus.FAIL) {
            line = line.with(
                    VerdictStatus.FAIL,
                    line.reason() + ": the plan's "
                            + String.format(Locale.ROOT, "%,.1f", current.plan().arrivalsPerSecond())
                            + " arrivals/s were not delivered; the server fell behind them (response_time shows the wait)"
                            + " or " + current.plan().channels() + " channels are too few for them");
        } else if (base != null) {
            line = line.with(VerdictStatus.PASS, line.reason());
        }
        out.add(line);
    }

    /**
     * A configured resource probe that failed: every read failed is a FAIL (the page would
     * otherwise read as if the target offered no way to read its resources, and leaks would go
     * unjudged), some failed a WARN. Judged whatever the health, with or without a baseline.
     */
    private static void probeReads(RunResult current, List<MetricVerdict> out) {
        ProbeReads reads = current.server() == null ? null : current.server().reads();
        if (reads == null || reads.failures() == 0) {
            return;
        }
        boolean all = reads.allFailed();
        String what = ResourceProbeText.failures(current.server().source(), reads)
                + (all
                        ? ": no server memory, threads or fds were measured, so leaks were not judged; fix the"
                                + " endpoint (or its token), or turn resource reading off (withMetrics(null) on the target)"
                        : "");
        out.add(new MetricVerdict(
                "resources.reads",
                Units.COUNT,
                all ? VerdictStatus.FAIL : VerdictStatus.WARN,
                null,
                reads.failures(),
                null,
                "fail when every read fails, warn when some do",
                what));
    }

    private static void leaks(RunResult current, Baseline base, Thresholds t, List<MetricVerdict> out) {
        if (current.server() == null) {
            return;
        }
        leak(
                "fds.delta",
                "open fds after - before load",
                current.server().openFds(),
                base == null ? null : base.openFds(),
                t.fdGrowthWarn(),
                t.fdGrowthFail(),
                out);
        leak(
                "threads.delta",
                "threads after - before load",
                current.server().threads(),
                base == null ? null : base.threads(),
                t.threadGrowthWarn(),
                Long.MAX_VALUE,
                out);
    }

    private static void leak(
            String metric,
            String what,
            ResourceSummary.CountFigures now,
            Baseline.Count then,
            long warnAbove,
            long failAbove,
            List<MetricVerdict> out) {
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
        out.add(Rules.hardLimit(
                metric,
                Units.COUNT,
                baseDelta,
                delta,
                (fails ? failAbove : warnAbove) + allowance,
                fails ? VerdictStatus.FAIL : VerdictStatus.WARN,
                rule,
                what));
    }
}
