package dev.speechload.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.baseline.BaselineException;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictMessages;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.compare.InterleavedComparison;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.Comparison;
import dev.speechload.core.result.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code speechload compare}: judges every result against its baseline; a result of an A/B
 * comparison (its report holds the comparison) is judged again on its pairs, B against A.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Judge results against baselines and print the verdicts.")
final class CompareCommand implements Callable<Integer> {

    enum Format {
        text,
        json
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DirectoryOptions dirs;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--fail-on-regression",
            description = "Exit with 1 when any metric FAILs (WARN never does), else with 3 when a test is"
                    + " INCONCLUSIVE (its measurement could not be trusted). An unreadable result or baseline"
                    + " file adds 4 to the code, with or without this option.")
    boolean failOnRegression;

    @Option(
            names = "--threshold",
            paramLabel = "PERCENT",
            description = "The p99 warn level in percent; every relative level scales with it (default: 20).")
    Double threshold;

    @Option(names = "--test", paramLabel = "NAME", description = "Compare only this test (ClassName.method).")
    String test;

    @Mixin
    HistoryOptions history;

    @Option(
            names = "--no-history",
            description = "Do not append the judged runs to the run history (by default"
                    + " they are; a run already there, e.g. from its load test, is kept once).")
    boolean noHistory;

    /**
     * The JSON output: the worst status, the exit code this run gives, the tests that could not be
     * judged, every verdict, and the files (results or baselines) that could not be read.
     */
    record Report(
            VerdictStatus overall,
            int exitCode,
            List<String> inconclusive,
            List<Verdict> verdicts,
            List<UnreadableFile> unreadable) {}

    /** A file that could not be read, as the JSON output names it. */
    record UnreadableFile(String file, String problem) {}

    @Override
    public Integer call() throws JsonProcessingException {
        Thresholds thresholds = thresholds();
        BaselineStore store = new BaselineStore(dirs.existingBaselines());
        ResultFiles.Scan scan = ResultFiles.scan(dirs.results);
        if (test != null) {
            scan = scan.only(test);
        }
        if (scan.loaded().isEmpty() && scan.unreadable().isEmpty()) {
            throw new BaselineException(
                    dirs.results,
                    test == null ? "no result files — run the load tests first" : "no result for test '" + test + "'",
                    null);
        }
        requireOneFilePerTest(scan.loaded());
        // A broken result or baseline file leaves its test unjudged, never the others.
        List<ResultFiles.Unreadable> unreadable = new ArrayList<>(scan.unreadable());
        List<Verdict> verdicts = new ArrayList<>();
        List<RunResult> judged = new ArrayList<>();
        VerdictStatus overall = VerdictStatus.PASS;
        for (ResultFiles.Loaded l : scan.loaded()) {
            Verdict v;
            try {
                v = judge(l, store, thresholds);
            } catch (BaselineException e) {
                unreadable.add(new ResultFiles.Unreadable(e.file(), e.problem()));
                continue;
            }
            verdicts.add(v);
            judged.add(l.result());
            overall = overall.worst(v.overall());
        }
        CommandLine cmd = spec.commandLine();
        scan.loaded().stream()
                .filter(ResultFiles.Loaded::partial)
                .forEach(l -> cmd.getErr()
                        .println("speechload compare: " + l.file() + ": only a partial result of "
                                + l.result().testName()
                                + " (its run was stopped before it ended): judged on the part it ran"));
        if (!noHistory) {
            HistoryAppends.appendAll(history, judged, verdicts, cmd);
        }
        if (verdicts.isEmpty()) {
            ExitCodes.withUnreadable(cmd, ExitCodes.USAGE, unreadable);
            cmd.getErr()
                    .println("speechload compare: nothing judged: every result" + (test == null ? "" : " of " + test)
                            + " or its baseline is unreadable (named above)");
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        }
        int code = ExitCodes.withUnreadable(cmd, exitCode(overall), unreadable);
        PrintWriter out = cmd.getOut();
        if (format == Format.json) {
            List<String> inconclusive = verdicts.stream()
                    .filter(v -> v.overall() == VerdictStatus.INCONCLUSIVE)
                    .map(Verdict::testName)
                    .toList();
            List<UnreadableFile> files = unreadable.stream()
                    .map(u -> new UnreadableFile(u.file().toString(), u.problem()))
                    .toList();
            out.println(Json.mapper().writeValueAsString(new Report(overall, code, inconclusive, verdicts, files)));
        } else {
            verdicts.forEach(v -> out.print(VerdictMessages.summary(v)));
            out.println(tally(verdicts)
                    + (unreadable.isEmpty()
                            ? ""
                            : "; " + unreadable.size() + (unreadable.size() == 1 ? " file" : " files")
                                    + " unreadable, not judged (named on stderr)"));
        }
        out.flush();
        return code;
    }

    /** An A/B result again on its pairs; any other against its baseline. */
    private static Verdict judge(ResultFiles.Loaded l, BaselineStore store, Thresholds thresholds) {
        return comparison(l.file())
                .map(c -> new InterleavedComparison.Outcome(c.mode(), c.reference(), l.result(), c.order(), c.seed())
                        .judge(thresholds)
                        .verdict())
                .orElseGet(
                        () -> Verdicts.judge(l.result(), store.find(l.result().testName()), thresholds));
    }

    private int exitCode(VerdictStatus overall) {
        if (!failOnRegression) {
            return ExitCodes.PASS;
        }
        return switch (overall) {
            case FAIL -> ExitCodes.REGRESSION;
            case INCONCLUSIVE -> ExitCodes.INCONCLUSIVE;
            default -> ExitCodes.PASS;
        };
    }

    private Thresholds thresholds() {
        if (threshold == null) {
            return Thresholds.defaults();
        }
        try {
            return Thresholds.defaults().scaledTo(threshold);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--threshold: " + e.getMessage());
        }
    }

    /**
     * The A/B comparison a report file holds: such a result is judged again on its pairs, against
     * its reference build, not against a baseline file.
     */
    private static Optional<Comparison> comparison(Path file) {
        JsonNode node = ResultFiles.readDocument(file).extras().get("comparison");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().treeToValue(node, Comparison.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BaselineException(
                    file, "holds an A/B comparison that cannot be read (" + e.getMessage() + ") — re-run the test", e);
        }
    }

    private static void requireOneFilePerTest(List<ResultFiles.Loaded> results) {
        Map<String, Path> seen = new HashMap<>();
        for (ResultFiles.Loaded l : results) {
            Path other = seen.putIfAbsent(l.result().testName(), l.file());
            if (other != null) {
                throw new BaselineException(
                        l.file(),
                        "holds test '" + l.result().testName() + "', as does " + other
                                + " — combine them with 'speechload merge' or remove one",
                        null);
            }
        }
    }

    private static String tally(List<Verdict> verdicts) {
        Map<VerdictStatus, Integer> counts = new java.util.EnumMap<>(VerdictStatus.class);
        verdicts.forEach(v -> counts.merge(v.overall(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        for (VerdictStatus s : new VerdictStatus[] {
            VerdictStatus.FAIL,
            VerdictStatus.INCONCLUSIVE,
            VerdictStatus.WARN,
            VerdictStatus.NO_BASELINE,
            VerdictStatus.PASS
        }) {
            if (counts.containsKey(s)) {
                parts.add(counts.get(s) + " " + s);
            }
        }
        return verdicts.size() + (verdicts.size() == 1 ? " test: " : " tests: ") + String.join(", ", parts);
    }
}
