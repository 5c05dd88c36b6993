package dev.speechload.core.stats.internal;

import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthFigures;
import dev.speechload.core.result.HealthSample;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * Decides whether a measurement can be trusted: turns a trial's health samples into a
 * {@link Health}, and a run's trials into the run's. Pure functions: no I/O, no clock.
 *
 * <p>A trial's figures are means over its measured intervals (warm-up left out); its generator
 * lag p99 comes from the trial's whole {@code generator.*} histograms. Each rule of
 * {@link HealthRules} that fires adds a finding, a sentence with the figure and the limit; the
 * status is the worst finding's, and the reason is the status with the most important finding
 * (the first of the worst: machine contention, then generator saturation, GC, lag, missed
 * arrivals).
 *
 * <p>A run keeps its trials that are not COMPROMISED. With one trial the run's health is that
 * trial's. With several, the run is COMPROMISED when fewer than 3 trials remain (for a run of 2
 * trials, when not both remain): too few trials are left to judge a spread. Else it is the worst
 * of the kept trials, with the compromised ones counted and said in the reason.
 */
public final class HealthClassifier {

    /** The fewest kept trials a multi-trial run needs (a run of 2 needs both). */
    public static final int MIN_KEPT_TRIALS = 3;

    private HealthClassifier() {}

    /**
     * One trial's health with the default rules.
     *
     * @param cores the machine's cores, for the words of the findings
     */
    public static Health trial(TrialData trial, int cores) {
        return trial(trial, cores, HealthRules.DEFAULTS);
    }

    /** One trial's health: its health series, its generator histograms and (open model) its arrivals. */
    public static Health trial(TrialData trial, int cores, HealthRules rules) {
        List<Histogram> lags = new ArrayList<>();
        trial.latencies().forEach((name, h) -> {
            if (name.startsWith(RunResult.GENERATOR_PREFIX)) {
                lags.add(h);
            }
        });
        long missed = 0;
        for (HealthSample s : measured(trial.healthSeries())) {
            missed += s.missedArrivals();
        }
        long planned = 0;
        if (missed > 0) {
            for (IntervalSample s : trial.timeSeries()) {
                if (!s.warmup()) {
                    planned += s.completed();
                }
            }
            planned += missed;
        }
        return trial(trial.healthSeries(), lags, planned, cores, rules);
    }

    /**
     * One trial's health.
     *
     * @param samples          every interval of the trial; warm-up ones are left out here (all are
     *                         used when none is measured)
     * @param generatorLags    the trial's whole histograms of its {@code generator.*} metrics
     * @param plannedArrivals  open model: arrivals planned in the measured intervals (0 otherwise)
     * @param cores            the machine's cores, for the words of the findings
     * @return HEALTHY with null figures when there are no samples at all
     */
    public static Health trial(
            List<HealthSample> samples,
            Collection<Histogram> generatorLags,
            long plannedArrivals,
            int cores,
            HealthRules rules) {
        Objects.requireNonNull(rules, "rules");
        if (samples == null || samples.isEmpty()) {
            return new Health(
                    HealthStatus.HEALTHY, "HEALTHY: not checked, no health readings were taken", null, List.of(), 1, 0);
        }
        HealthFigures figures = figures(samples, generatorLags, plannedArrivals);
        return judge(figures, cores, rules);
    }

    /** The figures of a trial: means over its measured intervals, lag p99 from the whole histograms. */
    public static HealthFigures figures(
            List<HealthSample> samples, Collection<Histogram> generatorLags, long plannedArrivals) {
        List<HealthSample> measured = measured(samples);
        boolean useAll = measured.size() == samples.size();
        long gcMillis = 0;
        long wallMillis = 0;
        long missed = 0;
        long previousOffset = 0;
        for (HealthSample s : samples) {
            long span = Math.max(0, s.offsetMillis() - previousOffset);
            previousOffset = s.offsetMillis();
            if (useAll || !s.warmup()) {
                wallMillis += span;
                gcMillis += s.gcPauseMillis();
                missed += s.missedArrivals();
            }
        }
        long lagP99 = lagP99(generatorLags, measured);
        return new HealthFigures(
                meanOf(measured, HealthSample::generatorCpuShare),
                meanOf(measured, HealthSample::otherCpuShare),
                meanOf(measured, HealthSample::cpuPressureShare),
                meanOf(measured, HealthSample::stealShare),
                meanOf(measured, HealthSample::runQueuePerCore),
                wallMillis > 0 ? Math.min(1, (double) gcMillis / wallMillis) : 0,
                lagP99,
                plannedArrivals > 0 ? Math.min(1, (double) missed / plannedArrivals) : 0,
                meanOf(measured, HealthSample::idleShare));
    }

