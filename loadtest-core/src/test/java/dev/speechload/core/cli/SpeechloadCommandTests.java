package dev.speechload.core.cli;

import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.Comparison;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("speechload CLI")
class SpeechloadCommandTests {

    @TempDir
    Path dir;

    Path results;
    Path baselines;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void dirs() throws IOException {
        results = Files.createDirectories(dir.resolve("results"));
        baselines = Files.createDirectories(dir.resolve("baselines"));
    }

    int execute(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cmd = SpeechloadCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    void result(String file, RunResult result) throws IOException {
        Files.writeString(results.resolve(file), Json.mapper().writeValueAsString(Map.of("result", result)));
    }

    /** A result file cut in half, as a generator killed while writing it (without atomic writes) leaves it. */
    Path truncated(String file, RunResult result) throws IOException {
        String json = Json.mapper().writeValueAsString(Map.of("result", result));
        return Files.writeString(results.resolve(file), json.substring(0, json.length() / 2));
    }

    void baseline(RunResult result) {
        new BaselineStore(baselines).write(Baseline.from(result));
    }

    void assertNoStackTrace() {
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void printsUsageAndExitsWithTwoWithoutACommand() {
        assertThat(execute()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Usage: speechload", "compare", "baseline", "report", "merge");
    }

    @Test
    void rejectsAnUnknownOptionInPlainWords() {
        assertThat(execute("compare", "--bogus")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .startsWith("speechload: Unknown option: '--bogus'")
                .contains("Run 'speechload compare --help' for usage.");
        assertNoStackTrace();
    }

    @Test
    void printsHelpAndExitsWithZero() {
        assertThat(execute("compare", "--help")).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString()).contains("--fail-on-regression", "--threshold=PERCENT");
    }

    @Nested
    class Compare {

        String[] compare(String... extra) {
            String[] base = {"compare", "--results", results.toString(), "--baselines", baselines.toString()};
            String[] all = new String[base.length + extra.length];
            System.arraycopy(base, 0, all, 0, base.length);
            System.arraycopy(extra, 0, all, base.length, extra.length);
            return all;
        }

        @Test
        void exitsWithZeroWhenEverythingPasses() throws IOException {
            baseline(run().testName("A.a").build());
            result("A.a.json", run().testName("A.a").build());

            assertThat(execute(compare("--fail-on-regression"))).isEqualTo(ExitCodes.PASS);
            assertThat(out.toString()).startsWith("PASS  A.a\n").endsWith("1 test: 1 PASS\n");
        }

        @Test
        void exitsWithOneOnAFailOnlyWithFailOnRegression() throws IOException {
            baseline(run().testName("A.a").build());
            result(
                    "A.a.json",
                    run().testName("A.a").p99("service_time", 30 * MS).build());

            assertThat(execute(compare())).isEqualTo(ExitCodes.PASS);
            assertThat(out.toString()).startsWith("FAIL  A.a\n");
            assertThat(execute(compare("--fail-on-regression"))).isEqualTo(ExitCodes.REGRESSION);
        }

        @Test
        void judgesAKilledRunsPartialResultAndSaysItIsPartial() throws IOException {
            baseline(run().testName("A.a").build());
            result("A.a.partial.json", run().testName("A.a").partial().build());

            assertThat(execute(compare())).isEqualTo(ExitCodes.PASS);
            assertThat(err.toString())
                    .isEqualTo(
                            "speechload compare: " + results.resolve("A.a.partial.json")
                                    + ": only a partial result of A.a (its run was stopped before it ended): judged on the part it ran\n");
            assertThat(out.toString()).startsWith("PASS  A.a\n").contains("This run is partial");
        }

        @Test
        void namesABareResultOfAnEarlierVersionAndJudgesTheOthers() throws IOException {
            baseline(run().testName("A.a").build());
            result("A.a.json", run().testName("A.a").build());
            Files.writeString(
                    results.resolve("B.b.json"),
                    Json.mapper().writeValueAsString(run().testName("B.b").build()));

            assertThat(execute(compare())).isEqualTo(ExitCodes.PASS | ExitCodes.UNREADABLE_INPUT);
            assertThat(err.toString())
                    .contains(results.resolve("B.b.json") + ": holds a bare run result, the format"
                            + " earlier speechload versions wrote; result files now hold {\"result\": {...}} beside the verdict"
                            + " — re-run the test, or wrap the run: jq '{result: .}' OLD.json > NEW.json");
            assertThat(out.toString()).startsWith("PASS  A.a\n");
        }

        @Test
        void judgesAnAbResultAgainItsPairsWithoutABaselineFile() throws IOException {
            double[] p99 = {40, 41, 39, 40, 42, 40, 41, 39};
            double[] slower = {80, 82, 79, 81, 84, 80, 82, 78};
            double[] throughput = {100, 101, 99, 100, 102, 100, 101, 99};
            RunResult a = run().testName("A.ab")
                    .pairTrials("final", 5000, p99, throughput, null)
                    .build();
            RunResult b = run().testName("A.ab")
                    .pairTrials("final", 5000, slower, throughput, null)
                    .build();
            Comparison comparison = new Comparison(
                    Comparison.INTERLEAVED, 7, List.of("AB", "BA", "BA", "AB", "AB", "BA", "BA", "AB"), a, List.of());
            Files.writeString(
                    results.resolve("A.ab.json"),
                    Json.mapper().writeValueAsString(Map.of("result", b, "comparison", comparison)));

            assertThat(execute(compare("--fail-on-regression"))).isEqualTo(ExitCodes.REGRESSION);
            assertThat(out.toString())
                    .startsWith("FAIL  A.ab  (A/B: A -> B, A = java -jar server.jar)\n")
                    .contains("latency.final.p99", "paired B/A of 8 pairs")
                    .doesNotContain("no baseline");
        }

        @Test
        void neverFailsOnAWarning() throws IOException {
            baseline(run().testName("A.a").build());
            result("A.a.json", run().testName("A.a").throughput(70).build());

            assertThat(execute(compare("--fail-on-regression"))).isEqualTo(ExitCodes.PASS);
            assertThat(out.toString()).startsWith("WARN  A.a\n");
        }

        @Test
        void scalesThresholdsWithTheThresholdOption() throws IOException {
            baseline(run().testName("A.a").build());
            result(
                    "A.a.json",
                    run().testName("A.a").p99("service_time", 16 * MS).build());

            assertThat(execute(compare("--fail-on-regression"))).isEqualTo(ExitCodes.REGRESSION);
            assertThat(execute(compare("--fail-on-regression", "--threshold", "40")))
                    .isEqualTo(ExitCodes.PASS);
            assertThat(execute(compare("--threshold", "-5"))).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--threshold: regression threshold must be a positive number");
        }

        @Test
        void writesJsonWithEveryVerdict() throws IOException {
            baseline(run().testName("A.a").build());
            result(
                    "A.a.json",
                    run().testName("A.a").p99("service_time", 30 * MS).build());
            result("B.b.json", run().testName("B.b").build());

            assertThat(execute(compare("--format", "json"))).isEqualTo(ExitCodes.PASS);

            JsonNode json = Json.mapper().readTree(out.toString());
            assertThat(json.get("overall").asText()).isEqualTo("FAIL");
            assertThat(json.get("verdicts")).hasSize(2);
            assertThat(json.get("verdicts").get(0).get("testName").asText()).isEqualTo("A.a");
            assertThat(json.get("verdicts").get(1).get("overall").asText()).isEqualTo("NO_BASELINE");
            assertThat(json.get("verdicts").get(1).get("baselineFound").asBoolean())
                    .isFalse();
        }

        @Test
        void comparesOneTestWithTheTestOption() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            result("B.b.json", run().testName("B.b").errors(600, 0.1).build());

            assertThat(execute(compare("--test", "A.a", "--fail-on-regression")))
                    .isEqualTo(ExitCodes.PASS);
            assertThat(execute(compare("--test", "Z.z"))).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("no result for test 'Z.z'");
        }

        @Test
        void failsAHardLimitEvenWithoutBaseline() throws IOException {
            result("B.b.json", run().testName("B.b").errors(600, 0.1).build());

            assertThat(execute(compare("--fail-on-regression"))).isEqualTo(ExitCodes.REGRESSION);
            assertThat(out.toString()).startsWith("FAIL  B.b  (no baseline)\n");
        }

        @Test
        void exitsWithTwoNamingAMissingDirectory() {
            assertThat(execute(
                            "compare",
                            "--results",
                            dir.resolve("nope").toString(),
                            "--baselines",
                            baselines.toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString())
                    .isEqualTo(
                            "speechload compare: " + dir.resolve("nope")
                                    + ": results directory does not exist — run the load tests first, or point to the right directory\n");
            assertThat(execute(
                            "compare",
                            "--results",
                            results.toString(),
                            "--baselines",
                            dir.resolve("none").toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("none: baselines directory does not exist");
            assertNoStackTrace();
        }

        @Test
        void exitsWithTwoNamingABrokenBaseline() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            Files.writeString(baselines.resolve("A.a.json"), "{\"schemaVersion\": 1,\n \"testName\": ");

            assertThat(execute(compare())).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString())
                    .startsWith("speechload compare: " + baselines.resolve("A.a.json") + ": not valid JSON at line 2");
            assertNoStackTrace();
        }

        @Test
        void showsTheStackTraceWithVerbose() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            result("A.a-gen2.json", run().testName("A.a").build());

            assertThat(execute(compare("--verbose"))).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("BaselineException", "\tat ");
        }

        @Test
        void judgesTheReadableResultsAndNamesATruncatedOneWithTheUnreadableFlag() throws IOException {
            baseline(run().testName("A.a").build());
            result(
                    "A.a.json",
                    run().testName("A.a").p99("service_time", 30 * MS).build());
            baseline(run().testName("B.b").build());
            result("B.b.json", run().testName("B.b").build());
            Path broken = truncated("C.c.json", run().testName("C.c").build());

            assertThat(execute(compare("--fail-on-regression")))
                    .isEqualTo(ExitCodes.REGRESSION | ExitCodes.UNREADABLE_INPUT)
                    .isEqualTo(5);
            assertThat(out.toString())
                    .startsWith("FAIL  A.a\n")
                    .contains("PASS  B.b\n")
                    .endsWith("2 tests: 1 FAIL, 1 PASS; 1 file unreadable, not judged (named on stderr)\n");
            assertThat(err.toString())
                    .matches("speechload compare: \\Q" + broken + "\\E: not valid JSON at line \\d+,"
                            + " column \\d+: the file ends before the JSON is complete \\(truncated, e\\.g\\. cut off while it was"
                            + " written\\) — fix or delete the file, or re-run the test\n");
            assertNoStackTrace();

            assertThat(execute(compare())).isEqualTo(ExitCodes.UNREADABLE_INPUT);
            Files.delete(results.resolve("A.a.json"));
            assertThat(execute(compare("--fail-on-regression"))).isEqualTo(ExitCodes.PASS | ExitCodes.UNREADABLE_INPUT);
        }

        @Test
        void namesTheUnreadableFilesInItsJson() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            Path broken = truncated("B.b.json", run().testName("B.b").build());

            assertThat(execute(compare("--format", "json"))).isEqualTo(ExitCodes.UNREADABLE_INPUT);

            JsonNode json = Json.mapper().readTree(out.toString());
            assertThat(json.get("exitCode").asInt()).isEqualTo(4);
            assertThat(json.get("verdicts")).hasSize(1);
            assertThat(json.get("unreadable")).hasSize(1);
            assertThat(json.get("unreadable").get(0).get("file").asText()).isEqualTo(broken.toString());
            assertThat(json.get("unreadable").get(0).get("problem").asText()).startsWith("not valid JSON at line");
        }

        @Test
        void judgesTheOtherTestsWhenOneBaselineIsBroken() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            result("B.b.json", run().testName("B.b").build());
            baseline(run().testName("B.b").build());
            Files.writeString(baselines.resolve("A.a.json"), "{\"schemaVersion\": 1,\n \"testName\": ");

            assertThat(execute(compare("--fail-on-regression"))).isEqualTo(ExitCodes.UNREADABLE_INPUT);
            assertThat(out.toString()).startsWith("PASS  B.b\n");
            assertThat(err.toString())
                    .startsWith("speechload compare: " + baselines.resolve("A.a.json") + ": not valid JSON at line 2");
        }

        @Test
        void aBrokenFileOfAnotherTestDoesNotConcernTheTestOption() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            Path broken = truncated("B.b.json", run().testName("B.b").build());

            assertThat(execute(compare("--test", "A.a"))).isEqualTo(ExitCodes.PASS);
            assertThat(err.toString()).isEmpty();
            assertThat(execute(compare("--test", "B.b"))).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString())
                    .startsWith("speechload compare: " + broken + ": not valid JSON")
                    .endsWith("speechload compare: nothing judged: every result of B.b or its baseline is unreadable"
                            + " (named above)\n");
        }

        @Test
        void exitsWithTwoWhenNoResultIsReadable() throws IOException {
            Path a = truncated("A.a.json", run().testName("A.a").build());
            Path b = truncated("B.b.json", run().testName("B.b").build());

            assertThat(execute(compare("--fail-on-regression"))).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains(a + ": not valid JSON", b + ": not valid JSON", "nothing judged");
            assertThat(out.toString()).isEmpty();
        }

        @Test
        void refusesTwoResultFilesOfOneTest() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            result("A.a-gen2.json", run().testName("A.a").build());

            assertThat(execute(compare())).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("holds test 'A.a', as does", "combine them with 'speechload merge'");
        }
    }

    @Nested
    class BaselineUpdate {

        @Test
        void promotesAllResults() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            result("B.b.json", run().testName("B.b").build());

            assertThat(execute(
                            "baseline", "update", "--results", results.toString(), "--baselines", baselines.toString()))
                    .isEqualTo(ExitCodes.PASS);
            assertThat(out.toString())
                    .isEqualTo("wrote " + baselines.resolve("A.a.json") + "\nwrote " + baselines.resolve("B.b.json")
                            + "\n");
            assertThat(new BaselineStore(baselines).find("A.a")).isPresent();
        }

        @Test
        void promotesOneTest() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            result("B.b.json", run().testName("B.b").build());

            assertThat(execute(
                            "baseline",
                            "update",
                            "--test",
                            "B.b",
                            "--results",
                            results.toString(),
                            "--baselines",
                            baselines.toString()))
                    .isEqualTo(ExitCodes.PASS);
            assertThat(new BaselineStore(baselines).find("A.a")).isEmpty();
            assertThat(new BaselineStore(baselines).find("B.b")).isPresent();
        }

        @Test
        void exitsWithTwoForAnUnknownTestOrMissingResults() throws IOException {
            result("A.a.json", run().testName("A.a").build());

            assertThat(execute(
                            "baseline",
                            "update",
                            "--test",
                            "X.x",
                            "--results",
                            results.toString(),
                            "--baselines",
                            baselines.toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("no result for test 'X.x' (results hold: A.a)");
            assertThat(execute(
                            "baseline",
                            "update",
                            "--results",
                            dir.resolve("nope").toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertNoStackTrace();
        }

        @Test
        void appendsRunsKeepingTheNewest() throws IOException {
            String[] update = {
                "baseline",
                "update",
                "--append",
                "--runs",
                "2",
                "--results",
                results.toString(),
                "--baselines",
                baselines.toString()
            };
            for (long p99 : new long[] {10, 11, 12}) {
                result(
                        "A.a.json",
                        run().testName("A.a").p99("service_time", p99 * MS).build());
                assertThat(execute(update)).isEqualTo(ExitCodes.PASS);
            }

            Baseline b = new BaselineStore(baselines).find("A.a").orElseThrow();
            assertThat(b.runs()).hasSize(2);
            assertThat(b.runs())
                    .extracting(r -> r.latencies().get("service_time").p99Nanos())
                    .containsExactly(11 * MS, 12 * MS);
            assertThat(b.latencies().get("service_time").p99Nanos()).isEqualTo(12 * MS);
        }

        @Test
        void refusesACompromisedRunAndABadRunCount() throws IOException {
            result(
                    "A.a.json",
                    run().testName("A.a")
                            .health(
                                    dev.speechload.core.result.HealthStatus.COMPROMISED,
                                    "COMPROMISED: other processes used 48 % of the machine's 2 cores")
                            .build());

            assertThat(execute(
                            "baseline", "update", "--results", results.toString(), "--baselines", baselines.toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString())
                    .contains("the run of A.a was COMPROMISED (COMPROMISED: other processes used 48 %")
                    .contains("record the baseline on a quiet machine");
            assertNoStackTrace();
            assertThat(new BaselineStore(baselines).find("A.a")).isEmpty();
            assertThat(execute(
                            "baseline",
                            "update",
                            "--append",
                            "--runs",
                            "0",
                            "--results",
                            results.toString(),
                            "--baselines",
                            baselines.toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("--runs must be at least 1, was 0");
        }

        @Test
        void promotesTheReadableResultsAndNamesATruncatedOne() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            result("B.b.json", run().testName("B.b").build());
            Path broken = truncated("C.c.json", run().testName("C.c").build());

            assertThat(execute(
                            "baseline", "update", "--results", results.toString(), "--baselines", baselines.toString()))
                    .isEqualTo(ExitCodes.UNREADABLE_INPUT);
            assertThat(out.toString())
                    .isEqualTo("wrote " + baselines.resolve("A.a.json") + "\nwrote " + baselines.resolve("B.b.json")
                            + "\n");
            assertThat(err.toString())
                    .startsWith("speechload update: " + broken + ": not valid JSON at line")
                    .endsWith("— fix or delete the file, or re-run the test\n");
            assertThat(new BaselineStore(baselines).find("A.a")).isPresent();
            assertThat(new BaselineStore(baselines).find("B.b")).isPresent();
            assertThat(baselines.resolve("C.c.json")).doesNotExist();
        }

        @Test
        void exitsWithTwoWhenTheNamedTestsResultIsTruncated() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            Path broken = truncated("C.c.json", run().testName("C.c").build());

            assertThat(execute(
                            "baseline",
                            "update",
                            "--test",
                            "C.c",
                            "--results",
                            results.toString(),
                            "--baselines",
                            baselines.toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString())
                    .startsWith("speechload update: " + results + ": no readable result for test"
                            + " 'C.c', nothing promoted; unreadable: " + broken + ": not valid JSON at line");
            assertThat(execute(
                            "baseline",
                            "update",
                            "--test",
                            "A.a",
                            "--results",
                            results.toString(),
                            "--baselines",
                            baselines.toString()))
                    .isEqualTo(ExitCodes.PASS);
            assertThat(err.toString()).isEmpty();
        }

        @Test
        void printsUsageWithoutASubcommand() {
            assertThat(execute("baseline")).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("Usage: speechload baseline", "update");
        }
    }

    @Nested
    class Report {

        @Test
        void regeneratesPagesAndIndex() throws IOException {
            result("A.a.json", run().testName("A.a").build());

            assertThat(execute("report", "--results", results.toString())).isEqualTo(ExitCodes.PASS);
            assertThat(results.resolve("index.html")).exists();
            assertThat(results.resolve("summary.md")).exists();
            assertThat(results.resolve("A.a.html")).exists();
            assertThat(out.toString()).contains("(1 test)");
        }

        @Test
        void rebuildsTheIndexAndPagesAKilledRunLeftAndNamesItsPartialTest() throws IOException {
            // A run killed in its second test: the first test's result is final, the second's partial, no index.
            result("A.a.json", run().testName("A.a").build());
            result("B.b.partial.json", run().testName("B.b").partial().build());

            assertThat(execute("report", "--results", results.toString())).isEqualTo(ExitCodes.PASS);
            assertThat(err.toString())
                    .isEqualTo("speechload report: B.b has only a partial result (its run was stopped"
                            + " before it ended): shown as partial\n");
            assertThat(results.resolve("B.b.html")).exists();
            assertThat(Files.readString(results.resolve("summary.md"))).contains("B.b (partial)");
            assertThat(Files.readString(results.resolve("index.html"))).contains("A.a", "B.b");
            assertThat(out.toString()).contains("(2 tests)");
        }

        @Test
        void exitsWithTwoForAMissingDirectory() {
            assertThat(execute("report", "--results", dir.resolve("nope").toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("nope: results directory does not exist");
            assertThat(dir.resolve("nope")).doesNotExist();
        }

        @Test
        void drawsTheRestAndNamesAnUnreadableResultWithTheUnreadableFlag() throws IOException {
            result("A.a.json", run().testName("A.a").build());
            Files.writeString(results.resolve("B.b.json"), "{\"result\": ");

            assertThat(execute("report", "--results", results.toString())).isEqualTo(ExitCodes.UNREADABLE_INPUT);
            assertThat(err.toString())
                    .isEqualTo("speechload report: " + results.resolve("B.b.json")
                            + ": not valid JSON at line 1, column 12: the file ends before the JSON is complete (truncated,"
                            + " e.g. cut off while it was written) — fix or delete the file, or re-run the test\n");
            assertThat(results.resolve("index.html")).exists();
            assertThat(results.resolve("A.a.html")).exists();
        }

        @Test
        void exitsWithTwoWhenNoResultIsReadable() throws IOException {
            Files.writeString(results.resolve("B.b.json"), "{\"result\": ");

            assertThat(execute("report", "--results", results.toString())).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("B.b.json");
        }
    }

    @Nested
    class Merge {

        @Test
        void mergesHistogramsExactlyAndSumsCounts() throws IOException {
            result(
                    "gen1.json",
                    run().testName("A.a")
                            .histogram("service_time", 1 * MS, 2 * MS, 3 * MS)
                            .throughput(10)
                            .completed(600)
                            .build());
            result(
                    "gen2.json",
                    run().testName("A.a")
                            .histogram("service_time", 4 * MS, 50 * MS)
                            .throughput(15)
                            .completed(900)
                            .build());
            RunResult together = run().testName("A.a")
                    .histogram("service_time", 1 * MS, 2 * MS, 3 * MS, 4 * MS, 50 * MS)
                    .build();
            Path merged = results.resolve("merged/A.a.json");

            assertThat(execute(
                            "merge",
                            "-o",
                            merged.toString(),
                            results.resolve("gen1.json").toString(),
                            results.resolve("gen2.json").toString()))
                    .isEqualTo(ExitCodes.PASS);

            RunResult m = ResultFiles.read(merged);
            assertThat(m.latency("service_time")).isEqualTo(together.latency("service_time"));
            assertThat(m.throughput().throughputPerSecond()).isEqualTo(25.0);
            assertThat(m.throughput().completedIterations()).isEqualTo(1500);
            assertThat(m.throughput().peakActiveChannels()).isEqualTo(20);
            assertThat(m.plan().channels()).isEqualTo(20);
            assertThat(out.toString()).startsWith("merged 2 results of A.a into " + merged);
        }

        @Test
        void refusesToMergeDifferentTests() throws IOException {
            result("a.json", run().testName("A.a").build());
            result("b.json", run().testName("B.b").build());

            assertThat(execute(
                            "merge",
                            "-o",
                            dir.resolve("m.json").toString(),
                            results.resolve("a.json").toString(),
                            results.resolve("b.json").toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString())
                    .isEqualTo("speechload merge: cannot merge results of different tests: "
                            + results.resolve("a.json") + " is 'A.a' but " + results.resolve("b.json")
                            + " is 'B.b' — merge only the files of one test at a time\n");
            assertThat(dir.resolve("m.json")).doesNotExist();
        }

        @Test
        void needsTwoFilesAndAnOutput() throws IOException {
            result("a.json", run().testName("A.a").build());

            assertThat(execute(
                            "merge",
                            "-o",
                            dir.resolve("m.json").toString(),
                            results.resolve("a.json").toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(execute(
                            "merge",
                            results.resolve("a.json").toString(),
                            results.resolve("a.json").toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("Missing required option: '--output=FILE'");
        }

        @Test
        void mergesTheReadableFilesAndNamesATruncatedOne() throws IOException {
            result(
                    "gen1.json",
                    run().testName("A.a")
                            .histogram("service_time", 1 * MS, 2 * MS)
                            .completed(600)
                            .build());
            result(
                    "gen2.json",
                    run().testName("A.a")
                            .histogram("service_time", 4 * MS)
                            .completed(900)
                            .build());
            Path broken = truncated(
                    "gen3.json",
                    run().testName("A.a").histogram("service_time", 9 * MS).build());
            Path merged = results.resolve("merged/A.a.json");

            assertThat(execute(
                            "merge",
                            "-o",
                            merged.toString(),
                            results.resolve("gen1.json").toString(),
                            results.resolve("gen2.json").toString(),
                            broken.toString()))
                    .isEqualTo(ExitCodes.UNREADABLE_INPUT);

            assertThat(ResultFiles.read(merged).throughput().completedIterations())
                    .isEqualTo(1500);
            assertThat(out.toString())
                    .startsWith("merged 2 of 3 results of A.a into " + merged + "\n"
                            + "  note: 1 file was unreadable and left out, so the merged result lacks that load");
            assertThat(err.toString()).startsWith("speechload merge: " + broken + ": not valid JSON at line");
        }

        @Test
        void mergesNothingWhenFewerThanTwoFilesAreReadable() throws IOException {
            result("gen1.json", run().testName("A.a").build());
            Path broken = truncated("gen2.json", run().testName("A.a").build());

            assertThat(execute(
                            "merge",
                            "-o",
                            dir.resolve("m.json").toString(),
                            results.resolve("gen1.json").toString(),
                            broken.toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString())
                    .startsWith("speechload merge: " + broken + ": not valid JSON at line")
                    .endsWith(" — only 1 of 2 files readable, nothing merged\n");
            assertThat(dir.resolve("m.json")).doesNotExist();
        }

        @Test
        void exitsWithTwoForAMissingInput() {
            assertThat(execute(
                            "merge",
                            "-o",
                            dir.resolve("m.json").toString(),
                            dir.resolve("x.json").toString(),
                            dir.resolve("y.json").toString()))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("x.json: file does not exist");
        }
    }
}
