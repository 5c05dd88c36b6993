package dev.speechload.core.baseline;

import dev.speechload.core.testkit.RunResultFixture;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic simulation of the trial rule: draws baseline and current trials of a p99 from
 * the same noisy distribution (log-normal around 10 ms, spread {@code sigma}), optionally shifts the
 * current one, judges them with the default latency thresholds, and counts WARN or FAIL outcomes.
 * With no shift every alarm is a false one; with a real shift the count is the detection rate.
 *
 * <p>"Alarms" are WARN or FAIL outcomes. Run {@link #main} to print the tables quoted in {@code docs/baselines.md}:
 * {@code java -cp <test classes>:<classes>:<deps> dev.speechload.core.baseline.TrialSimulation 2000} (trials) and
 * {@code ... TrialSimulation 1000 single} (single runs of n values, {@link #singleRunAlarmRate}).
 */
public final class TrialSimulation {

    private static final Rules.Relative LATENCY = new Rules.Relative("latency.sim.p99", "ns", true, 20, 50, 1_000_000);

    private TrialSimulation() {}

    /** Share of comparisons, 0..1, that came out WARN or FAIL (or FAIL only, with {@code failOnly}). */
    static double alarmRate(int trials, double sigma, double shift, int rounds, long seed, boolean failOnly) {
        SplittableRandom random = new SplittableRandom(seed);
        int alarms = 0;
        for (int r = 0; r < rounds; r++) {
            double[] base = draw(random, trials, sigma, 0);
            double[] now = draw(random, trials, sigma, shift);
            VerdictStatus status = trials > 1
                    ? Rules.trials(LATENCY, base, now).status()
                    : Rules.relative(LATENCY, base[0], now[0]).status();
            if (status == VerdictStatus.FAIL || (!failOnly && status == VerdictStatus.WARN)) {
                alarms++;
            }
        }
        return (double) alarms / rounds;
    }

    /**
     * Share of single-run comparisons, 0..1, that came out WARN or FAIL (or FAIL only): each side is
     * one run of {@code n} latencies drawn from a log-normal around 10 ms (sigma 0.3, p99 about
     * 20 ms), the current one optionally shifted, judged by {@link Verdicts#judge} with the default
     * thresholds: at the highest percentile n supports, with its order-statistic interval.
     */
    static double singleRunAlarmRate(int n, double shift, int rounds, long seed, boolean failOnly) {
        int alarms = 0;
        for (int r = 0; r < rounds; r++) {
            Baseline base = Baseline.from(RunResultFixture.run()
                    .lognormal("service_time", n, 10_000_000, seed * 1_000_003 + 2L * r)
                    .build());
            Verdict v = Verdicts.judge(
                    RunResultFixture.run()
                            .lognormal("service_time", n, 10_000_000 * (1 + shift), seed * 1_000_003 + 2L * r + 1)
                            .build(),
                    java.util.Optional.of(base),
                    // The tables in docs/baselines.md were made with a 1 ms floor; pinned so they still read.
                    Thresholds.defaults().withLatencyFloor(java.time.Duration.ofMillis(1)));
            VerdictStatus status = v.metrics().stream()
                    .filter(m -> m.metric().startsWith("latency.")
                            && !m.threshold().equals("reported, not judged")
                            && m.status() != VerdictStatus.INCONCLUSIVE)
                    .map(MetricVerdict::status)
                    .findFirst()
                    .orElse(VerdictStatus.INCONCLUSIVE);
            if (status == VerdictStatus.FAIL || (!failOnly && status == VerdictStatus.WARN)) {
                alarms++;
            }
        }
        return (double) alarms / rounds;
    }

    private static double[] draw(SplittableRandom random, int n, double sigma, double shift) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 10_000_000 * (1 + shift) * Math.exp(sigma * gaussian(random));
        }
        return values;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        if (args.length > 1 && args[1].equals("single")) {
            System.out.println(
                    "| values per run | judged at | alarms, no shift | FAIL, no shift | alarms, +25 % | alarms, +50 % | FAIL, +80 % |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int n : new int[] {90, 400, 2000, 10_000}) {
                String at = n >= 368 ? "p99" : n >= 72 ? "p95" : n >= 36 ? "p90" : "p50";
                System.out.println(String.format(
                        Locale.ROOT,
                        "| %,d | %s | %.2f %% | %.2f %% | %.1f %% | %.1f %% | %.1f %% |",
                        n,
                        at,
                        100 * singleRunAlarmRate(n, 0, rounds, 1, false),
                        100 * singleRunAlarmRate(n, 0, rounds, 1, true),
                        100 * singleRunAlarmRate(n, 0.25, rounds, 2, false),
                        100 * singleRunAlarmRate(n, 0.5, rounds, 3, false),
                        100 * singleRunAlarmRate(n, 0.8, rounds, 4, true)));
            }
            return;
        }
        System.out.println(
                "| trials per side | noise (sigma) | alarms, no shift | FAIL, no shift | alarms, +20 % (at the warn level) | alarms, +25 % | alarms, +50 % | FAIL, +50 % (at the fail level) | FAIL, +80 % |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int n : new int[] {1, 3, 5, 10}) {
            for (double sigma : new double[] {0.05, 0.10, 0.20}) {
                System.out.println(String.format(
                        Locale.ROOT,
                        "| %d | %.2f | %.2f %% | %.2f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% |",
                        n,
                        sigma,
                        100 * alarmRate(n, sigma, 0, rounds, 1, false),
                        100 * alarmRate(n, sigma, 0, rounds, 1, true),
                        100 * alarmRate(n, sigma, 0.2, rounds, 5, false),
                        100 * alarmRate(n, sigma, 0.25, rounds, 6, false),
                        100 * alarmRate(n, sigma, 0.5, rounds, 3, false),
                        100 * alarmRate(n, sigma, 0.5, rounds, 7, true),
                        100 * alarmRate(n, sigma, 0.8, rounds, 4, true)));
            }
        }
    }
}
