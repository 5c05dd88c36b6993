package dev.speechload.core.cli;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.history.History;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code speechload baseline update}: promotes results to baselines (all, or one test), or with
 * {@code --append} adds them as another run of the stored baselines (keeping the newest
 * {@code --runs}).
 */
@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = {
            "Write results as the new baselines (all tests, or --test NAME). Commit the files afterwards.",
            "With --append, add each result as another run of its baseline, so verdicts know the baseline's own"
                    + " run-to-run noise."
        })
final class BaselineUpdateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DirectoryOptions dirs;

    @Option(names = "--test", paramLabel = "NAME", description = "Promote only this test (ClassName.method).")
    String test;

    @Option(
            names = "--append",
            description = "Add the result as another run of the existing baseline"
                    + " (a test without one gets a new baseline), keeping the newest --runs runs.")
    boolean append;

    @Option(
            names = "--runs",
            paramLabel = "N",
            defaultValue = "" + Baseline.DEFAULT_RUNS,
            description = "With --append: the newest runs a baseline keeps (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    HistoryOptions history;

    @Option(
            names = "--from-history",
            description = "Make each baseline (all tests in the history, or --test NAME)"
                    + " from its newest --last runs in the run history that were not COMPROMISED and share the newest one's"
                    + " plan, instead of from --results.")
    boolean fromHistory;

    @Option(
            names = "--last",
            paramLabel = "N",
            defaultValue = "" + Baseline.DEFAULT_RUNS,
            description = "With --from-history: how many runs (default: ${DEFAULT-VALUE}).")
    int last;

    @Override
    public Integer call() {
        if (fromHistory) {
            return fromHistory();
        }
        if (runs < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--runs must be at least 1, was " + runs);
        }
        BaselineStore.Promotion promotion = new BaselineStore(dirs.baselines)
                .promoteReadable(dirs.results, Optional.ofNullable(test), append, runs);
        for (Path file : promotion.written()) {
            spec.commandLine().getOut().println("wrote " + file);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.withUnreadable(spec.commandLine(), ExitCodes.PASS, promotion.unreadable());
    }

    private int fromHistory() {
        if (last < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--last must be at least 1, was " + last);
        }
        if (append) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--from-history and --append exclude each other: --from-history writes baselines of --last runs");
        }
        History h = history.forReading();
        List<String> tests = test == null ? h.tests() : List.of(test);
        if (tests.isEmpty()) {
            throw new IllegalArgumentException(
                    "the run history (" + h.describe() + ") holds no runs" + " — run the load tests first");
        }
        BaselineStore store = new BaselineStore(dirs.baselines);
        List<String> without = new ArrayList<>();
        for (String t : tests) {
            Optional<Baseline> baseline = HistoryBaselines.fromLastRuns(h, t, last);
            if (baseline.isEmpty()) {
                without.add(t);
                continue;
            }
            int kept = baseline.get().allRuns().size();
            spec.commandLine()
                    .getOut()
                    .println("wrote " + store.write(baseline.get()) + " (" + kept + (kept == 1 ? " run" : " runs")
                            + " from the history)");
        }
        spec.commandLine().getOut().flush();
        if (!without.isEmpty()) {
            throw new IllegalArgumentException("no usable run (one not COMPROMISED) in the run history ("
                    + h.describe() + ") for: " + String.join(", ", without)
                    + " — run its load test on a quiet machine first");
        }
        return ExitCodes.PASS;
    }
}
