package dev.speechload.core.cli;

import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.history.Histories;
import dev.speechload.core.history.History;
import dev.speechload.core.history.HistoryException;
import dev.speechload.core.result.RunResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Appends what a command judged to the run history; a history that cannot be written is a warning, never an exit code. */
final class HistoryAppends {

    private HistoryAppends() {
    }

    static void appendAll(HistoryOptions options, List<RunResult> results, List<Verdict> verdicts, CommandLine cmd) {
        try {
            History history = options.forWriting();
            String branch = Histories.gitBranch(Path.of("").toAbsolutePath());
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).partial()) {
                    history.append(results.get(i), verdicts.get(i), branch);
                }
            }
        } catch (HistoryException | IllegalArgumentException e) {
            cmd.getErr().println("speechload " + cmd.getCommandName() + ": warning: the verdicts were not added to"
                    + " the run history: " + e.getMessage() + " (--no-history skips it)");
            cmd.getErr().flush();
        }
    }
}
