package dev.speechload.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthFigures;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.ProbeReads;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportersTests {

    @TempDir
    Path results;

    @Test
    void writesTheOutcomeAsJsonBesideItsPage() throws IOException {
        TestOutcome outcome = SampleOutcomes.judged("SttTests.steadyLoad", 60);

        Path html = Reporters.writeTest(outcome, results);

        assertThat(html).isEqualTo(results.resolve("SttTests.steadyLoad.html")).isRegularFile();
        JsonNode json = Json.mapper()
                .readTree(results.resolve("SttTests.steadyLoad.json").toFile());
        assertThat(json.get("result").get("testName").asText()).isEqualTo("SttTests.steadyLoad");
        assertThat(json.get("verdict").get("overall").asText()).isEqualTo("FAIL");
        assertThat(json.get("baseline").get("gitCommit").asText()).isEqualTo("9e1d0c4");
        TestOutcome read = Reporters.read(results.resolve("SttTests.steadyLoad.json"));
        assertThat(read).isEqualTo(outcome);
    }

    @Test
    void pageShowsVerdictHeaderCalloutsAndEveryStatistic() {
        String html = Reporters.html(SampleOutcomes.judged("SttTests.steadyLoad", 60));

        assertThat(html)
                .contains(
                        "<h1>SttTests.steadyLoad</h1>",
                        "badge big fail\">FAIL<",
                        "3f2c9ab",
                        "Java 17.0.15 (Debian)",
                        "closed model, 50 channels, ramp in 5 steps",
                        "process: java -jar speech-server.jar --port 0 (pid 4242)",
                        "at commit 9e1d0c4");
        // Failing and warning metrics are called out before the tables.
        int failing = html.indexOf("Failing metrics");
        int warnings = html.indexOf("<strong>Warnings</strong>");
        int comparison = html.indexOf("Comparison with the baseline");
        assertThat(failing).isPositive().isLessThan(comparison);
        assertThat(warnings).isPositive().isLessThan(comparison);
        assertThat(html.substring(failing, warnings)).contains("latency.service_time.p99", "48 ms → 79 ms (+64.6 %)");
        assertThat(html)
                .contains(
                        "<td>throughput</td><td>420 /s</td><td>333 /s</td><td>-20.7 %</td>",
                        "<span class=\"badge warn\">WARN</span>");
        for (String column : List.of("p50", "p90", "p95", "p99", "p99.9", "max", "mean", "stdev")) {
            assertThat(html).contains("<th>" + column + "</th>");
        }
        assertThat(html)
                .contains(
                        "<td>service_time</td>",
                        "<td>time_to_first_event</td>",
                        "ERR2003",
                        "HTTP_503",
                        "stt.partials",
                        "Open file descriptors",
                        "Scheduling lag p99",
                        "Read from proc:4242");
        assertThat(html)
                .contains(
                        "id=\"memory\"",
                        "id=\"fds-threads\"",
                        "id=\"throughput\"",
                        "id=\"channels\"",
                        "id=\"spectrum-service-time\"",
                        "id=\"time-to-first-event\"",
                        ">baseline peak</text>",
                        ">step 2</text>");
    }

    @Test
    void pageLoadsNothingFromOutsideTheFileAndRunsNoScript() {
        String html = Reporters.html(SampleOutcomes.judged("SttTests.steadyLoad", 60));

        assertThat(SelfContained.externalReferences(html)).isEmpty();
        assertThat(html.toLowerCase())
                .doesNotContain("<script")
                .doesNotContain("@import")
                .doesNotContain("<link");
    }

    @Test
    void showsAScriptNamedTestAsText() throws IOException {
        String name = "<script>alert(1)</script>";
        RunResult base = SampleOutcomes.run("x", 20, 1);
        RunResult evil = new RunResult(
                base.schemaVersion(),
                name,
                false,
                base.startedAtEpochMillis(),
                base.finishedAtEpochMillis(),
                base.plan(),
                base.environment(),
                new dev.speechload.core.result.TargetInfo(
                        "external",
                        "<img src=x onerror=alert(2)>",
                        -1,
                        Map.of("http", "http://127.0.0.1:1/\"><script>")),
                Map.of(name, base.latencies().get(RunResult.SERVICE_TIME)),
                base.throughput(),
                Map.of("<b>counter</b>", base.counters().get("stt.partials")),
                new dev.speechload.core.result.ErrorSummary(1, 0.01, Map.of("<script>code</script>", 1L)),
                base.server(),
                base.generator(),
                base.timeSeries(),
                base.serverSeries(),
                base.generatorSeries(),
                Map.of(name, base.histograms().get(RunResult.SERVICE_TIME)),
                List.of(),
                base.health(),
                base.healthSeries());
        Verdict verdict = new Verdict(
                name,
                VerdictStatus.FAIL,
                true,
                List.of(new MetricVerdict(
                        "latency.<script>.p99",
                        "<u>",
                        VerdictStatus.FAIL,
                        1.0,
                        2.0,
                        100.0,
                        "<i>t</i>",
                        "<script>why</script>")),
                List.of("<script>note</script>"));

        Path html = Reporters.writeTest(new TestOutcome(evil, verdict, null), results);
        String page = Files.readString(html);

        assertThat(html.getParent()).isEqualTo(results);
        assertThat(html.getFileName().toString()).isEqualTo("_script_alert_1___script_.html");
        assertThat(page.toLowerCase())
                .doesNotContain("<script")
                .doesNotContain("<img")
                .doesNotContain("<b>")
                .doesNotContain("<i>")
                .doesNotContain("<u>");
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src");

        Reporters.writeIndex(results);
        assertThat(Files.readString(results.resolve("index.html")).toLowerCase())
                .doesNotContain("<script");
        assertThat(Files.readString(results.resolve("summary.md")))
                .doesNotContain("<script")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void keepsAOneHourPageUnderOneMegabyte() throws IOException {
        TestOutcome hour = SampleOutcomes.judged("SttTests.oneHour", 3600);
        assertThat(hour.result().timeSeries()).hasSizeGreaterThan(3600);
        assertThat(hour.result().serverSeries()).hasSizeGreaterThan(3600);

        Path html = Reporters.writeTest(hour, results);

        assertThat(Files.size(html)).isLessThan(1_000_000);
        // Downsampling is for drawing only: the statistics still come from every sample.
        assertThat(Files.readString(html)).contains("<td>service_time</td><td>200000</td>");
    }

    @Test
    void indexListsEveryTestWithItsVerdictAndLinkAndNamesUnreadableFiles() throws IOException {
        Reporters.writeTest(SampleOutcomes.judged("SttTests.steadyLoad", 30), results);
        Reporters.writeTest(
                new TestOutcome(
                        SampleOutcomes.run("TtsTests.burst", 30, 3),
                        new Verdict("TtsTests.burst", VerdictStatus.PASS, true, List.of(), List.of()),
                        null),
                results);
        ResultFiles.writePartial(results, partial(SampleOutcomes.run("SseTests.running", 10, 4)));
        Files.writeString(results.resolve("broken.json"), "{\"result\": {\"testName\": ");
        Files.writeString(results.resolve("other.json"), "{\"hello\": 1}");
        Files.write(results.resolve("old.json"), Json.mapper().writeValueAsBytes(SampleOutcomes.run("Old.run", 10, 4)));

        IndexReport report = Reporters.writeIndex(results);

        assertThat(report.tests()).containsExactly("SseTests.running", "SttTests.steadyLoad", "TtsTests.burst");
        assertThat(report.partialTests()).containsExactly("SseTests.running");
        assertThat(report.unreadable())
                .extracting(u -> u.file().getFileName().toString())
                .containsExactly("broken.json", "old.json", "other.json");
        assertThat(report.unreadable().get(1).reason())
                .contains("old.json: holds a bare run result, the format earlier" + " speechload versions wrote");
        assertThat(report.unreadable().get(2).reason()).contains("other.json", "\"result\"");
        String index = Files.readString(report.indexHtml());
        assertThat(index)
                .contains(
                        "<a href=\"SttTests.steadyLoad.html\">SttTests.steadyLoad</a>",
                        "<a href=\"TtsTests.burst.html\">TtsTests.burst</a>",
                        "SseTests.running <span class=\"muted\">(no page)",
                        "3 tests: 1 FAIL, 1 PASS, 1 NOT JUDGED",
                        "broken.json",
                        "other.json");
        assertThat(SelfContained.externalReferences(index)).isEmpty();
    }

    @Test
    void summaryMarkdownTablesTestsThenFailingAndWarningMetrics() throws IOException {
        Reporters.writeTest(SampleOutcomes.judged("SttTests.steadyLoad", 30), results);
        Reporters.writeTest(
                new TestOutcome(
                        SampleOutcomes.run("TtsTests.burst", 30, 3),
                        new Verdict("TtsTests.burst", VerdictStatus.PASS, true, List.of(), List.of()),
                        null),
                results);

        String md = Files.readString(Reporters.writeIndex(results).summaryMarkdown());

        List<String> lines = Arrays.asList(md.split("\n"));
        assertThat(lines)
                .contains(
                        "**2 tests: 1 FAIL, 1 PASS**",
                        "| Test | Verdict | Health | p99 latency | Throughput | Error ratio | Failing | Warnings |");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("| SttTests.steadyLoad | ❌ FAIL | not measured |")
                        .endsWith("| 1 | 1 |"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("| TtsTests.burst | ✅ PASS |"));
        int failing = md.indexOf("### Failing metrics");
        int warnings = md.indexOf("### Warnings");
        assertThat(failing).isPositive().isLessThan(warnings);
        assertThat(md.substring(failing, warnings))
                .contains(
                        "| SttTests.steadyLoad | latency.service\\_time.p99 | 48 ms | 79 ms | +64.6 % | warn &gt; +20 %, fail &gt; +50 % |");
        assertThat(md.substring(warnings)).contains("| SttTests.steadyLoad | throughput | 420 /s | 333 /s | -20.7 % |");
        assertThat(md).doesNotContain("memory.growth");
    }

    @Test
    void anOpenModelTestShowsItsResponseTimeP99LabelledAndDoesNotBlameAGeneratorThatKeptUp() throws IOException {
        RunResult open = SampleOutcomes.openModelBehindAStall("TtsTests.arrivals");
        Path page = Reporters.writeTest(new TestOutcome(open, null, null), results);
        Reporters.writeTest(SampleOutcomes.judged("SttTests.steadyLoad", 30), results);

        String md = Files.readString(Reporters.writeIndex(results).summaryMarkdown());
        assertThat(md).contains("| 930.6 ms response |");
        assertThat(md).containsPattern("\\| SttTests.steadyLoad .*\\| [0-9.]+ ms service \\|");
        assertThat(Files.readString(results.resolve("index.html"))).contains("930.6 ms response");
        assertThat(Files.readString(page))
                .contains("The generator kept up: its own lag p99 was 3 ms, its CPU 20 % of the machine")
                .contains("is arrivals waiting for a worker busy with the server: the server&#39;s delay, not the"
                        + " generator&#39;s.")
                .doesNotContain("may be the bottleneck");
    }

    @Test
    void aResourceProbeThatFailedIsNamedWithItsFailureInsteadOfSayingTheTargetOfferedNoWay() throws IOException {
        RunResult run = SampleOutcomes.withServer(
                SampleOutcomes.run("TtsTests.uvicorn", 10, 3),
                new ResourceSummary(
                        "metrics:http://127.0.0.1:8000/metrics",
                        null,
                        null,
                        null,
                        new ProbeReads(15, 15, "GET http://127.0.0.1:8000/metrics: expected HTTP 2xx, saw HTTP 400")));

        String html = Files.readString(Reporters.writeTest(new TestOutcome(run, null, null), results));

        assertThat(html)
                .contains("The server's resources could not all be read:</strong> metrics endpoint"
                        + " metrics:http://127.0.0.1:8000/metrics failed 15 of 15 reads; the first: GET"
                        + " http://127.0.0.1:8000/metrics: expected HTTP 2xx, saw HTTP 400.")
                .doesNotContain("The target offered no way to read its resources");
    }

    @Test
    void aCompromisedMeasurementShowsItsHealthFirstAndItsMetricsAsInconclusive() throws IOException {
        RunResult base = SampleOutcomes.run("SttTests.busyMachine", 10, 5);
        Health health = new Health(
                HealthStatus.COMPROMISED,
                "COMPROMISED: other processes used 48 % of the machine's 2 cores (compromised above 20 %)",
                new HealthFigures(0.12, 0.48, 0.71, 0.0, 1.6, 0.01, 2_400_000, 0, 0.02),
                List.of("other processes used 48 % of the machine's 2 cores (compromised above 20 %)"),
                1,
                1);
        RunResult busy = new RunResult(
                base.schemaVersion(),
                base.testName(),
                false,
                base.startedAtEpochMillis(),
                base.finishedAtEpochMillis(),
                base.plan(),
                base.environment(),
                base.target(),
                base.latencies(),
                base.throughput(),
                base.counters(),
                base.errors(),
                base.server(),
                base.generator(),
                base.timeSeries(),
                base.serverSeries(),
                base.generatorSeries(),
                base.histograms(),
                List.of(),
                health,
                List.of());
        MetricVerdict p99 = new MetricVerdict(
                "latency.service_time.p99",
                "ns",
                VerdictStatus.INCONCLUSIVE,
                48e6,
                90e6,
                87.5,
                "warn > +20 %, fail > +50 %",
                "not judged: the measurement was compromised");
        Verdict verdict = new Verdict(busy.testName(), VerdictStatus.INCONCLUSIVE, true, List.of(p99), List.of());

        Path page = Reporters.writeTest(new TestOutcome(busy, verdict, null), results);
        String md = Files.readString(Reporters.writeIndex(results).summaryMarkdown());

        String html = Files.readString(page);
        assertThat(html.indexOf("Measurement health"))
                .as("health block before the metrics")
                .isPositive()
                .isLessThan(html.indexOf("Inconclusive: not judged"))
                .isLessThan(html.indexOf("id=\"comparison\""));
        assertThat(html).contains("COMPROMISED", "other processes used 48 %", "Other processes&#39; CPU");
        assertThat(md)
                .contains(
                        "**1 test: 1 INCONCLUSIVE**",
                        "| SttTests.busyMachine | ❔ INCONCLUSIVE | compromised |",
                        "### Inconclusive metrics (not judged)",
                        "### Measurement health",
                        "- SttTests.busyMachine: COMPROMISED: other processes used 48 %");
        assertThat(Files.readString(results.resolve("index.html"))).contains(">COMPROMISED</span>");
    }

    @Test
    void aRunWhoseTargetDiedSaysSoAtTheTopWithItsFailingVerdict() throws IOException {
        RunResult base = SampleOutcomes.run("TtsTests.crashed", 10, 7);
        TargetFailure died =
                TargetFailure.of("exited with code 137", "log logs/server-4242.log", 137, 0, 1, 12_345, true);
        RunResult crashed = new RunResult(
                base.schemaVersion(),
                base.testName(),
                false,
                base.startedAtEpochMillis(),
                base.finishedAtEpochMillis(),
                base.plan(),
                base.environment(),
                base.target(),
                base.latencies(),
                base.throughput(),
                base.counters(),
                base.errors(),
                base.server(),
                base.generator(),
                base.timeSeries(),
                base.serverSeries(),
                base.generatorSeries(),
                base.histograms(),
                List.of(),
                base.health(),
                List.of(),
                died);
        Verdict verdict = Verdicts.judge(crashed, Optional.empty(), Thresholds.defaults());

        String html = Files.readString(Reporters.writeTest(new TestOutcome(crashed, verdict, null), results));

        assertThat(html)
                .contains("<strong>The target died during the run:</strong> target exited with code 137 at"
                        + " 12.3 s (log logs/server-4242.log). The run ended there");
        assertThat(html.indexOf("The target died during the run"))
                .as("before the metrics")
                .isLessThan(html.indexOf("Failing metrics"));
        assertThat(html).contains("<li><strong>target.alive</strong>: 12.3 s – target exited with code 137 at 12.3 s");
        assertThat(html)
                .contains("<td>Successful iterations</td><td>"
                        + (crashed.throughput().completedIterations()
                                - crashed.errors().failedIterations()) + "</td>");
        assertThat(Reporters.read(results.resolve("TtsTests.crashed.json"))
                        .result()
                        .targetFailure())
                .isEqualTo(died);
    }

    @Test
    void writeAllRendersPagesFromAKilledRunsPartialResult() throws IOException {
        ResultFiles.writePartial(results, partial(SampleOutcomes.run("SseTests.running", 10, 4)));

        IndexReport report = Reporters.writeAll(results);

        assertThat(results.resolve("SseTests.running.html")).isRegularFile();
        assertThat(report.partialTests()).containsExactly("SseTests.running");
        assertThat(Files.readString(report.indexHtml())).contains("<a href=\"SseTests.running.html\">");
        assertThat(Files.readString(results.resolve("SseTests.running.html")))
                .contains("NOT JUDGED", "This result is partial");
    }

    @Test
    void readsAResultWithOrWithoutAVerdictAndNamesTheFileItCannotRead() throws IOException {
        RunResult onlyRun = SampleOutcomes.run("SseTests.merged", 10, 5);
        Path onlyRunFile = ResultFiles.write(results, onlyRun);
        TestOutcome wrapped = SampleOutcomes.judged("SttTests.wrapped", 10);
        Path wrappedFile = results.resolve("wrapped.json");
        Files.write(wrappedFile, Json.mapper().writeValueAsBytes(wrapped));
        Path bad = results.resolve("bad.json");
        Files.writeString(bad, "[1, 2]");
        Path bare = results.resolve("bare.json");
        Files.write(bare, Json.mapper().writeValueAsBytes(onlyRun));

        assertThat(Reporters.read(onlyRunFile)).isEqualTo(new TestOutcome(onlyRun, null, null));
        assertThat(Reporters.read(wrappedFile)).isEqualTo(wrapped);
        assertThatThrownBy(() -> Reporters.read(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(bad + ": not a speechload result");
        assertThatThrownBy(() -> Reporters.read(bare))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(bare + ": holds a bare run result");
    }

    /** {@code r} as the run so far, as a partial result file holds it. */
    static RunResult partial(RunResult r) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode tree = Json.mapper().valueToTree(r);
        tree.put("partial", true);
        return Json.mapper().treeToValue(tree, RunResult.class);
    }

    @Test
    void drawsABenchmarkMatrixAsAShadedTable() throws IOException {
        MatrixResult matrix = new MatrixResult(
                "Throughput",
                "pool size",
                "channels",
                "/s",
                true,
                List.of(1L, 4L),
                List.of(10L, 50L, 100L),
                List.of(List.of(90.0, 300.0, 310.0), Arrays.asList(95.0, 480.0, null)));
        TestOutcome outcome =
                new TestOutcome(SampleOutcomes.run("GrpcBench.matrix", 10, 6), null, null, List.of(matrix));

        Reporters.writeTest(outcome, results);
        String html = Files.readString(results.resolve("GrpcBench.matrix.html"));

        assertThat(html)
                .contains(
                        "<h3>Throughput (/s)</h3>",
                        "<th>pool size ↓ / channels →</th><th>10</th><th>50</th><th>100</th>",
                        "<td style=\"background:#eff6ff\">90</td>",
                        "<td style=\"background:#6baed6\">480</td>",
                        "<td style=\"\">–</td>");
        assertThat(Reporters.read(results.resolve("GrpcBench.matrix.json")).matrices())
                .containsExactly(matrix);
    }

    @Test
    void rejectsAMatrixWhoseCellsDoNotFitItsAxes() {
        assertThatThrownBy(() -> new MatrixResult(
                        "T", "pool", "channels", "/s", true, List.of(1L), List.of(10L, 20L), List.of(List.of(1.0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matrix 'T' row 0 has 1 cells, expected 2 (one per column)");
    }

    @Test
    void notesAHistogramItCannotReadInsteadOfFailing() {
        RunResult base = SampleOutcomes.run("SttTests.corrupt", 10, 8);
        RunResult corrupt = new RunResult(
                base.schemaVersion(),
                base.testName(),
                true,
                base.startedAtEpochMillis(),
                base.finishedAtEpochMillis(),
                base.plan(),
                base.environment(),
                base.target(),
                base.latencies(),
                base.throughput(),
                base.counters(),
                base.errors(),
                base.server(),
                base.generator(),
                base.timeSeries(),
                base.serverSeries(),
                base.generatorSeries(),
                Map.of(RunResult.SERVICE_TIME, "bm90IGEgaGlzdG9ncmFt"),
                List.of(),
                base.health(),
                base.healthSeries());

        String html = Reporters.html(new TestOutcome(corrupt, null, null));

        assertThat(html)
                .contains(
                        "The histogram of service_time in this run could not be read",
                        "This result is partial",
                        "PARTIAL")
                .doesNotContain("id=\"spectrum-service-time\"");
    }

    @Test
    void writesFilesNamedSafelyForAnyTestName() {
        assertThat(Reporters.fileStem("SttTests.steadyLoad")).isEqualTo("SttTests.steadyLoad");
        assertThat(Reporters.fileStem("../../etc/passwd")).isEqualTo("_._.._etc_passwd");
        assertThat(Reporters.fileStem("a b/c")).isEqualTo("a_b_c");
        assertThat(Reporters.fileStem("")).isEqualTo("_");
    }
}