    /** Applies the rules to figures. */
    public static Health judge(HealthFigures f, int cores, HealthRules rules) {
        List<Finding> findings = new ArrayList<>();
        String cpus = cores == 1 ? "1 core" : cores + " cores";
        String unknownTarget =
                "; the target's CPU use was unknown, so other processes' CPU could not be told " + "from the server's";
        if (f.otherCpuShare() >= 0
                && f.otherCpuShare() > rules.otherCpuCompromised()
                && f.idleShare() >= 0
                && f.idleShare() >= rules.idleSpare()) {
            // Foreign work, but the machine never ran out of CPU: the load found a free core, so its
            // timings hold, if a little less steadily.
            findings.add(new Finding(
                    HealthStatus.DEGRADED,
                    "other processes used " + pct(f.otherCpuShare())
                            + " of the machine's " + cpus + ", but " + pct(f.idleShare())
                            + " of it stayed idle (compromised"
                            + " above " + pct(rules.otherCpuCompromised()) + " when less than " + pct(rules.idleSpare())
                            + " stays idle)"));
        } else if (f.otherCpuShare() >= 0) {
            check(
                    findings,
                    f.otherCpuShare(),
                    rules.otherCpuDegraded(),
                    rules.otherCpuCompromised(),
                    lim -> "other processes used " + pct(f.otherCpuShare()) + " of the machine's " + cpus + " (" + lim
                            + ")",
                    true);
        } else if (f.cpuPressureShare() >= 0) {
            check(
                    findings,
                    f.cpuPressureShare(),
                    rules.cpuPressureDegraded(),
                    rules.cpuPressureCompromised(),
                    lim -> "tasks waited for a CPU " + pct(f.cpuPressureShare()) + " of the time (CPU pressure, " + lim
                            + ")" + unknownTarget,
                    true);
        } else if (f.runQueuePerCore() >= 0) {
            check(
                    findings,
                    f.runQueuePerCore(),
                    rules.runQueueDegraded(),
                    rules.runQueueCompromised(),
                    lim -> String.format(
                            Locale.ROOT,
                            "%.1f runnable tasks per core (%s)%s and the kernel gives no" + " CPU pressure figures",
                            f.runQueuePerCore(),
                            lim,
                            unknownTarget),
                    false);
        }
        if (f.stealShare() >= 0) {
            check(
                    findings,
                    f.stealShare(),
                    rules.stealDegraded(),
                    rules.stealCompromised(),
                    lim -> "the hypervisor stole " + pct(f.stealShare()) + " of the machine's CPU time (" + lim + ")",
                    true);
        }
        if (f.generatorCpuShare() >= 0) {
            check(
                    findings,
                    f.generatorCpuShare(),
                    rules.generatorCpuDegraded(),
                    rules.generatorCpuCompromised(),
                    lim -> "the load generator's JVM used " + pct(f.generatorCpuShare()) + " of the " + cpus + " ("
                            + lim + "): it was near saturation",
                    true);
        }
        check(
                findings,
                f.gcPauseShare(),
                rules.gcPauseDegraded(),
                rules.gcPauseCompromised(),
                lim -> "the load generator's JVM spent " + pct(f.gcPauseShare()) + " of the time in garbage "
                        + "collection (" + lim + ")",
                true);
        if (f.generatorLagP99Nanos() >= 0) {
            check(
                    findings,
                    f.generatorLagP99Nanos(),
                    rules.generatorLagDegradedNanos(),
                    rules.generatorLagCompromisedNanos(),
                    lim -> "the load generator's own lag p99 (scheduling and send lag) was "
                            + millis(f.generatorLagP99Nanos()) + " (" + lim + ")",
                    false,
                    true);
        }
        check(
                findings,
                f.missedArrivalRatio(),
                rules.missedArrivalsDegraded(),
                rules.missedArrivalsCompromised(),
                lim -> pct(f.missedArrivalRatio()) + " of the planned arrivals were missed (" + lim + ")",
                true);

        HealthStatus status = HealthStatus.HEALTHY;
        for (Finding x : findings) {
            status = status.worst(x.status);
        }
        String reason;
        if (status == HealthStatus.HEALTHY) {
            reason = "HEALTHY: " + checked(f);
        } else {
            HealthStatus worst = status;
            Finding first =
                    findings.stream().filter(x -> x.status == worst).findFirst().orElseThrow();
            reason = status + ": " + first.text;
        }
        return new Health(status, reason, f, findings.stream().map(x -> x.text).toList(), 1, 0);
    }

