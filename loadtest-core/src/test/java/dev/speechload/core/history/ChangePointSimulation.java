package dev.speechload.core.history;

import dev.speechload.core.result.HealthStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic trends with known shifts, and the detection and false-alarm rates of {@link ChangePoints}
 * on them. Run {@link #main} to print the table in docs/history.md.
 */
final class ChangePointSimulation {

    /** What one scenario measured over many series. */
    record Rates(int series, int truePoints, int detected, int falseAlarms, int seriesWithFalseAlarm) {
        double detectionRate() {
            return truePoints == 0 ? Double.NaN : (double) detected / truePoints;
        }

        /** Series with at least one change point more than {@link #TOLERANCE} runs from every true one. */
        double falseAlarmRate() {
            return (double) seriesWithFalseAlarm / series;
        }
    }

    /** A found change point counts as the true one when it is this many runs from it or fewer. */
    static final int TOLERANCE = 2;

    private ChangePointSimulation() {}

    /**
     * Series of {@code n} runs around 100 with noise of standard deviation {@code sigma} (normal, or lognormal
     * with that spread when {@code heavyTailed}); at each index in {@code shiftsAt} the level moves by
     * {@code shiftSigmas * sigma} (alternating up and down).
     */
    static Rates measure(
            int series, int n, double sigma, boolean heavyTailed, double shiftSigmas, int[] shiftsAt, long seed) {
        Random random = new Random(seed);
        int detected = 0;
        int falseAlarms = 0;
        int seriesWithFalse = 0;
        for (int s = 0; s < series; s++) {
            List<TrendPoint> trend = new ArrayList<>();
            double level = 100;
            int next = 0;
            for (int i = 0; i < n; i++) {
                if (next < shiftsAt.length && i == shiftsAt[next]) {
                    level += (next % 2 == 0 ? 1 : -1) * shiftSigmas * sigma;
                    next++;
                }
                double noise = heavyTailed
                        ? 100 * (Math.exp(random.nextGaussian() * sigma / 100) - 1) // lognormal, right-skewed
                        : random.nextGaussian() * sigma;
                trend.add(new TrendPoint(i + 1, i * 60_000L, "c" + i, HealthStatus.HEALTHY, level + noise));
            }
            List<ChangePoint> found = ChangePoints.find("Sim.s" + s, "m", trend);
            boolean[] hit = new boolean[shiftsAt.length];
            boolean anyFalse = false;
            for (ChangePoint c : found) {
                int at = (int) c.runId() - 1;
                boolean matched = false;
                for (int k = 0; k < shiftsAt.length; k++) {
                    if (Math.abs(at - shiftsAt[k]) <= TOLERANCE && !hit[k]) {
                        hit[k] = true;
                        matched = true;
                        break;
                    }
                }
                if (!matched) {
                    falseAlarms++;
                    anyFalse = true;
                }
            }
            for (boolean h : hit) {
                detected += h ? 1 : 0;
            }
            seriesWithFalse += anyFalse ? 1 : 0;
        }
        return new Rates(series, series * shiftsAt.length, detected, falseAlarms, seriesWithFalse);
    }

    public static void main(String[] args) {
        System.out.println("| series | runs | noise | shift | detected | series with a false alarm |");
        System.out.println("|---|---|---|---|---|---|");
        row("none", 40, false, 0, new int[0]);
        row("none", 100, false, 0, new int[0]);
        row("none", 40, true, 0, new int[0]);
        for (double size : new double[] {1, 2, 3}) {
            row("one shift at run 20", 40, false, size, new int[] {20});
        }
        row("one shift at run 20", 40, true, 3, new int[] {20});
        row("two shifts at runs 15, 30 (up, then back down)", 45, false, 3, new int[] {15, 30});
        row("two shifts at runs 15, 30 (up, then back down)", 45, false, 4, new int[] {15, 30});
        row("one shift 3 runs before the end", 30, false, 3, new int[] {27});
    }

    private static void row(String name, int n, boolean heavy, double shift, int[] at) {
        int series = 200;
        Rates r = measure(series, n, 5, heavy, shift, at, 7);
        System.out.printf(
                "| %s | %d | %s | %s | %s | %.1f %% (%d of %d) |%n",
                name,
                n,
                heavy ? "lognormal, 5 %" : "normal, 5 %",
                shift == 0 ? "-" : shift + " sigma",
                at.length == 0 ? "-" : String.format("%.1f %%", 100 * r.detectionRate()),
                100 * r.falseAlarmRate(),
                r.seriesWithFalseAlarm(),
                series);
    }
}
