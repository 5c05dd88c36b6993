package dev.speechload.core.report.internal;

import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthFigures;
import dev.speechload.core.result.HealthStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a run's measurement health is shown: at the top of the test page, and per test in the index
 * and summary.md. A result written before health existed shows "not measured".
 *
 * @param label    "HEALTHY", "DEGRADED", "COMPROMISED" or "NOT MEASURED"
 * @param cssClass "pass", "warn", "fail" or "none" (the colours of the verdict badges)
 * @param reason   the health's sentence, or empty
 * @param figures  the figures the rules judged, formatted
 * @param findings every rule that fired, in words
 */
public record HealthView(
        String label, String cssClass, String reason, List<TestPage.Fact> figures, List<String> findings) {

    public static HealthView of(Health health) {
        if (health == null) {
            return of((HealthStatus) null);
        }
        return new HealthView(
                health.status().name(),
                cssClass(health.status()),
                health.reason() == null ? "" : health.reason(),
                figures(health),
                health.findings());
    }

    /** Just the status, as of one trial; null (a trial written before health existed) is NOT MEASURED. */
    public static HealthView of(HealthStatus status) {
        if (status == null) {
            return new HealthView("NOT MEASURED", "none", "", List.of(), List.of());
        }
        return new HealthView(status.name(), cssClass(status), "", List.of(), List.of());
    }

    private static String cssClass(HealthStatus status) {
        return switch (status) {
            case HEALTHY -> "pass";
            case DEGRADED -> "warn";
            case COMPROMISED -> "fail";
        };
    }

    /** True unless the measurement was healthy (or not measured): then the page shows the block open. */
    public boolean concern() {
        return "warn".equals(cssClass) || "fail".equals(cssClass);
    }

    public boolean hasFigures() {
        return !figures.isEmpty();
    }

    public boolean hasFindings() {
        return !findings.isEmpty();
    }

    /** One short line for the index and summary.md. */
    public String oneLine() {
        return reason.isEmpty() ? label : reason;
    }

    /** The status as a word, for summary tables. */
    public String word() {
        return label.toLowerCase(Locale.ROOT);
    }

    private static List<TestPage.Fact> figures(Health health) {
        List<TestPage.Fact> out = new ArrayList<>();
        HealthFigures f = health.figures();
        if (health.trials() > 1) {
            out.add(new TestPage.Fact("Trials compromised", health.trialsCompromised() + " of " + health.trials()));
        }
        if (f == null) {
            return out;
        }
        share(out, "Other processes' CPU", f.otherCpuShare());
        share(out, "Generator CPU", f.generatorCpuShare());
        share(out, "CPU pressure (tasks waiting)", f.cpuPressureShare());
        share(out, "CPU steal", f.stealShare());
        if (f.runQueuePerCore() >= 0) {
            out.add(new TestPage.Fact("Run queue per core", String.format(Locale.ROOT, "%.2f", f.runQueuePerCore())));
        }
        share(out, "Generator GC pauses", f.gcPauseShare());
        out.add(new TestPage.Fact(
                "Generator lag p99",
                f.generatorLagP99Nanos() < 0 ? "not measured" : Format.millis(f.generatorLagP99Nanos()) + " ms"));
        if (f.missedArrivalRatio() > 0) {
            out.add(new TestPage.Fact("Missed arrivals", Format.percentOfRatio(f.missedArrivalRatio())));
        }
        return out;
    }

    private static void share(List<TestPage.Fact> out, String name, double share) {
        out.add(new TestPage.Fact(name, share < 0 ? "not measured" : Format.percentOfRatio(share)));
    }
}
