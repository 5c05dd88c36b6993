package dev.speechload.core.report.internal;

import dev.speechload.core.result.HealthFigures;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.stats.internal.HealthRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the load generator kept up, in the words of the run's health figures, so a page does not
 * blame the generator for what was queueing behind a slow server (or the reverse). Pure function.
 */
final class GeneratorNote {

    private GeneratorNote() {}

    /** One or two sentences for the generator's chart. */
    static String of(RunResult result) {
        HealthFigures f = result.health() == null ? null : result.health().figures();
        if (f == null) {
            return "No health readings were taken, so whether the generator kept up is not known.";
        }
        HealthRules rules = HealthRules.DEFAULTS;
        List<String> shortfalls = new ArrayList<>();
        if (f.generatorCpuShare() > rules.generatorCpuDegraded()) {
            shortfalls.add("it used " + Format.percentOfRatio(f.generatorCpuShare()) + " of the machine's CPU");
        }
        if (f.gcPauseShare() > rules.gcPauseDegraded()) {
            shortfalls.add(
                    "it spent " + Format.percentOfRatio(f.gcPauseShare()) + " of the time in garbage collection");
        }
        if (f.generatorLagP99Nanos() > rules.generatorLagDegradedNanos()) {
            shortfalls.add("its own lag p99 was " + Format.millis(f.generatorLagP99Nanos()) + " ms");
        }
        if (!shortfalls.isEmpty()) {
            return "The generator ran short (" + String.join("; ", shortfalls)
                    + "): part of what this page shows may be"
                    + " the generator's, not the server's; the health block says how far it was trusted.";
        }
        String kept = "The generator kept up: its own lag p99 was " + Format.millis(f.generatorLagP99Nanos())
                + " ms, its CPU " + Format.percentOfRatio(f.generatorCpuShare()) + " of the machine, garbage"
                + " collection " + Format.percentOfRatio(f.gcPauseShare()) + " of the time.";
        LatencySummary response = result.latency(RunResult.RESPONSE_TIME);
        LatencySummary service = result.latency(RunResult.SERVICE_TIME);
        boolean open = result.plan() != null && "open".equals(result.plan().workloadModel());
        if (open
                && response != null
                && service != null
                && service.count() > 0
                && response.p99Nanos() > 2 * service.p99Nanos()) {
            kept += " The gap between response_time p99 (" + Format.millis(response.p99Nanos()) + " ms) and"
                    + " service_time p99 (" + Format.millis(service.p99Nanos()) + " ms) is arrivals waiting for a"
                    + " worker busy with the server: the server's delay, not the generator's.";
        }
        return kept;
    }
}
