package dev.speechload.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.speechload.core.history.ChangePoint;
import dev.speechload.core.history.ChangePoints;
import dev.speechload.core.history.Figures;
import dev.speechload.core.history.History;
import dev.speechload.core.history.TrendPoint;
import dev.speechload.core.io.internal.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code speechload history trend <test> <metric>}: one figure over a test's runs, change points marked. */
@Command(
        name = "trend",
        mixinStandardHelpOptions = true,
        description = "Show one figure of a test over its runs, oldest first, with its change points.")
final class HistoryTrendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryOptions history;

    @Parameters(index = "0", paramLabel = "TEST", description = "The test (ClassName.method).")
    String test;

    @Parameters(
            index = "1",
            paramLabel = "METRIC",
            description = "The figure, e.g. latency.service_time.p99, throughput, errors.ratio, memory.growth.")
    String metric;

    @Option(names = "--json", description = "Print the trend and its change points as JSON (values in base units).")
    boolean json;

    /** The JSON output. */
    record Trend(
            String test,
            String metric,
            String unit,
            List<TrendPoint> points,
            List<HistoryChangesCommand.Change> changes) {}

    @Override
    public Integer call() throws JsonProcessingException {
        History h = history.forReading();
        List<String> tests = h.tests();
        if (!tests.contains(test)) {
            throw new IllegalArgumentException("no runs of test '" + test + "' in the run history (" + h.describe()
                    + "); it holds: " + (tests.isEmpty() ? "no runs at all" : String.join(", ", tests)));
        }
        List<TrendPoint> points = h.trend(test, metric);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("test '" + test + "' has no figure '" + metric + "'; it has: "
                    + String.join(", ", h.metrics(test)));
        }
        List<ChangePoint> changes = ChangePoints.find(test, metric, points);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper()
                    .writeValueAsString(new Trend(
                            test,
                            metric,
                            Figures.unit(metric),
                            points,
                            changes.stream()
                                    .map(HistoryChangesCommand.Change::of)
                                    .toList())));
            out.flush();
            return ExitCodes.PASS;
        }
        Map<Long, ChangePoint> byRun =
                changes.stream().collect(Collectors.toMap(ChangePoint::runId, Function.identity()));
        out.println(test + " " + metric + " (" + points.size() + " runs, oldest first)");
        for (TrendPoint p : points) {
            ChangePoint c = byRun.get(p.runId());
            out.printf(
                    "%-6d %-20s %-10s %12s%s%s%n",
                    p.runId(),
                    Instant.ofEpochMilli(p.startedAtEpochMillis())
                            .toString()
                            .substring(0, 19)
                            .replace('T', ' '),
                    HistoryListCommand.shortCommit(p.gitCommit()),
                    Figures.format(metric, p.value()),
                    p.usable() ? "" : "  (COMPROMISED: not used)",
                    c == null ? "" : "  <- change point: " + HistoryChangesCommand.describe(c));
        }
        out.println(
                changes.isEmpty()
                        ? "no change points"
                        : changes.size() + (changes.size() == 1 ? " change point" : " change points"));
        out.flush();
        return ExitCodes.PASS;
    }
}
