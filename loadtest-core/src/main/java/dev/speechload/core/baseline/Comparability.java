package dev.speechload.core.baseline;

import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Notes on why a run and its baseline may not be comparable: another machine, another load.
 * They never change a status (a machine change is no proof of a regression, and no proof of its
 * absence); they tell the reader to weigh the deltas. Not API.
 */
final class Comparability {

    /** Every environment note starts with this, so reports can mark it. */
    static final String ENVIRONMENT_PREFIX = "Environment differs from the baseline's";
    /** Every load note starts with this. */
    static final String LOAD_PREFIX = "Load differs from the baseline's";

    private Comparability() {}

    static List<String> notes(RunResult current, Baseline baseline) {
        List<String> notes = new ArrayList<>();
        environment(baseline.environment(), current.environment()).ifPresent(notes::add);
        load(baseline.load(), current.plan()).ifPresent(notes::add);
        return notes;
    }

    private static java.util.Optional<String> environment(EnvironmentInfo base, EnvironmentInfo now) {
        if (base == null || now == null) {
            return java.util.Optional.empty();
        }
        List<String> diffs = new ArrayList<>();
        if (base.availableProcessors() != now.availableProcessors()) {
            diffs.add(base.availableProcessors() + " -> " + now.availableProcessors() + " cores");
        }
        if (!Objects.equals(major(base.javaVersion()), major(now.javaVersion()))) {
            diffs.add("Java " + base.javaVersion() + " -> " + now.javaVersion());
        }
        if (!Objects.equals(base.osName(), now.osName()) || !Objects.equals(base.osArch(), now.osArch())) {
            diffs.add(base.osName() + " " + base.osArch() + " -> " + now.osName() + " " + now.osArch());
        }
        if (diffs.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ENVIRONMENT_PREFIX + " (" + String.join(", ", diffs)
                + "): deltas may reflect the machine rather than the code; re-record the baseline on this"
                + " kind of machine to compare like with like");
    }

    private static String major(String javaVersion) {
        if (javaVersion == null) {
            return null;
        }
        int dot = javaVersion.indexOf('.');
        String major = dot < 0 ? javaVersion : javaVersion.substring(0, dot);
        return major.equals("1") && dot >= 0 ? javaVersion : major;
    }

    private static java.util.Optional<String> load(Baseline.Load base, PlanSummary now) {
        if (base == null || now == null) {
            return java.util.Optional.empty();
        }
        List<String> diffs = new ArrayList<>();
        if (!Objects.equals(base.workloadModel(), now.workloadModel())) {
            diffs.add("workload " + base.workloadModel() + " -> " + now.workloadModel());
        }
        if (base.channels() != now.channels()) {
            diffs.add(base.channels() + " -> " + now.channels() + " channels");
        }
        if (Double.compare(base.arrivalsPerSecond(), now.arrivalsPerSecond()) != 0) {
            diffs.add(Units.f("%.1f -> %.1f arrivals/s", base.arrivalsPerSecond(), now.arrivalsPerSecond()));
        }
        if (!Objects.equals(base.scale(), now.scale())) {
            diffs.add("scale " + base.scale() + " -> " + now.scale());
        }
        if (diffs.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(LOAD_PREFIX + " (" + String.join(", ", diffs)
                + "): the figures measure different work; record a baseline for this load");
    }
}
