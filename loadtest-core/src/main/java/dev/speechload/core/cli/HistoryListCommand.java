package dev.speechload.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.speechload.core.history.Figures;
import dev.speechload.core.history.History;
import dev.speechload.core.history.HistoryRun;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.RunResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code speechload history list}: the newest runs, one line each (or JSON with every figure). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the newest runs in the history.")
final class HistoryListCommand implements Callable<Integer> {

    private static final String P99 = "latency." + RunResult.SERVICE_TIME + ".p99";

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryOptions history;

    @Option(names = "--test", paramLabel = "NAME", description = "Only this test's runs (ClassName.method).")
    String test;

    @Option(
            names = "--last",
            paramLabel = "N",
            defaultValue = "20",
            description = "How many runs, newest first (default: ${DEFAULT-VALUE}).")
    int last;

    @Option(names = "--json", description = "Print the runs as JSON, with every figure in base units.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        if (last < 1) {
            throw new ParameterException(spec.commandLine(), "--last must be at least 1, was " + last);
        }
        History h = history.forReading();
        List<HistoryRun> runs = h.runs(test, last);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writeValueAsString(runs));
        } else if (runs.isEmpty()) {
            out.println("no runs" + (test == null ? "" : " of " + test) + " in the run history (" + h.describe() + ")");
        } else {
            out.printf(
                    "%-6s %-20s %-40s %-10s %-12s %-11s %-12s %-10s %10s %10s%n",
                    "run",
                    "started (UTC)",
                    "test",
                    "commit",
                    "branch",
                    "health",
                    "verdict",
                    "generators",
                    "p99",
                    "throughput");
            for (HistoryRun r : runs) {
                Double p99 = r.figures().get(P99);
                Double throughput = r.figures().get("throughput");
                out.printf(
                        "%-6d %-20s %-40s %-10s %-12s %-11s %-12s %-10s %10s %10s%n",
                        r.id(),
                        Instant.ofEpochMilli(r.startedAtEpochMillis())
                                .toString()
                                .substring(0, 19)
                                .replace('T', ' '),
                        r.testName(),
                        shortCommit(r.gitCommit()),
                        dash(r.gitBranch()),
                        r.health() == null ? "-" : r.health().name(),
                        dash(r.verdict()),
                        r.merged() ? r.shards() + " merged" : "1",
                        p99 == null ? "-" : Figures.format(P99, p99),
                        throughput == null ? "-" : Figures.format("throughput", throughput));
            }
        }
        out.flush();
        return ExitCodes.PASS;
    }

    static String shortCommit(String commit) {
        return commit == null ? "-" : commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
