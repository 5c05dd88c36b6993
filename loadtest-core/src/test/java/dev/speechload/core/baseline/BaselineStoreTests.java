package dev.speechload.core.baseline;

import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.io.internal.AtomicFiles;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineStoreTests {

    @TempDir
    Path dir;

    @Test
    void findsNothingWhenTheTestHasNoBaseline() {
        assertThat(new BaselineStore(dir.resolve("baselines")).find("Foo.bar")).isEmpty();
    }

    @Test
    void writesAndFindsABaseline() throws IOException {
        BaselineStore store = new BaselineStore(dir.resolve("baselines"));
        Baseline b = Baseline.from(
                run().testName("Foo.bar").histogram("service_time", 3 * MS).build());

        Path file = store.write(b);

        assertThat(file).isEqualTo(dir.resolve("baselines/Foo.bar.json"));
        assertThat(Files.readString(file)).endsWith("}\n");
        assertThat(store.find("Foo.bar")).contains(b);
    }

    @Test
    void makesASafeFileNameOfAnyTestName() {
        BaselineStore store = new BaselineStore(dir);

        assertThat(store.fileFor("Foo.bar[1] x/y")).isEqualTo(dir.resolve("Foo.bar_1__x_y.json"));
    }

    @Test
    void readsTolerantlyIgnoringUnknownFields() throws IOException {
        BaselineStore store = new BaselineStore(dir);
        store.write(Baseline.from(run().testName("Foo.bar").build()));
        Path file = store.fileFor("Foo.bar");
        String json = Files.readString(file).replaceFirst("\\{", "{\n  \"addedLater\" : {\"x\" : [1, 2]},");
        Files.writeString(file, json.replace("\"throughput\" : {", "\"throughput\" : {\n    \"newFigure\" : 3,"));

        assertThat(store.find("Foo.bar"))
                .get()
                .extracting(b -> b.throughput().aggregatePerSecond())
                .isEqualTo(100.0);
    }

    @Test
    void readsAMinimalHandWrittenBaseline() throws IOException {
        Files.writeString(dir.resolve("Foo.bar.json"), """
                {"schemaVersion": 1, "testName": "Foo.bar",
                 "latencies": {"service_time": {"count": 10, "p50Nanos": 1, "p95Nanos": 2, "p99Nanos": 3}}}
                """);

        Baseline b = new BaselineStore(dir).find("Foo.bar").orElseThrow();

        assertThat(b.latencies().get("service_time").p99Nanos()).isEqualTo(3);
        assertThat(b.throughput()).isNull();
        assertThat(b.trials()).isEmpty();
    }

    @Test
    void namesTheFileLineAndColumnOfTruncatedJson() throws IOException {
        Files.writeString(dir.resolve("Foo.bar.json"), "{\n  \"schemaVersion\" : 1,\n  \"testName\" : \"Foo");

        assertThatThrownBy(() -> new BaselineStore(dir).find("Foo.bar"))
                .isInstanceOf(BaselineException.class)
                .hasMessageStartingWith(dir.resolve("Foo.bar.json") + ": not valid JSON at line 3, column ")
                .hasMessageEndingWith(" — fix or delete the file, or re-record it with the baseline update command");
    }

    @Test
    void namesTheFieldOfAWrongType() throws IOException {
        Files.writeString(dir.resolve("Foo.bar.json"), """
                {"schemaVersion": 1, "testName": "Foo.bar", "throughput": {"aggregatePerSecond": "fast"}}
                """);

        assertThatThrownBy(() -> new BaselineStore(dir).find("Foo.bar"))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining(
                        "Foo.bar.json: wrong value at 'throughput.aggregatePerSecond': expected double, found fast");
    }

    @Test
    void namesTheFieldWhenAnObjectIsExpected() throws IOException {
        Files.writeString(dir.resolve("Foo.bar.json"), """
                {"schemaVersion": 1, "testName": "Foo.bar", "latencies": [1, 2]}
                """);

        assertThatThrownBy(() -> new BaselineStore(dir).find("Foo.bar"))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("Foo.bar.json: wrong type at 'latencies': expected an object");
    }

    @Test
    void refusesANewerSchemaVersion() throws IOException {
        Files.writeString(dir.resolve("Foo.bar.json"), "{\"schemaVersion\": 2, \"testName\": \"Foo.bar\"}");

        assertThatThrownBy(() -> new BaselineStore(dir).find("Foo.bar"))
                .isInstanceOf(BaselineException.class)
                .hasMessage(dir.resolve("Foo.bar.json") + ": schemaVersion 2 is newer than this speechload reads (1)"
                        + " — upgrade speechload, or re-record the baseline with this version");
    }

    @Test
    void refusesSchemaVersionsSpeechloadNeverWrote() throws IOException {
        BaselineStore store = new BaselineStore(dir);
        for (String version : new String[] {"0", "-1", "1.5"}) {
            Files.writeString(
                    dir.resolve("Foo.bar.json"), "{\"schemaVersion\": " + version + ", \"testName\": \"Foo.bar\"}");

            assertThatThrownBy(() -> store.find("Foo.bar"))
                    .as(version)
                    .isInstanceOf(BaselineException.class)
                    .hasMessageContaining("Foo.bar.json: schemaVersion " + version + " is not a version speechload"
                            + " writes (whole numbers from 1 to 1)");
        }
    }

    @Test
    void refusesValuesNoRunCanMeasureNamingTheField() throws IOException {
        BaselineStore store = new BaselineStore(dir);
        String[][] cases = {
            {
                "\"latencies\": {\"service_time\": {\"count\": 100, \"p50Nanos\": 1, \"p95Nanos\": 2,"
                        + " \"p99Nanos\": -5}}",
                "latencies.service_time.p99Nanos is -5: it cannot be negative"
            },
            {"\"throughput\": {\"aggregatePerSecond\": \"NaN\"}", "throughput.aggregatePerSecond is NaN"},
            {
                "\"errors\": {\"failedIterations\": 3, \"errorRatio\": 1.5}",
                "errors.errorRatio is 1.5: a ratio lies between 0 and 1"
            },
            {
                "\"latencies\": {\"stt.final_latency\": {\"count\": 9, \"p50Nanos\": 90, \"p95Nanos\": 95,"
                        + " \"p99Nanos\": 10}}",
                "latencies.stt.final_latency p99Nanos 10 is below p50Nanos 90"
            },
        };
        for (String[] c : cases) {
            Files.writeString(
                    dir.resolve("Foo.bar.json"), "{\"schemaVersion\": 1, \"testName\": \"Foo.bar\", " + c[0] + "}");

            assertThatThrownBy(() -> store.find("Foo.bar"))
                    .as(c[0])
                    .isInstanceOf(BaselineException.class)
                    .hasMessageContaining("Foo.bar.json: " + c[1])
                    .hasMessageContaining("fix the value, or re-record the baseline");
        }
    }

    @Test
    void saysSoWhenADirectoryStandsWhereTheBaselineFileBelongs() throws IOException {
        Files.createDirectories(dir.resolve("Foo.bar.json"));

        assertThatThrownBy(() -> new BaselineStore(dir).find("Foo.bar"))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("Foo.bar.json: is a directory where the test's baseline file belongs");
    }

    @Test
    void refusesAFileWithoutSchemaVersionOrOfAnotherTest() throws IOException {
        Files.writeString(dir.resolve("A.a.json"), "{\"testName\": \"A.a\"}");
        Files.writeString(dir.resolve("B.b.json"), "{\"schemaVersion\": 1, \"testName\": \"C.c\"}");
        Files.writeString(dir.resolve("E.e.json"), "");

        BaselineStore store = new BaselineStore(dir);
        assertThatThrownBy(() -> store.find("A.a")).hasMessageContaining("A.a.json: no schemaVersion number");
        assertThatThrownBy(() -> store.find("B.b"))
                .hasMessageContaining("B.b.json: holds the baseline of 'C.c', not 'B.b'");
        assertThatThrownBy(() -> store.find("E.e")).hasMessageContaining("E.e.json: file is empty");
    }

    @Test
    void leavesTheOldBaselineIntactWhenAWriteCrashesMidway() throws IOException {
        Baseline old = Baseline.from(run().testName("Foo.bar").throughput(100).build());
        new BaselineStore(dir).write(old);
        // A writer that gets half the bytes out (to its temporary file, as AtomicFiles does) and dies.
        BaselineStore crashing = new BaselineStore(dir, (file, content) -> {
            Files.write(
                    file.resolveSibling("." + file.getFileName() + ".crash.tmp"),
                    Arrays.copyOf(content, content.length / 2));
            throw new IOException("disk full");
        });

        assertThatThrownBy(() -> crashing.write(
                        Baseline.from(run().testName("Foo.bar").throughput(5).build())))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("Foo.bar.json: cannot write: java.io.IOException: disk full");
        assertThat(new BaselineStore(dir).find("Foo.bar")).contains(old);
    }

    @Test
    void keepsTemporaryFilesOfAKilledWriteOutOfGitAndRemovesThemLater() throws Exception {
        Path tmpDir = dir.resolve(AtomicFiles.TEMPORARY_DIR);
        BaselineStore store = new BaselineStore(dir);
        store.write(Baseline.from(run().testName("Foo.bar").build()));
        Path leftByAKill = Files.writeString(tmpDir.resolve("Foo.bar.json.123.tmp"), "{\"half");
        Files.setLastModifiedTime(leftByAKill, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path inFlight = Files.writeString(tmpDir.resolve("Other.test.json.456.tmp"), "{\"writing");

        store.write(Baseline.from(run().testName("Foo.bar").throughput(7).build()));

        assertThat(Files.readAllLines(tmpDir.resolve(".gitignore"))).contains("*");
        assertThat(leftByAKill).doesNotExist();
        assertThat(inFlight).as("another process may still be writing it").exists();
        if (gitAvailable()) {
            Process init = new ProcessBuilder("git", "init", "-q", dir.toString()).start();
            assertThat(init.waitFor()).isZero();
            Process status = new ProcessBuilder(
                            "git", "-C", dir.toString(), "status", "--porcelain", "--untracked-files=all")
                    .start();
            String untracked = new String(status.getInputStream().readAllBytes());
            assertThat(status.waitFor()).isZero();
            assertThat(untracked).contains("Foo.bar.json").doesNotContain(".tmp", AtomicFiles.TEMPORARY_DIR);
        }
    }

    private static boolean gitAvailable() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void leavesNoTemporaryFilesAfterAWrite() throws IOException {
        BaselineStore store = new BaselineStore(dir);
        store.write(Baseline.from(run().testName("Foo.bar").build()));
        store.write(Baseline.from(run().testName("Foo.bar").throughput(7).build()));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("Foo.bar.json", AtomicFiles.TEMPORARY_DIR);
        }
        try (Stream<Path> files = Files.list(dir.resolve(AtomicFiles.TEMPORARY_DIR))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".gitignore");
        }
    }

    @Test
    void promotesEveryResultOrOneTest() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        writeResult(
                results.resolve("A.a.json"),
                run().testName("A.a").throughput(10).build(),
                true);
        writeResult(
                results.resolve("B.b.json"),
                run().testName("B.b").throughput(20).build(),
                true);
        BaselineStore store = new BaselineStore(dir.resolve("baselines"));

        assertThat(store.promote(results, Optional.of("B.b"))).containsExactly(store.fileFor("B.b"));
        assertThat(store.find("A.a")).isEmpty();
        assertThat(store.promote(results, Optional.empty()))
                .containsExactly(store.fileFor("A.a"), store.fileFor("B.b"));
        assertThat(store.find("A.a").orElseThrow().throughput().aggregatePerSecond())
                .isEqualTo(10.0);
        assertThat(store.find("B.b").orElseThrow().throughput().aggregatePerSecond())
                .isEqualTo(20.0);
    }

    @Test
    void refusesToPromoteAnUnknownTestAPartialRunOrAnEmptyDirectory() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        BaselineStore store = new BaselineStore(dir.resolve("baselines"));

        assertThatThrownBy(() -> store.promote(results, Optional.empty()))
                .hasMessage(results + ": no result files — run the load tests first");
        writeResult(
                results.resolve("A.a.partial.json"),
                run().testName("A.a").partial().build(),
                true);
        assertThatThrownBy(() -> store.promote(results, Optional.of("X.x")))
                .hasMessage(results + ": no result for test 'X.x' (results hold: A.a) — run the load tests first");
        assertThatThrownBy(() -> store.promote(results, Optional.empty()))
                .hasMessageContaining("A.a.partial.json: is a partial run");
        assertThatThrownBy(() -> store.promote(dir.resolve("missing"), Optional.empty()))
                .hasMessageContaining("missing: results directory does not exist");
        assertThat(Files.exists(dir.resolve("baselines"))).isFalse();
    }

    static void writeResult(Path file, RunResult result, boolean wrapped) throws IOException {
        Object content =
                wrapped ? java.util.Map.of("result", result, "verdict", java.util.Map.of("overall", "PASS")) : result;
        Files.write(file, Json.mapper().writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void loadsAndJudgesABaselineWrittenBeforeRunsP90AndHealth() throws IOException {
        Path file = dir.resolve("Fixture.run.json");
        Files.writeString(file, """
                {
                  "schemaVersion" : 1,
                  "testName" : "Fixture.run",
                  "recordedAt" : "2024-01-15T14:30:00Z",
                  "gitCommit" : "abc1234",
                  "load" : { "workloadModel" : "closed", "channels" : 10, "arrivalsPerSecond" : 0.0, "scale" : "smoke",
                             "trials" : 3, "durationMillis" : 60000, "iterations" : 0 },
                  "throughput" : { "aggregatePerSecond" : 100.0, "perChannelPerSecond" : 10.0,
                                   "peakActiveChannels" : 10, "completedIterations" : 6000 },
                  "latencies" : {
                    "service_time" : { "count" : 6000, "p50Nanos" : 5000000, "p95Nanos" : 8000000, "p99Nanos" : 10000000 }
                  },
                  "errors" : { "failedIterations" : 0, "errorRatio" : 0.0 },
                  "trials" : [ { "trial" : 1, "throughputPerSecond" : 100.0, "latencyP99Nanos" : { "service_time" : 10000000 } },
                               { "trial" : 2, "throughputPerSecond" : 101.0, "latencyP99Nanos" : { "service_time" : 10100000 } },
                               { "trial" : 3, "throughputPerSecond" : 99.0, "latencyP99Nanos" : { "service_time" : 9900000 } } ]
                }
                """);

        Baseline old = new BaselineStore(dir).find("Fixture.run").orElseThrow();
        Verdict verdict =
                Verdicts.judge(run().p99("service_time", 10_500_000).build(), Optional.of(old), Thresholds.defaults());

        assertThat(old.runs()).isEmpty();
        assertThat(old.allRuns()).hasSize(1);
        assertThat(old.latencies().get("service_time").p90Nanos()).isNull();
        assertThat(old.trials().get(0).health()).isNull();
        assertThat(VerdictsTests.metric(verdict, "latency.service_time.p99").status())
                .isEqualTo(VerdictStatus.PASS);
        assertThat(VerdictsTests.metric(verdict, "throughput").status()).isEqualTo(VerdictStatus.PASS);
        assertThat(verdict.overall()).isEqualTo(VerdictStatus.NO_BASELINE); // the old file has no memory figures
    }

    @Test
    void appendsARunToTheStoredBaseline() {
        BaselineStore store = new BaselineStore(dir);
        store.append(run().testName("Foo.bar").p99("service_time", 10 * MS).build(), 5);
        store.append(run().testName("Foo.bar").p99("service_time", 11 * MS).build(), 5);

        Baseline b = store.find("Foo.bar").orElseThrow();

        assertThat(b.runs()).hasSize(2);
        assertThat(b.latencies().get("service_time").p99Nanos()).isEqualTo(11 * MS);
    }

    @Test
    void refusesToAppendARunOfAnotherPlanNamingTheFile() {
        BaselineStore store = new BaselineStore(dir);
        store.append(run().testName("Foo.bar").build(), 5);

        assertThatThrownBy(() ->
                        store.append(run().testName("Foo.bar").channels(50).build(), 5))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("Foo.bar.json")
                .hasMessageContaining("was measured under another plan");
    }

    @Test
    void refusesToRecordACompromisedRun() {
        BaselineStore store = new BaselineStore(dir);
        RunResult busy = run().testName("Foo.bar")
                .health(
                        dev.speechload.core.result.HealthStatus.COMPROMISED,
                        "COMPROMISED: other processes used 48 % of the machine's 2 cores (limit 20 %)")
                .build();

        assertThatThrownBy(() -> store.write(Baseline.from(busy)))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("the run of Foo.bar was COMPROMISED (COMPROMISED: other processes used 48 %")
                .hasMessageContaining("record the baseline on a quiet machine");
        assertThatThrownBy(() -> store.append(busy, 5)).isInstanceOf(BaselineException.class);
        assertThat(store.find("Foo.bar")).isEmpty();
    }
}
