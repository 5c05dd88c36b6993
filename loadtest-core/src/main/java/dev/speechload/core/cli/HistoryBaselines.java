package dev.speechload.core.cli;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.history.History;
import dev.speechload.core.history.HistoryException;
import dev.speechload.core.history.HistoryRun;
import dev.speechload.core.result.RunResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Baselines made from the history's runs instead of from a results directory. Stateless. */
final class HistoryBaselines {

    /** How many runs are read back to find the last N usable ones of one plan. */
    private static final int SCAN = 500;

    private HistoryBaselines() {}

    /**
     * A baseline of a test's newest {@code last} runs that were not COMPROMISED and share the newest such run's
     * plan (an older run of another plan ends the search: its figures are of another measurement). The newest
     * run gives the headline figures; all give the baseline its run-to-run spread.
     *
     * @param last runs to use, &gt;= 1
     * @return empty when the test has no usable run
     * @throws HistoryException when the history cannot be read
     */
    static Optional<Baseline> fromLastRuns(History history, String testName, int last) {
        if (last < 1) {
            throw new IllegalArgumentException("last must be >= 1, was " + last);
        }
        List<RunResult> newestFirst = new ArrayList<>();
        Baseline.Load plan = null;
        for (HistoryRun run : history.runs(testName, SCAN)) {
            if (newestFirst.size() == last) {
                break;
            }
            if (!run.usable()) {
                continue;
            }
            Optional<RunResult> result = history.result(run.id());
            if (result.isEmpty() || result.get().partial()) {
                continue;
            }
            Baseline.Load load = Baseline.from(result.get()).load();
            if (plan == null) {
                plan = load;
            } else if (!plan.equals(load)) {
                break;
            }
            newestFirst.add(result.get());
        }
        if (newestFirst.isEmpty()) {
            return Optional.empty();
        }
        Collections.reverse(newestFirst);
        Baseline baseline = Baseline.from(newestFirst.get(0));
        for (RunResult r : newestFirst.subList(1, newestFirst.size())) {
            baseline = baseline.withRun(r, last);
        }
        return Optional.of(baseline);
    }
}
