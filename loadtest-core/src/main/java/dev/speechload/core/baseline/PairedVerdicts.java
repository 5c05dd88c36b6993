package dev.speechload.core.baseline;

import dev.speechload.core.result.Health;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.PairedFigure;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TrialFigures;
import dev.speechload.core.stats.RunResults;
import dev.speechload.core.stats.internal.PairHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Judges an A/B comparison: the reference run A and the candidate run B hold one trial per pair,
 * index-aligned. Pure and thread-safe.
 *
 * <ul>
 *   <li><b>Timings</b> ({@code latency.<name>.<percentile>} and {@code throughput}) are judged on
 *       the paired ratios B/A ({@link SignedRankInterval}, {@link Rules#paired}) of the pairs
 *       whose two trials can be compared ({@link PairHealth}: the generator kept up in both, and
 *       both met the same contention); each latency metric at the highest percentile the
 *       smallest kept trial's count supports. With fewer than {@link #MIN_PAIRS} such pairs a
 *       timing is INCONCLUSIVE when health removed pairs (re-run on a quieter machine), or
 *       reported and not judged when the trials simply lack it.</li>
 *   <li><b>Everything else</b> (errors, memory growth and slope, descriptors, threads) is judged as
 *       a run against a baseline ({@link Verdicts}), B against A: hard limits on B, leaks beyond
 *       A's own growth.</li>
 * </ul>
 */
public final class PairedVerdicts {

    /** Fewest kept pairs a timing is judged on: with fewer no 95 % signed-rank interval exists. */
    public static final int MIN_PAIRS = 6;

    private PairedVerdicts() {}

    /**
     * The verdict and the figures it rests on.
     *
     * @param verdict the A/B verdict (its {@code baselineValue}s are A's, {@code currentValue}s B's)
     * @param figures every paired timing metric, pair by pair
     */
    public record Judged(Verdict verdict, List<PairedFigure> figures) {}

    /**
     * @param reference  A's run, one trial per pair
     * @param candidate  B's run, as many trials, in the same pair order
     * @param how        one sentence on how the pairs ran (mode, order, seed), the verdict's first note
     * @param thresholds the rules, not null
     * @throws IllegalArgumentException when the runs do not hold one trial per pair each
     */
    public static Judged judge(RunResult reference, RunResult candidate, String how, Thresholds thresholds) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(thresholds, "thresholds");
        List<TrialFigures> a = reference.trials();
        List<TrialFigures> b = candidate.trials();
        if (a.size() != b.size() || a.isEmpty()) {
            throw new IllegalArgumentException("an A/B comparison needs one trial per pair on each side, had "
                    + a.size() + " reference and " + b.size() + " candidate trials");
        }
        int cores = RunResults.cores(candidate.environment());
        List<PairHealth.Pair> decided = PairHealth.judge(a, b, cores);
        boolean[] healthy = new boolean[a.size()];
        List<Integer> dropped = new ArrayList<>();
        String firstReason = null;
        for (int i = 0; i < healthy.length; i++) {
            healthy[i] = decided.get(i).kept();
            if (!healthy[i]) {
                dropped.add(i + 1);
                firstReason = firstReason == null
                        ? "pair " + (i + 1) + ": " + decided.get(i).reason()
                        : firstReason;
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add(how);
        if (!dropped.isEmpty()) {
            notes.add("Left out " + dropped.size() + " of " + a.size() + " pairs whose two trials could not be"
                    + " compared (pairs " + dropped + "; " + firstReason + "): their timings are not used");
        }
        // Each side's own health rule asks for a machine like a baseline's; pairs only need their two
        // trials to meet the same machine, so the comparison's health is the pairs'.
        Health pairsHealth = PairHealth.comparison(decided, a, b, cores, MIN_PAIRS);
        Verdict rest =
                Verdicts.judge(candidate.withHealth(pairsHealth), Optional.of(Baseline.from(reference)), thresholds);
        List<MetricVerdict> lines = new ArrayList<>();
        List<PairedFigure> figures = new ArrayList<>();
        Pairs pairs = new Pairs(a, b, healthy, dropped.size());
        latencies(reference, candidate, pairs, thresholds, lines, figures, notes);
        throughput(pairs, thresholds, lines, figures);
        for (MetricVerdict m : rest.metrics()) {
            if (!m.metric().startsWith("latency.") && !m.metric().equals("throughput")) {
                lines.add(m);
            }
        }
        for (String note : rest.notes()) {
            if (!note.startsWith("Trials:")) {
                notes.add(
                        note.startsWith("Measurement ")
                                ? "Pairs' measurement " + note.substring("Measurement ".length())
                                : note);
            }
        }
        // B's death is among the lines of "rest"; A's must fail the comparison too.
        Verdicts.targetAlive(reference)
                .ifPresent(m -> lines.add(new MetricVerdict(
                        Verdicts.TARGET_ALIVE + ".reference",
                        m.unit(),
                        m.status(),
                        null,
                        m.currentValue(),
                        null,
                        m.threshold(),
                        "reference build (A): " + m.reason())));
        VerdictStatus overall = VerdictStatus.PASS;
        for (MetricVerdict m : lines) {
            overall = overall.worst(m.status());
        }
        String referenceBuild = reference.target() == null
                ? "the reference build"
                : reference.target().description();
        return new Judged(new Verdict(candidate.testName(), overall, true, lines, notes, referenceBuild), figures);
    }

    /** Both sides' trials and which pairs health lets through. */
    private record Pairs(List<TrialFigures> a, List<TrialFigures> b, boolean[] healthy, int droppedForHealth) {

        int size() {
            return a.size();
        }
    }

    private static void latencies(
            RunResult reference,
            RunResult candidate,
            Pairs pairs,
            Thresholds t,
            List<MetricVerdict> lines,
            List<PairedFigure> figures,
            List<String> notes) {
        for (String name : latencyNames(candidate)) {
            if (!RunResult.judgedLatency(name)) {
                continue;
            }
            if (latencyNames(reference).stream().noneMatch(name::equals)) {
                notes.add("Latency metric '" + name + "' was recorded by B only: not judged");
                continue;
            }
            long smallest = Long.MAX_VALUE;
            for (int i = 0; i < pairs.size(); i++) {
                if (pairs.healthy()[i]) {
                    smallest = Math.min(
                            smallest,
                            Math.min(
                                    count(pairs.a().get(i), name),
                                    count(pairs.b().get(i), name)));
                }
            }
            smallest = smallest == Long.MAX_VALUE ? 0 : smallest;
            Percentile chosen = Percentile.highestSupported(smallest);
            Percentile shown = chosen == null ? Percentile.P99 : chosen;
            Rules.Relative rule = Verdicts.latencyRule(name, shown, t);
            Column column = column(pairs, f -> {
                Long v = shown.of(f).get(name);
                return v == null ? Double.NaN : v;
            });
            String nText = "n = " + Verdicts.count(smallest) + " in the smallest kept trial";
            MetricVerdict judged = judge(
                    rule,
                    column,
                    pairs,
                    chosen == null
                            ? Verdicts.count(smallest)
                                    + " values in the smallest kept trial: too few for any percentile"
                            : null);
            figures.add(column.figure(rule, judged));
            lines.add(Verdicts.withCount(judged, smallest, nText));
            if (chosen != null && chosen != Percentile.P99) {
                Rules.Relative p99 = Verdicts.latencyRule(name, Percentile.P99, t);
                LatencySummary aRun = reference.latency(name);
                LatencySummary bRun = candidate.latency(name);
                lines.add(new MetricVerdict(
                        p99.metric(),
                        Units.NANOS,
                        VerdictStatus.PASS,
                        aRun == null ? null : (double) aRun.p99Nanos(),
                        bRun == null ? 0 : bRun.p99Nanos(),
                        null,
                        Rules.REPORTED,
                        Verdicts.tooFew(Verdicts.count(smallest) + " values in the smallest kept trial", chosen),
                        smallest));
            }
        }
    }

    /**
     * Every latency metric some trial of the run holds values of: pairs can only compare those (a
     * metric a scenario registered but never recorded, such as interim latency without partials,
     * has nothing to judge).
     */
    private static Set<String> latencyNames(RunResult run) {
        Set<String> names = new TreeSet<>();
        for (TrialFigures f : run.trials()) {
            f.latencyP99Nanos().keySet().stream()
                    .filter(name -> count(f, name) > 0 || !f.latencyCounts().containsKey(name))
                    .forEach(names::add);
        }
        return names;
    }

    private static long count(TrialFigures f, String name) {
        Long c = f.latencyCounts().get(name);
        return c == null ? 0 : c;
    }

    private static void throughput(Pairs pairs, Thresholds t, List<MetricVerdict> lines, List<PairedFigure> figures) {
        Rules.Relative rule = Verdicts.throughputRule(t);
        Column column = column(pairs, TrialFigures::throughputPerSecond);
        MetricVerdict judged = judge(rule, column, pairs, null);
        figures.add(column.figure(rule, judged));
        lines.add(judged);
    }

    /** One figure's values pair by pair, and which pairs are usable (healthy, both values positive). */
    private record Column(double[] a, double[] b, boolean[] kept, SignedRankInterval.Interval interval) {

        double[] keptA() {
            return pick(a);
        }

        double[] keptB() {
            return pick(b);
        }

        int keptCount() {
            int n = 0;
            for (boolean k : kept) {
                n += k ? 1 : 0;
            }
            return n;
        }

        private double[] pick(double[] values) {
            double[] out = new double[keptCount()];
            int j = 0;
            for (int i = 0; i < values.length; i++) {
                if (kept[i]) {
                    out[j++] = values[i];
                }
            }
            return out;
        }

        PairedFigure figure(Rules.Relative rule, MetricVerdict verdict) {
            List<Double> ra = new ArrayList<>();
            List<Double> rb = new ArrayList<>();
            List<Boolean> rk = new ArrayList<>();
            for (int i = 0; i < a.length; i++) {
                ra.add(a[i]);
                rb.add(b[i]);
                rk.add(kept[i]);
            }
            boolean judged = interval != null && !Rules.REPORTED.equals(verdict.threshold());
            return new PairedFigure(
                    verdict.metric(),
                    rule.unit(),
                    rule.higherIsWorse(),
                    ra,
                    rb,
                    rk,
                    judged ? interval.estimate() : null,
                    judged ? interval.lower() : null,
                    judged ? interval.upper() : null,
                    judged ? interval.coverage() : 0);
        }
    }

    private static Column column(Pairs pairs, ToDoubleFunction<TrialFigures> value) {
        int n = pairs.size();
        double[] a = new double[n];
        double[] b = new double[n];
        boolean[] kept = new boolean[n];
        int usable = 0;
        for (int i = 0; i < n; i++) {
            a[i] = value.applyAsDouble(pairs.a().get(i));
            b[i] = value.applyAsDouble(pairs.b().get(i));
            kept[i] = pairs.healthy()[i] && a[i] > 0 && b[i] > 0 && Double.isFinite(a[i]) && Double.isFinite(b[i]);
            usable += kept[i] ? 1 : 0;
        }
        Column partial = new Column(a, b, kept, null);
        SignedRankInterval.Interval interval = usable == 0
                ? null
                : SignedRankInterval.ofRatios(partial.keptA(), partial.keptB(), SignedRankInterval.CONFIDENCE);
        return new Column(a, b, kept, interval);
    }

    /**
     * @param tooFewValues why the metric cannot be judged at any percentile, or null when it can
     */
    private static MetricVerdict judge(Rules.Relative rule, Column column, Pairs pairs, String tooFewValues) {
        double[] a = column.keptA();
        double[] b = column.keptB();
        Double aMedian = a.length == 0 ? null : BootstrapMedianRatio.median(a.clone());
        double bMedian = b.length == 0 ? 0 : BootstrapMedianRatio.median(b.clone());
        String why = column.keptCount() + " of " + pairs.size() + " pairs usable; a 95 % signed-rank interval needs "
                + MIN_PAIRS;
        // Health comes first: a metric whose pairs were compromised away has too few values too, but
        // the reason to give is the machine, and the line must not read as a plain PASS.
        if (column.keptCount() < MIN_PAIRS && pairs.droppedForHealth() > 0) {
            return new MetricVerdict(
                    rule.metric(),
                    rule.unit(),
                    VerdictStatus.INCONCLUSIVE,
                    aMedian,
                    bMedian,
                    null,
                    rule.text(),
                    "not judged: " + why + " (" + pairs.droppedForHealth() + " left out because their"
                            + " two trials met different machines or the generator fell behind) — re-run on a steadier machine");
        }
        if (tooFewValues != null) {
            return new MetricVerdict(
                    rule.metric(),
                    rule.unit(),
                    VerdictStatus.PASS,
                    aMedian,
                    bMedian,
                    null,
                    Rules.REPORTED,
                    tooFewValues + ": not judged");
        }
        if (column.interval() == null || column.keptCount() < MIN_PAIRS) {
            return new MetricVerdict(
                    rule.metric(),
                    rule.unit(),
                    VerdictStatus.PASS,
                    aMedian,
                    bMedian,
                    null,
                    Rules.REPORTED,
                    "not judged: " + why + " (the others lack this figure)");
        }
        return Rules.paired(rule, a, b, column.interval());
    }
}
