package dev.speechload.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.history.Histories;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.report.TrendReports;
import dev.speechload.core.result.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the run history costs as it grows: the JUnit extension's step after each test's files
 * ({@code HistoryStep}: open the embedded H2 history and append the run) and the redraw of every
 * test's trend page it does once per JUnit run (open the history again, run the change-point
 * method over every watched figure, write the pages). Real results are replayed: every
 * {@code results/*.json} of a main-job run is appended {@code --rounds} times (each copy a later
 * start time, so none is taken for a duplicate) into a fresh history in a temporary directory,
 * and the appends and one redraw are timed at chosen history sizes. Figures are wall-clock milliseconds of
 * this JVM doing the step (file I/O included), so they move with the machine's load.
 *
 * <p>How to run (after {@code bash tools/run-load-suites.sh} wrote {@code results/}, and
 * {@code mvn -B -o -q -pl loadtest-bench -am package -DskipTests}):
 * <pre>
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.HistoryBench --results results --rounds 200
 * </pre>
 */
public final class HistoryBench {

    private static final String PROGRAM = "HistoryBench";

    private HistoryBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(PROGRAM, argv, Map.of("results", "results", "rounds", "200"));
        Path resultsDir = Path.of(args.text("results"));
        int rounds = args.intValue("rounds", 1, 100_000);
        List<RunResult> results = new ArrayList<>();
        for (ResultFiles.Loaded loaded : ResultFiles.readAll(resultsDir)) {
            if (loaded.result() != null && !loaded.result().partial()) {
                results.add(loaded.result());
            }
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException(PROGRAM + ": no finished result in " + resultsDir.toAbsolutePath()
                    + "; run the main job first (bash tools/run-load-suites.sh) or pass --results DIR");
        }
        System.out.println(Conditions.machine());
        System.out.println("load average before: " + Conditions.loadAverage());
        Path root = Files.createTempDirectory("speechload-history-bench");
        Path pages = Files.createDirectories(root.resolve("results"));
        Path baselines = Files.createDirectories(root.resolve("baselines"));
        List<Verdict> verdicts = results.stream()
                .map(r -> Verdicts.judge(r, Optional.empty(), Thresholds.defaults()))
                .toList();
        System.out.printf(Locale.ROOT, "%d tests from %s, %d rounds%n", results.size(), resultsDir, rounds);
        for (int round = 1; round <= rounds; round++) {
            long[] appendNanos = new long[results.size()];
            for (int i = 0; i < results.size(); i++) {
                RunResult run = startedLater(results.get(i), round);
                long t0 = System.nanoTime();
                Histories.embedded(root).append(run, verdicts.get(i), "main");
                appendNanos[i] = System.nanoTime() - t0;
            }
            if (round == 1 || round == rounds || Integer.bitCount(round) == 1 || round % 100 == 0) {
                long t0 = System.nanoTime();
                TrendReports.write(Histories.embedded(root), pages, baselines, null);
                long pagesNanos = System.nanoTime() - t0;
                System.out.printf(
                        Locale.ROOT,
                        "history of %,d runs (%d per test): append median %.1f ms (max %.1f)"
                                + " per finished test; every trend page redrawn %.1f ms%n",
                        (long) round * results.size(),
                        round,
                        median(appendNanos) / 1e6,
                        max(appendNanos) / 1e6,
                        pagesNanos / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "history file %.1f MB%n", Files.size(Histories.embeddedFile(root)) / 1048576.0);
        System.out.println("load average after: " + Conditions.loadAverage());
    }

    /** The same run, started {@code round} hours later (a new run to the history, not a duplicate). */
    private static RunResult startedLater(RunResult result, int round) throws Exception {
        ObjectNode tree = Json.mapper().valueToTree(result);
        long shift = round * 3_600_000L;
        tree.put("startedAtEpochMillis", result.startedAtEpochMillis() + shift);
        tree.put("finishedAtEpochMillis", result.finishedAtEpochMillis() + shift);
        return Json.mapper().treeToValue(tree, RunResult.class);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static long max(long[] values) {
        long m = Long.MIN_VALUE;
        for (long v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