    /**
     * A run's health from its trials' (in order). Null or empty gives null.
     */
    public static Health run(List<Health> trials) {
        if (trials == null || trials.isEmpty()) {
            return null;
        }
        if (trials.size() == 1) {
            Health h = trials.get(0);
            return new Health(
                    h.status(),
                    h.reason(),
                    h.figures(),
                    h.findings(),
                    1,
                    h.status() == HealthStatus.COMPROMISED ? 1 : 0);
        }
        int n = trials.size();
        List<Health> kept = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        String firstCompromised = null;
        for (int i = 0; i < n; i++) {
            Health h = trials.get(i);
            if (h.status() == HealthStatus.COMPROMISED) {
                if (firstCompromised == null) {
                    firstCompromised = "trial " + (i + 1) + ": " + stripStatus(h.reason());
                }
            } else {
                kept.add(h);
            }
            for (String finding : h.findings()) {
                findings.add("trial " + (i + 1) + " (" + h.status() + "): " + finding);
            }
        }
        int compromised = n - kept.size();
        int needed = n == 2 ? 2 : MIN_KEPT_TRIALS;
        HealthFigures figures = meanFigures(kept.isEmpty() ? trials : kept);
        if (kept.size() < needed) {
            String reason = "COMPROMISED: " + compromised + " of " + n + " trials were compromised, leaving "
                    + kept.size() + " (at least " + needed + " needed); " + firstCompromised;
            return new Health(HealthStatus.COMPROMISED, reason, figures, findings, n, compromised);
        }
        HealthStatus status = HealthStatus.HEALTHY;
        Health worst = kept.get(0);
        for (Health h : kept) {
            if (h.status().ordinal() > status.ordinal()) {
                status = h.status();
                worst = h;
            }
        }
        String left = compromised == 0
                ? ""
                : "; " + compromised + " of " + n + (compromised == 1 ? " trials was" : " trials were")
                        + " compromised and left out (" + firstCompromised + ")";
        String reason = status == HealthStatus.HEALTHY
                ? "HEALTHY: " + kept.size() + " trials kept" + left + "; " + stripStatus(worst.reason())
                : status + ": trial " + (trials.indexOf(worst) + 1) + ": " + stripStatus(worst.reason()) + left;
        return new Health(status, reason, figures, findings, n, compromised);
    }

    static String stripStatus(String reason) {
        if (reason == null) {
            return "";
        }
        int colon = reason.indexOf(": ");
        return colon >= 0 && colon < 12 ? reason.substring(colon + 2) : reason;
    }

    private static HealthFigures meanFigures(List<Health> trials) {
        List<HealthFigures> fs =
                trials.stream().map(Health::figures).filter(Objects::nonNull).toList();
        return fs.isEmpty() ? null : mean(fs);
    }

    /** Several trials' figures as one: means of the shares, the worst generator lag. Not empty. */
    public static HealthFigures mean(List<HealthFigures> fs) {
        long lag = -1;
        for (HealthFigures f : fs) {
            lag = Math.max(lag, f.generatorLagP99Nanos());
        }
        return new HealthFigures(
                meanOf(fs, HealthFigures::generatorCpuShare),
                meanOf(fs, HealthFigures::otherCpuShare),
                meanOf(fs, HealthFigures::cpuPressureShare),
                meanOf(fs, HealthFigures::stealShare),
                meanOf(fs, HealthFigures::runQueuePerCore),
                meanOf(fs, HealthFigures::gcPauseShare),
                lag,
                meanOf(fs, HealthFigures::missedArrivalRatio),
                meanOf(fs, HealthFigures::idleShare));
    }

