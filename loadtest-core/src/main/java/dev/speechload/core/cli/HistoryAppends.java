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

    private HistoryAppends() {}

    /**
     * Appends every judged result but partial ones and single shards (whose merge is appended instead,
     * marked with its shard count).
     */
    static void appendAll(HistoryOptions options, List<RunResult> results, List<Verdict> verdicts, CommandLine cmd) {
        try {
            History history = options.forWriting();
            String branch = Histories.gitBranch(Path.of("").toAbsolutePath());
            for (int i = 0; i < results.size(); i++) {
                RunResult r = results.get(i);
                if (Histories.isShard(r)) {
                    cmd.getErr()
                            .println("speechload " + cmd.getCommandName() + ": " + r.testName() + " is shard "
                                    + r.sharding().index() + "/" + r.sharding().count()
                                    + ": not added to the run history (it"
                                    + " holds part of the load); merge the shards (speechload merge) and judge the merged"
                                    + " result to add it");
                } else if (!r.partial()) {
                    history.append(r, verdicts.get(i), branch);
                }
            }
            cmd.getErr().flush();
        } catch (HistoryException | IllegalArgumentException e) {
            cmd.getErr()
                    .println("speechload " + cmd.getCommandName() + ": warning: the verdicts were not added to"
                            + " the run history: " + e.getMessage() + " (--no-history skips it)");
            cmd.getErr().flush();
        }
    }
}
