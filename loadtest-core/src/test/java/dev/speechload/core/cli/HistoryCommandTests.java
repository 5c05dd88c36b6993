package dev.speechload.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.history.Histories;
import dev.speechload.core.history.History;
import dev.speechload.core.history.HistoryFixtures;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code speechload history ...} and {@code baseline update --from-history} over a history with a known shift. */
@DisplayName("speechload history CLI")
class HistoryCommandTests {

    private static final String TEST = "Checkout.run";
    private static final String P99 = "latency.service_time.p99";

    @TempDir
    Path dir;

    String url;
    History history;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void history() {
        url = "jdbc:h2:file:" + dir.resolve("history");
        history = Histories.open(url);
    }

    /** Runs 0..9 at about 10 ms, 10..19 at about 13 ms (run 10, commit c10, brings the shift); run 20 COMPROMISED. */
    private void shiftedHistory() {
        long[] wobble = {0, 200_000, -100_000, 100_000, -200_000};
        for (int n = 0; n < 20; n++) {
            long p99 = (n < 10 ? 10_000_000L : 13_000_000L) + wobble[n % wobble.length];
            history.append(
                    HistoryFixtures.run(TEST, n, p99, HealthStatus.HEALTHY),
                    new Verdict(TEST, VerdictStatus.PASS, true, List.of(), List.of()),
                    "main");
        }
        history.append(HistoryFixtures.run(TEST, 20, 90_000_000L, HealthStatus.COMPROMISED), null, "main");
    }