    private static <T> double meanOf(List<T> items, java.util.function.ToDoubleFunction<T> f) {
        double sum = 0;
        int n = 0;
        for (T item : items) {
            double v = f.applyAsDouble(item);
            if (v >= 0) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? -1 : sum / n;
    }

    private static List<HealthSample> measured(List<HealthSample> samples) {
        if (samples == null) {
            return List.of();
        }
        List<HealthSample> measured = samples.stream().filter(s -> !s.warmup()).toList();
        return measured.isEmpty() ? samples : measured;
    }

    /** The p99 of the merged lag histograms; without any values, the median of the intervals' p99s. */
    private static long lagP99(Collection<Histogram> lags, List<HealthSample> measured) {
        if (lags != null) {
            List<Histogram> withValues = lags.stream()
                    .filter(h -> h != null && h.getTotalCount() > 0)
                    .toList();
            if (!withValues.isEmpty()) {
                long p99 = -1;
                // The worst of the generator's figures: each is a different way of being late.
                for (Histogram h : withValues) {
                    p99 = Math.max(p99, h.getValueAtPercentile(99));
                }
                return p99;
            }
        }
        long[] p99s = measured.stream()
                .mapToLong(HealthSample::generatorLagP99Nanos)
                .filter(v -> v >= 0)
                .toArray();
        if (p99s.length == 0) {
            return -1;
        }
        Arrays.sort(p99s);
        return p99s[p99s.length / 2];
    }

    private record Finding(HealthStatus status, String text) {}

    private static void check(
            List<Finding> out,
            double value,
            double degraded,
            double compromised,
            java.util.function.Function<String, String> words,
            boolean percent) {
        check(out, value, degraded, compromised, words, percent, false);
    }

    private static void check(
            List<Finding> out,
            double value,
            double degraded,
            double compromised,
            java.util.function.Function<String, String> words,
            boolean percent,
            boolean nanos) {
        String format;
        if (value > compromised) {
            format = "compromised above " + limit(compromised, percent, nanos);
            out.add(new Finding(HealthStatus.COMPROMISED, words.apply(format)));
        } else if (value > degraded) {
            format = "degraded above " + limit(degraded, percent, nanos) + ", compromised above "
                    + limit(compromised, percent, nanos);
            out.add(new Finding(HealthStatus.DEGRADED, words.apply(format)));
        }
    }

    private static String limit(double v, boolean percent, boolean nanos) {
        if (nanos) {
            return millis((long) v);
        }
        return percent ? pct(v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String checked(HealthFigures f) {
        List<String> parts = new ArrayList<>();
        if (f.otherCpuShare() >= 0) {
            parts.add("other processes' CPU " + pct(f.otherCpuShare()));
        } else if (f.cpuPressureShare() >= 0) {
            parts.add("CPU pressure " + pct(f.cpuPressureShare()) + " (target's CPU unknown)");
        } else if (f.runQueuePerCore() >= 0) {
            parts.add(
                    String.format(Locale.ROOT, "run queue %.1f per core (target's CPU unknown)", f.runQueuePerCore()));
        } else {
            parts.add("machine contention not readable");
        }
        if (f.stealShare() >= 0) {
            parts.add("steal " + pct(f.stealShare()));
        }
        if (f.generatorCpuShare() >= 0) {
            parts.add("generator CPU " + pct(f.generatorCpuShare()));
        }
        parts.add("GC " + pct(f.gcPauseShare()));
        if (f.generatorLagP99Nanos() >= 0) {
            parts.add("generator lag p99 " + millis(f.generatorLagP99Nanos()));
        }
        parts.add("missed arrivals " + pct(f.missedArrivalRatio()));
        return "checked " + String.join(", ", parts) + ", all within limits";
    }

    /** 0.4812 -> "48 %", 0.012 -> "1.2 %", 0.0004 -> "0.04 %". */
    static String pct(double share) {
        double p = share * 100;
        if (p == 0) {
            return "0 %";
        }
        if (p >= 10) {
            return String.format(Locale.ROOT, "%.0f %%", p);
        }
        if (p >= 1) {
            return String.format(Locale.ROOT, "%.1f %%", p);
        }
        return String.format(Locale.ROOT, "%.2f %%", p);
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 10 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
