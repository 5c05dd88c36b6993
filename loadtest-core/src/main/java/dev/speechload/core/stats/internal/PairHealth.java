package dev.speechload.core.stats.internal;

import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthFigures;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.TrialFigures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether the two trials of an A/B pair can be compared with each other. Pure.
 *
 * <p>A run judged against a baseline file needs a machine like the baseline's, so foreign CPU
 * work compromises it ({@link HealthClassifier}). A pair needs less: that both of its trials met
 * the same machine. A one-core CPU hog that runs through both trials of a pair slows A and B
 * alike and cancels in the ratio B/A; a build that starts in the middle of one trial does not. So
 * a pair is left out when
 * <ul>
 *   <li>either trial's generator failed it (saturated generator CPU, GC, generator lag or missed
 *       arrivals past their COMPROMISED limits): then the figures are the generator's, not the
 *       server's;</li>
 *   <li>or the two trials met different contention: the B - A difference of other processes' CPU
 *       share (or, where it is unknown, of CPU pressure) is more than {@link #CONTENTION_GAP} of
 *       the machine away from the comparison's typical (median) difference, or steal's more than
 *       {@link #STEAL_GAP}. The typical difference is not zero when the builds themselves leave
 *       a steady neighbour different room (a slower candidate that waits more lets a CPU hog run
 *       more in each of its trials);</li>
 *   <li>or, for trials whose health figures are unknown (files written before they were kept),
 *       either trial was COMPROMISED, as before.</li>
 * </ul>
 * The contention a pair's trials share still widens the spread of the ratios; the signed-rank
 * interval widens with it, so a busy machine makes an A/B comparison less sure, not wrong.
 */
public final class PairHealth {

    /**
     * Largest difference of other processes' CPU share between a pair's two trials. The DEGRADED
     * limit of a single run: a difference that would degrade a run by itself is too much between
     * two trials that are compared with each other. Measured (2026-12-05, 2 cores): quiet trials
     * 2..4 %, trials beside a one-core hog 24..26 %, so steady contention differs by 2 points.
     */
    public static final double CONTENTION_GAP = HealthRules.DEFAULTS.otherCpuDegraded();

    /** Largest difference of CPU pressure (PSI "some") when other processes' CPU is unknown. */
    public static final double PRESSURE_GAP = 0.10;

    /** Largest difference of stolen CPU time. */
    public static final double STEAL_GAP = HealthRules.DEFAULTS.stealDegraded();

    private PairHealth() {}

    /**
     * One pair's decision.
     *
     * @param kept   whether its timings are compared
     * @param reason why it was left out (null when kept)
     */
    public record Pair(boolean kept, String reason) {}

    /**
     * Every pair's decision, in order; both lists hold one trial per pair ({@code a} the
     * reference's trials, {@code b} the candidate's).
     */
    public static List<Pair> judge(List<TrialFigures> a, List<TrialFigures> b, int cores) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(
                    "pairs need as many reference as candidate trials, had " + a.size() + " and " + b.size());
        }
        Offsets typical = new Offsets(
                typicalGap(a, b, HealthFigures::otherCpuShare),
                typicalGap(a, b, HealthFigures::cpuPressureShare),
                typicalGap(a, b, HealthFigures::stealShare));
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            pairs.add(judge(a.get(i), b.get(i), cores, typical));
        }
        return pairs;
    }

    /**
     * The comparison's typical B - A difference of a contention figure: the median over the pairs
     * where both trials read it (0 where none did). A steady neighbour takes whatever CPU the load
     * leaves it, so a candidate that waits more (a slower build) leaves the neighbour more in every
     * pair: that offset is the builds' doing, the same in each pair, and must not drop pairs. A
     * burst of foreign work differs from it in the one pair it hit.
     */
    private static double typicalGap(List<TrialFigures> a, List<TrialFigures> b, ToDoubleFunction<HealthFigures> f) {
        List<Double> gaps = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            HealthFigures fa = a.get(i).healthFigures();
            HealthFigures fb = b.get(i).healthFigures();
            if (fa != null && fb != null && f.applyAsDouble(fa) >= 0 && f.applyAsDouble(fb) >= 0) {
                gaps.add(f.applyAsDouble(fb) - f.applyAsDouble(fa));
            }
        }
        if (gaps.isEmpty()) {
            return 0;
        }
        Collections.sort(gaps);
        int n = gaps.size();
        return n % 2 == 1 ? gaps.get(n / 2) : (gaps.get(n / 2 - 1) + gaps.get(n / 2)) / 2;
    }

    private record Offsets(double otherCpu, double pressure, double steal) {}

    private static Pair judge(TrialFigures a, TrialFigures b, int cores, Offsets typical) {
        HealthFigures fa = a.healthFigures();
        HealthFigures fb = b.healthFigures();
        if (fa == null || fb == null) {
            boolean aBad = a.health() == HealthStatus.COMPROMISED;
            boolean bBad = b.health() == HealthStatus.COMPROMISED;
            if (!aBad && !bBad) {
                return new Pair(true, null);
            }
            return new Pair(
                    false,
                    (aBad && bBad ? "both trials were" : aBad ? "A's trial was" : "B's trial was")
                            + " COMPROMISED (no per-trial health figures to compare the pair by)");
        }
        for (String side : List.of("A", "B")) {
            Health generator =
                    HealthClassifier.judge(generatorOnly(side.equals("A") ? fa : fb), cores, HealthRules.DEFAULTS);
            if (generator.status() == HealthStatus.COMPROMISED) {
                return new Pair(false, side + "'s trial: " + HealthClassifier.stripStatus(generator.reason()));
            }
        }
        if (fa.otherCpuShare() >= 0 && fb.otherCpuShare() >= 0) {
            if (offTypical(fa.otherCpuShare(), fb.otherCpuShare(), typical.otherCpu(), CONTENTION_GAP)) {
                return new Pair(
                        false,
                        "other processes used " + HealthClassifier.pct(fa.otherCpuShare())
                                + " of the machine in A's trial and " + HealthClassifier.pct(fb.otherCpuShare())
                                + " in B's"
                                + apart(fa.otherCpuShare(), fb.otherCpuShare(), typical.otherCpu(), CONTENTION_GAP)
                                + ": the two trials met different machines");
            }
        } else if (fa.cpuPressureShare() >= 0 && fb.cpuPressureShare() >= 0) {
            if (offTypical(fa.cpuPressureShare(), fb.cpuPressureShare(), typical.pressure(), PRESSURE_GAP)) {
                return new Pair(
                        false,
                        "tasks waited for a CPU " + HealthClassifier.pct(fa.cpuPressureShare())
                                + " of the time in A's trial and " + HealthClassifier.pct(fb.cpuPressureShare())
                                + " in B's"
                                + apart(
                                        fa.cpuPressureShare(),
                                        fb.cpuPressureShare(),
                                        typical.pressure(),
                                        PRESSURE_GAP));
            }
        } else if (a.health() == HealthStatus.COMPROMISED || b.health() == HealthStatus.COMPROMISED) {
            return new Pair(false, "machine contention could not be read for both trials, and one was COMPROMISED");
        }
        if (fa.stealShare() >= 0
                && fb.stealShare() >= 0
                && offTypical(fa.stealShare(), fb.stealShare(), typical.steal(), STEAL_GAP)) {
            return new Pair(
                    false,
                    "the hypervisor stole " + HealthClassifier.pct(fa.stealShare()) + " in A's trial and "
                            + HealthClassifier.pct(fb.stealShare()) + " in B's"
                            + apart(fa.stealShare(), fb.stealShare(), typical.steal(), STEAL_GAP));
        }
        return new Pair(true, null);
    }

    private static boolean offTypical(double a, double b, double typical, double gap) {
        return Math.abs((b - a) - typical) > gap;
    }

    /** ", B - A = +28 points where the comparison's pairs differ by +1 (more than 8 points off)". */
    private static String apart(double a, double b, double typical, double gap) {
        return String.format(
                Locale.ROOT,
                ", B - A = %+.0f points where the comparison's pairs typically differ by" + " %+.0f (more than %s off)",
                (b - a) * 100,
                typical * 100,
                points(gap));
    }

    /**
     * The comparison's health, as both sides' runs carry it: COMPROMISED when fewer than
     * {@code minPairs} pairs are kept; DEGRADED when the kept pairs ran beside contention that
     * would have degraded or compromised a run on its own (said with its figures); else HEALTHY.
     */
    public static Health comparison(List<TrialFigures> a, List<TrialFigures> b, int cores, int minPairs) {
        return comparison(judge(a, b, cores), a, b, cores, minPairs);
    }

    /** As above, with the pairs already {@link #judge(List, List, int) judged}. */
    public static Health comparison(
            List<Pair> pairs, List<TrialFigures> a, List<TrialFigures> b, int cores, int minPairs) {
        int n = pairs.size();
        List<String> findings = new ArrayList<>();
        List<HealthFigures> keptFigures = new ArrayList<>();
        HealthStatus shared = HealthStatus.HEALTHY;
        String sharedWhy = null;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            Pair p = pairs.get(i);
            if (!p.kept()) {
                findings.add("pair " + (i + 1) + " left out: " + p.reason());
                continue;
            }
            kept++;
            for (TrialFigures t : List.of(a.get(i), b.get(i))) {
                HealthStatus s = t.health() == null ? HealthStatus.HEALTHY : t.health();
                if (s.ordinal() > shared.ordinal()) {
                    shared = s;
                    sharedWhy = t.healthFigures() == null
                            ? "trial health " + s
                            : HealthClassifier.stripStatus(
                                    HealthClassifier.judge(t.healthFigures(), cores, HealthRules.DEFAULTS)
                                            .reason());
                }
                if (t.healthFigures() != null) {
                    keptFigures.add(t.healthFigures());
                }
            }
        }
        HealthFigures figures = keptFigures.isEmpty() ? null : HealthClassifier.mean(keptFigures);
        int dropped = n - kept;
        if (kept < minPairs) {
            String first = findings.isEmpty() ? "" : "; " + findings.get(0);
            return new Health(
                    HealthStatus.COMPROMISED,
                    "COMPROMISED: " + dropped + " of " + n + " pairs left out, " + kept + " kept (at least " + minPairs
                            + " needed)" + first,
                    figures,
                    findings,
                    n,
                    dropped);
        }
        String left = dropped == 0 ? "" : "; " + dropped + " of " + n + " pairs left out (" + findings.get(0) + ")";
        if (shared == HealthStatus.HEALTHY) {
            return new Health(
                    HealthStatus.HEALTHY,
                    "HEALTHY: " + kept + " of " + n + " pairs kept, each pair's" + " trials met the same machine"
                            + left,
                    figures,
                    findings,
                    n,
                    dropped);
        }
        return new Health(
                HealthStatus.DEGRADED,
                "DEGRADED: " + kept + " of " + n + " pairs kept, their two trials"
                        + " sharing the same contention (" + sharedWhy
                        + "), which cancels in B/A but widens the interval"
                        + left,
                figures,
                findings,
                n,
                dropped);
    }

    /** The figures with machine contention unknown, so only the generator's own rules can fire. */
    private static HealthFigures generatorOnly(HealthFigures f) {
        return new HealthFigures(
                f.generatorCpuShare(),
                -1,
                -1,
                -1,
                -1,
                f.gcPauseShare(),
                f.generatorLagP99Nanos(),
                f.missedArrivalRatio(),
                -1);
    }

    private static String points(double share) {
        return Math.round(share * 100) + " points";
    }
}