    int execute(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cmd = SpeechloadCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void listsTheNewestRunsWithCommitHealthVerdictAndP99() {
        shiftedHistory();

        assertThat(execute("history", "list", "--history", url, "--last", "2")).isEqualTo(ExitCodes.PASS);

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("run").contains("commit", "health", "verdict", "p99");
        assertThat(lines.get(1)).contains(TEST, "c20", "main", "COMPROMISED", "90.0 ms");
        assertThat(lines.get(2)).contains(TEST, "c19", "HEALTHY", "PASS", "12.8 ms", "100 /s");
    }

    @Test
    void listsRunsAsJsonWithEveryFigure() throws IOException {
        shiftedHistory();

        assertThat(execute("history", "list", "--history", url, "--test", TEST, "--json"))
                .isEqualTo(ExitCodes.PASS);

        JsonNode runs = Json.mapper().readTree(out.toString());
        assertThat(runs).hasSize(20);
        assertThat(runs.get(0).get("gitCommit").asText()).isEqualTo("c20");
        assertThat(runs.get(1).get("figures").get(P99).asDouble()).isEqualTo(12_800_000.0);
    }

    @Test
    void showsATrendOldestFirstWithTheChangePointAtItsCommitAndTheCompromisedRunUnused() {
        shiftedHistory();

        assertThat(execute("history", "trend", "--history", url, TEST, P99)).isEqualTo(ExitCodes.PASS);

        String text = out.toString();
        assertThat(text).startsWith(TEST + " " + P99 + " (21 runs, oldest first)");
        assertThat(text.lines().filter(l -> l.contains("change point:")).toList())
                .singleElement()
                .asString()
                .contains(
                        " c10 ",
                        "<- change point: +30.0 % (10.0 ms -> 13.0 ms) at run 11, commit c10 (after c9),"
                                + " confidence 99.5 %");
        assertThat(text)
                .contains("90.0 ms  (COMPROMISED: not used)")
                .endsWith("1 change point" + System.lineSeparator());
    }

    @Test
    void printsATrendAsJson() throws IOException {
        shiftedHistory();

        assertThat(execute("history", "trend", "--history", url, "--json", TEST, P99))
                .isEqualTo(ExitCodes.PASS);

        JsonNode trend = Json.mapper().readTree(out.toString());
        assertThat(trend.get("unit").asText()).isEqualTo("ms");
        assertThat(trend.get("points")).hasSize(21);
        assertThat(trend.get("changes")).hasSize(1);
        assertThat(trend.get("changes").get(0).get("gitCommit").asText()).isEqualTo("c10");
        assertThat(trend.get("changes").get(0).get("shiftPercent").asDouble()).isBetween(29.9, 30.1);
    }

    @Test
    void namesTheKnownTestsOrFiguresWhenAskedForAnUnknownOne() {
        shiftedHistory();

        assertThat(execute("history", "trend", "--history", url, "Nope.run", P99))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .contains("speechload trend: no runs of test 'Nope.run' in the run history (H2 " + url + "); it holds: "
                        + TEST);
        assertThat(execute("history", "trend", "--history", url, TEST, "latency.nope"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .contains("test '" + TEST + "' has no figure 'latency.nope'; it has: ")
                .contains(P99, "throughput");
    }

    @Test
    void listsTheChangePointsOfEveryWatchedFigure() throws IOException {
        shiftedHistory();

        assertThat(execute("history", "changes", "--history", url)).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString()).contains(TEST + " " + P99 + ": +30.0 % (10.0 ms -> 13.0 ms) at run 11, commit c10");

        assertThat(execute("history", "changes", "--history", url, "--metric", P99, "--json"))
                .isEqualTo(ExitCodes.PASS);
        JsonNode changes = Json.mapper().readTree(out.toString());
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("previousGitCommit").asText()).isEqualTo("c9");
        assertThat(changes.get(0).get("confidence").asDouble()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void saysSoWhenThereAreNoChangePoints() {
        for (int n = 0; n < 8; n++) {
            history.append(HistoryFixtures.run(TEST, n, 10_000_000L, HealthStatus.HEALTHY), null, null);
        }
        assertThat(execute("history", "changes", "--history", url)).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString()).isEqualTo("no change points in 1 test" + System.lineSeparator());
    }

    @Test
    void refusesToReadAnEmbeddedHistoryThatDoesNotExist() {
        // The working directory of the test JVM has no .speechload; the pom's loadtest.history.url is set, so clear it.
        String saved = System.clearProperty("loadtest.history.url");
        try {
            assertThat(execute("history", "list")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString())
                    .startsWith("speechload list: no run history at ")
                    .contains(".speechload/history.mv.db — run the load tests from this directory first, or pass"
                            + " --history URL");
        } finally {
            if (saved != null) {
                System.setProperty("loadtest.history.url", saved);
            }
        }
    }

    @Test
    void recordsABaselineFromTheLastHealthyRunsOfTheHistory() throws IOException {
        shiftedHistory();
        Path baselines = dir.resolve("baselines");

        assertThat(execute(
                        "baseline",
                        "update",
                        "--from-history",
                        "--last",
                        "3",
                        "--history",
                        url,
                        "--baselines",
                        baselines.toString()))
                .isEqualTo(ExitCodes.PASS);

        assertThat(out.toString().strip())
                .isEqualTo("wrote " + baselines.resolve(TEST + ".json") + " (3 runs from the history)");
        Baseline b = new BaselineStore(baselines).find(TEST).orElseThrow();
        // The COMPROMISED run 20 is skipped: the newest usable run (c19) gives the headline figures.
        assertThat(b.gitCommit()).isEqualTo("c19");
        assertThat(b.allRuns()).hasSize(3);
        assertThat(b.latencies().get(RunResult.SERVICE_TIME).p99Nanos()).isEqualTo(12_800_000L);
    }

    @Test
    void refusesABaselineFromAHistoryWithoutUsableRuns() {
        history.append(HistoryFixtures.run(TEST, 1, 10_000_000L, HealthStatus.COMPROMISED), null, null);

        assertThat(execute(
                        "baseline",
                        "update",
                        "--from-history",
                        "--history",
                        url,
                        "--baselines",
                        dir.resolve("baselines").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .contains("no usable run (one not COMPROMISED) in the run history (H2 " + url + ") for: " + TEST);
        assertThat(dir.resolve("baselines")).doesNotExist();
    }

    @Test
    void compareAppendsTheJudgedRunsToTheHistoryOnce() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.createDirectories(dir.resolve("baselines"));
        RunResult run = HistoryFixtures.run(TEST, 1, 10_000_000L, HealthStatus.HEALTHY);
        Files.writeString(results.resolve(TEST + ".json"), Json.mapper().writeValueAsString(Map.of("result", run)));

        String[] compare = {
            "compare",
            "--results",
            results.toString(),
            "--baselines",
            dir.resolve("baselines").toString(),
            "--history",
            url
        };
        assertThat(execute(compare)).isEqualTo(ExitCodes.PASS);
        assertThat(execute(compare)).isEqualTo(ExitCodes.PASS);

        assertThat(history.runs(TEST, 10))
                .singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo("NO_BASELINE"));
    }

    @Test
    void compareWarnsButJudgesWhenTheHistoryCannotBeWritten() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.createDirectories(dir.resolve("baselines"));
        RunResult run = HistoryFixtures.run(TEST, 1, 10_000_000L, HealthStatus.HEALTHY);
        Files.writeString(results.resolve(TEST + ".json"), Json.mapper().writeValueAsString(Map.of("result", run)));

        assertThat(execute(
                        "compare",
                        "--results",
                        results.toString(),
                        "--baselines",
                        dir.resolve("baselines").toString(),
                        "--history",
                        "jdbc:h2:file:/proc/no-such-dir/history"))
                .isEqualTo(ExitCodes.PASS);
        assertThat(err.toString())
                .startsWith(
                        "speechload compare: warning: the verdicts were not added to the run"
                                + " history: could not append Checkout.run to the run history (H2 jdbc:h2:file:/proc/no-such-dir/history): ");
        assertThat(out.toString()).contains("1 test: 1 NO_BASELINE");
    }

    @Test
    void writesTheTrendPagesIntoTheResultsDirectory() throws IOException {
        shiftedHistory();
        Path results = dir.resolve("results");

        assertThat(execute(
                        "history",
                        "pages",
                        "--history",
                        url,
                        "--results",
                        results.toString(),
                        "--baselines",
                        dir.resolve("baselines").toString()))
                .isEqualTo(ExitCodes.PASS);

        assertThat(out.toString())
                .isEqualTo("wrote " + results.resolve("trends.html") + System.lineSeparator() + "wrote "
                        + results.resolve("trends-Checkout.run.html") + System.lineSeparator());
        assertThat(Files.readString(results.resolve("trends-Checkout.run.html")))
                .contains("<code>c10</code>: +30.0 %");
    }
}
