package dev.speechload.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.speechload.core.history.ChangePoint;
import dev.speechload.core.history.ChangePoints;
import dev.speechload.core.history.Figures;
import dev.speechload.core.history.History;
import dev.speechload.core.io.internal.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code speechload history changes}: the change points of every test's watched figures. */
@Command(
        name = "changes",
        mixinStandardHelpOptions = true,
        description = {
            "Find where each test's figures shifted (E-divisive means; COMPROMISED runs left out).",
            "Watched figures: the judged latencies' p50 and p99, throughput, errors.ratio, memory.growth."
        })
final class HistoryChangesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryOptions history;

    @Option(names = "--test", paramLabel = "NAME", description = "Only this test (ClassName.method).")
    String test;

    @Option(names = "--metric", paramLabel = "METRIC", description = "Only this figure (any, watched or not).")
    String metric;

    @Option(names = "--json", description = "Print the change points as JSON.")
    boolean json;

    /**
     * A change point as the JSON output shows it.
     *
     * @param shiftPercent (after - before) / before in percent
     * @param confidence   1 - p, 0..1
     */
    record Change(
            String test,
            String metric,
            long runId,
            long startedAtEpochMillis,
            String gitCommit,
            String previousGitCommit,
            double meanBefore,
            double meanAfter,
            double shiftPercent,
            double confidence,
            double pValue) {
        static Change of(ChangePoint c) {
            return new Change(
                    c.testName(),
                    c.metric(),
                    c.runId(),
                    c.startedAtEpochMillis(),
                    c.gitCommit(),
                    c.previousGitCommit(),
                    c.meanBefore(),
                    c.meanAfter(),
                    c.shiftRatio() * 100,
                    c.confidence(),
                    c.pValue());
        }
    }

    @Override
    public Integer call() throws JsonProcessingException {
        History h = history.forReading();
        List<String> tests = test == null ? h.tests() : List.of(test);
        List<ChangePoint> all = new ArrayList<>();
        for (String t : tests) {
            for (String m : h.metrics(t)) {
                if (metric == null ? ChangePoints.watched(m) : metric.equals(m)) {
                    all.addAll(ChangePoints.find(t, m, h.trend(t, m)));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper()
                    .writeValueAsString(all.stream().map(Change::of).toList()));
        } else {
            for (ChangePoint c : all) {
                out.println(c.testName() + " " + c.metric() + ": " + describe(c));
            }
            out.println(
                    all.isEmpty()
                            ? "no change points in " + tests.size() + (tests.size() == 1 ? " test" : " tests")
                            : all.size() + (all.size() == 1 ? " change point" : " change points"));
        }
        out.flush();
        return ExitCodes.PASS;
    }

    /** "+32.1 % (12.0 ms -> 15.9 ms) at run 57, commit abc1234 (after def5678), confidence 99.5 %". */
    static String describe(ChangePoint c) {
        return Figures.percent(c.shiftRatio()) + " (" + Figures.format(c.metric(), c.meanBefore()) + " -> "
                + Figures.format(c.metric(), c.meanAfter()) + ") at run " + c.runId() + ", commit "
                + HistoryListCommand.shortCommit(c.gitCommit()) + " (after "
                + HistoryListCommand.shortCommit(c.previousGitCommit()) + "), confidence "
                + String.format(Locale.ROOT, "%.1f %%", 100 * c.confidence());
    }
}
