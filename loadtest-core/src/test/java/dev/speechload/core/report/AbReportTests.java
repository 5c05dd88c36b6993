package dev.speechload.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.result.Comparison;
import dev.speechload.core.result.PairedFigure;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of an A/B outcome: its page, its line in the index and summary.md, and its JSON. */
@DisplayName("A/B reports")
class AbReportTests {

    private static final String TEST = "SttTests.abSteadyLoad";
    private static final Pattern CIRCLE_X = Pattern.compile("<circle cx=\"([^\"]+)\"");

    @TempDir
    Path results;

    @Test
    void namesBothBuildsThePairsTheirOrderAndTheSeedNearTheTop() {
        String html = Reporters.html(SampleOutcomes.ab(TEST));

        assertThat(html)
                .contains("<h1>" + TEST + "</h1><span class=\"badge big fail\">FAIL</span>"
                        + "<span class=\"badge none\">A/B</span>");
        String section = between(html, "<h2 id=\"ab\">", "<h3>Paired changes");
        assertThat(section)
                .contains(
                        "<dt>A, reference</dt><dd>" + SampleOutcomes.BUILD_A + "</dd>",
                        "<dt>B, candidate</dt><dd>" + SampleOutcomes.BUILD_B + "</dd>",
                        "<dt>Mode</dt><dd>interleaved: one build at a time, A and B taking turns</dd>",
                        "<dt>Pairs</dt><dd>8</dd>",
                        "<dt>Order</dt><dd>AB BA BA AB BA AB AB BA</dd>",
                        "<dt>Seed</dt><dd>20261205");
        // Health and the failing metric come first, then the A/B evidence, then the verdict's table.
        assertThat(html.indexOf("id=\"health\"")).isLessThan(html.indexOf("Failing metrics"));
        assertThat(html.indexOf("Failing metrics")).isLessThan(html.indexOf("id=\"ab\""));
        assertThat(html.indexOf("id=\"ab\"")).isLessThan(html.indexOf("<h2 id=\"comparison\">A/B verdict</h2>"));
        assertThat(html)
                .contains(
                        "<th>metric</th><th>A (median)</th><th>B (median)</th>",
                        "<dt>Candidate (B)</dt><dd>process: " + SampleOutcomes.BUILD_B,
                        "<dt>Reference (A)</dt><dd>process: " + SampleOutcomes.BUILD_A);
    }

    @Test
    void givesEveryJudgedMetricsPairedChangeWithItsInterval() {
        String html = Reporters.html(SampleOutcomes.ab(TEST));

        String changes = between(html, "<h3>Paired changes (B/A)</h3>", "<h3>Pairs</h3>");
        assertThat(changes)
                .contains(
                        "<td>latency.service_time.p99</td><td>1.118</td><td>1.090 – 1.140</td>"
                                + "<td>+11.77 %</td><td>+9.04 % to +14.01 %</td><td>95.3 %</td><td>7 of 8</td>"
                                + "<td class=\"status\"><span class=\"badge fail\">FAIL</span></td>",
                        "<td>throughput</td><td>0.993</td><td>0.988 – 1.000</td><td>-0.75 %</td>");
    }

    @Test
    void tablesEveryPairWithTheHealthOfBothTrialsAndWhyAPairWasLeftOut() {
        String html = Reporters.html(SampleOutcomes.ab(TEST));

        List<String> rows = rows(between(html, "<table id=\"pairs\">", "</table>"));
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0))
                .startsWith("<tr><td>1</td><td>AB</td>")
                .contains(
                        "<td>84.1 ms</td><td>94.2 ms</td><td>1.120</td><td class=\"text\">kept</td>",
                        "<td>3368 /s</td><td>3334 /s</td><td>0.990</td>");
        for (int pair = 0; pair < rows.size(); pair++) {
            assertThat(rows.get(pair))
                    .as("pair %d", pair + 1)
                    .startsWith("<tr><td>" + (pair + 1) + "</td><td>" + SampleOutcomes.AB_ORDER.get(pair) + "</td>");
            assertThat(count(rows.get(pair), "<span class=\"badge "))
                    .as("health of A and B in pair %d", pair + 1)
                    .isEqualTo(2);
        }
        assertThat(rows.get(SampleOutcomes.DEGRADED_PAIR))
                .contains("<span class=\"badge pass\">HEALTHY</span></td>"
                        + "<td class=\"status\"><span class=\"badge warn\">DEGRADED</span>");
        String leftOut = rows.get(SampleOutcomes.LEFT_OUT_PAIR);
        assertThat(leftOut)
                .contains(
                        "<span class=\"badge fail\">COMPROMISED</span></td><td class=\"status\">"
                                + "<span class=\"badge pass\">HEALTHY</span>",
                        "<td class=\"muted\">97.9 ms</td>",
                        "<td class=\"text muted\">left out: A&#39;s trial was COMPROMISED (no per-trial health figures to compare the pair by)</td>");
        assertThat(count(leftOut, "left out: A&#39;s trial was COMPROMISED"))
                .as("one per judged metric")
                .isEqualTo(2);
    }

    @Test
    void drawsEveryPairsRatioAsADotWithTheLeftOutPairHollowAndTheIntervalAsABand() {
        String html = Reporters.html(SampleOutcomes.ab(TEST));

        String chart = chart(html, "ratio-latency-service-time-p99");
        List<Double> kept = circleXs(group(chart, "<g class=\"dots\""));
        List<Double> leftOut = circleXs(group(chart, "<g class=\"dots open\""));
        assertThat(kept).as("pairs kept").hasSize(7).isSorted();
        assertThat(leftOut).as("pairs left out").hasSize(1);
        // Pair 5 sits between pairs 4 and 6: the 4th and 5th dots of the kept ones.
        assertThat(leftOut.get(0)).isBetween(kept.get(3), kept.get(4));
        assertThat(chart)
                .contains(
                        ">pairs kept</text>",
                        ">pairs left out</text>",
                        ">no change</text>",
                        ">estimate 1.118</text>",
                        ">95.3 % interval 1.090 – 1.140</text>",
                        "fill-opacity=\"0.18\"",
                        "Higher is worse here");
        assertThat(chart(html, "ratio-throughput")).contains(">estimate 0.993</text>", "Higher is better here");
    }

    @Test
    void overlaysTheLatencySpectraOfBothBuildsInTheAbSectionOnly() {
        String html = Reporters.html(SampleOutcomes.ab(TEST));

        String section = between(html, "<h2 id=\"ab\">", "<h2 id=\"comparison\">");
        for (String id : List.of("spectrum-service-time", "spectrum-time-to-first-event")) {
            assertThat(count(html, "id=\"" + id + "\"")).as(id).isEqualTo(1);
            String chart = chart(section, id);
            assertThat(count(chart, "<path "))
                    .as("the spectra of A and B in %s", id)
                    .isEqualTo(2);
            assertThat(chart)
                    .contains(
                            ">B (candidate)</text>",
                            ">A (reference)</text>",
                            "stroke=\"#d9730d\" stroke-width=\"1.6\" stroke-linejoin=\"round\" stroke-dasharray",
                            "The solid line is B, the dashed line A.");
        }
    }

    @Test
    void drawsTheThroughputOfBothBuildsSideBySideWithTheirMedians() {
        String html = Reporters.html(SampleOutcomes.ab(TEST));

        String chart = chart(html, "ab-throughput");
        assertThat(chart)
                .contains(
                        ">A (reference)</text>",
                        ">B (candidate)</text>",
                        ">pair left out</text>",
                        ">A median 3360 /s</text>",
                        ">B median 3344 /s</text>");
        List<String> bars = new ArrayList<>();
        Matcher group = Pattern.compile("<g fill=\"[^\"]+\" fill-opacity=\"0.75\">(.*?)</g>")
                .matcher(chart);
        while (group.find()) {
            bars.add(group.group(1));
        }
        assertThat(bars)
                .extracting(b -> count(b, "<rect "))
                .as("bars of A, of B, of the pair left out")
                .containsExactly(7, 7, 2);
    }

    @Test
    void namesAWhereABaselinePageNamesTheBaseline() {
        String html = Reporters.html(SampleOutcomes.ab(TEST));

        assertThat(html.toLowerCase()).doesNotContain("baseline");
        assertThat(chart(html, "memory"))
                .contains(">A (reference) peak</text>", "the dashed orange line is A&#39;s peak");
        assertThat(chart(html, "time-to-first-event"))
                .contains(">A (reference)</text>", "The dashed step line is A in the same bins.");
        assertThat(html)
                .contains(
                        "<h2 id=\"summary\">Summary of B (candidate)</h2>",
                        "<h3>Trials of B (candidate)</h3>",
                        "<h2 id=\"charts\">Charts of B (candidate)</h2>");
        assertThat(Reporters.html(SampleOutcomes.judged("SttTests.steadyLoad", 30)))
                .doesNotContain("id=\"ab\"")
                .doesNotContain("A/B");
    }

    @Test
    void loadsNothingFromOutsideTheFileAndRunsNoScript() {
        String html = Reporters.html(SampleOutcomes.ab(TEST));

        assertThat(SelfContained.externalReferences(html)).isEmpty();
        assertThat(html.toLowerCase())
                .doesNotContain("<script")
                .doesNotContain("@import")
                .doesNotContain("<link");
    }

    @Test
    void showsScriptNamedBuildsAndMetricsAsText() throws IOException {
        String evil = "<script>alert(1)</script>";
        TestOutcome sample = SampleOutcomes.ab(TEST);
        Comparison c = sample.comparison();
        PairedFigure p99 = c.figures().get(0);
        PairedFigure renamed = new PairedFigure(
                evil,
                p99.unit(),
                true,
                p99.reference(),
                p99.candidate(),
                p99.kept(),
                p99.estimate(),
                p99.lower(),
                p99.upper(),
                p99.confidence());
        TestOutcome outcome = TestOutcome.comparison(
                sample.result(),
                sample.verdict(),
                new Comparison(c.mode(), c.seed(), c.order(), withTarget(c.reference(), evil), List.of(renamed)));

        String page = Files.readString(Reporters.writeTest(outcome, results));
        String md = Files.readString(Reporters.writeIndex(results).summaryMarkdown());

        assertThat(page.toLowerCase()).doesNotContain("<script");
        assertThat(page).contains("<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>");
        assertThat(Files.readString(results.resolve("index.html")).toLowerCase())
                .doesNotContain("<script");
        assertThat(md).doesNotContain("<script").contains("A/B vs &lt;script&gt;alert(1)&lt;/script&gt; in 8 pairs");
    }

    @Test
    void indexMarksTheAbTestWithWhatItComparedWithAndItsVerdict() throws IOException {
        Reporters.writeTest(SampleOutcomes.ab(TEST), results);
        Reporters.writeTest(SampleOutcomes.judged("SttTests.steadyLoad", 30), results);

        String index = Files.readString(Reporters.writeIndex(results).indexHtml());

        assertThat(index)
                .contains("<a href=\"" + TEST + ".html\">" + TEST + "</a>"
                        + " <span class=\"badge none\">A/B</span> <span class=\"muted\">vs " + SampleOutcomes.BUILD_A
                        + "</span></td>"
                        + "<td class=\"status\"><span class=\"badge fail\">FAIL</span>");
        assertThat(index).contains("<a href=\"SttTests.steadyLoad.html\">SttTests.steadyLoad</a></td>");
        assertThat(SelfContained.externalReferences(index)).isEmpty();
    }

    @Test
    void summaryGivesOneLinePerAbTestWithEveryPairedChangeAndItsInterval() throws IOException {
        Reporters.writeTest(SampleOutcomes.ab(TEST), results);
        Reporters.writeTest(SampleOutcomes.judged("SttTests.steadyLoad", 30), results);

        String md = Files.readString(Reporters.writeIndex(results).summaryMarkdown());

        List<String> lines = Arrays.asList(md.split("\n"));
        assertThat(lines)
                .contains(
                        "### A/B comparisons (change of B against A)",
                        "- SttTests.abSteadyLoad, A/B vs java -jar speech-server-1.3.0.jar --port 0 in 8 pairs: ❌ FAIL."
                                + " latency.service\\_time.p99 **+11.77 %** (+9.04 % to +14.01 %, 95.3 % interval,"
                                + " 7 of 8 pairs);"
                                + " throughput **-0.75 %** (-1.25 % to 0 %, 95.3 % interval, 7 of 8 pairs)",
                        "| Test | Metric | Baseline or A | Current or B | Delta | Threshold | Reason |");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("| SttTests.abSteadyLoad (A/B) | ❌ FAIL | degraded |"));
        assertThat(lines)
                .anySatisfy(
                        l -> assertThat(l)
                                .startsWith(
                                        "| SttTests.abSteadyLoad (A/B) | latency.service\\_time.p99 | 84.7 ms | 94.4 ms | +11.77 % |"));
        assertThat(lines).filteredOn(l -> l.contains("A/B vs")).hasSize(1);
    }

    @Test
    void readsBackTheComparisonItWrote() throws IOException {
        TestOutcome outcome = SampleOutcomes.ab(TEST);

        Reporters.writeTest(outcome, results);
        TestOutcome read = Reporters.read(results.resolve(TEST + ".json"));

        assertThat(read.comparison()).isEqualTo(outcome.comparison());
        assertThat(read).isEqualTo(outcome);
    }

    @Test
    void showsAMetricTooFewPairsWereKeptForWithoutAnEstimateAndReadsBackItsMissingValue() throws IOException {
        TestOutcome sample = SampleOutcomes.ab(TEST);
        RunResult a = sample.comparison().reference();
        PairedFigure unjudged = new PairedFigure(
                "latency.service_time.p99",
                "ns",
                true,
                List.of(80e6, Double.NaN),
                List.of(90e6, 91e6),
                List.of(true, false),
                null,
                null,
                null,
                0);
        Comparison twoPairs = new Comparison(Comparison.INTERLEAVED, 7, List.of("BA", "AB"), a, List.of(unjudged));
        Verdict verdict = new Verdict(
                TEST,
                VerdictStatus.INCONCLUSIVE,
                false,
                List.of(new MetricVerdict(
                        "latency.service_time.p99",
                        "ns",
                        VerdictStatus.INCONCLUSIVE,
                        80e6,
                        90e6,
                        null,
                        "",
                        "not judged: 1 of 2 pairs kept")),
                List.of());
        TestOutcome outcome = TestOutcome.comparison(sample.result(), verdict, twoPairs);

        Path page = Reporters.writeTest(outcome, results);
        String html = Files.readString(page);
        String md = Files.readString(Reporters.writeIndex(results).summaryMarkdown());

        String chart = chart(html, "ratio-latency-service-time-p99");
        assertThat(chart)
                .doesNotContain(">estimate")
                .doesNotContain("fill-opacity=\"0.18\"")
                .doesNotContain("NaN")
                .doesNotContain("class=\"dots open\"")
                .contains("Too few pairs were kept to estimate the ratio", ">1</text>", ">2</text>");
        assertThat(rows(between(html, "<table id=\"pairs\">", "</table>")).get(1))
                .contains("<td class=\"muted\">–</td><td class=\"muted\">91 ms</td>", "left out: A lacks it");
        assertThat(md).contains("latency.service\\_time.p99 not estimated (1 of 2 pairs kept)");
        assertThat(Reporters.read(results.resolve(TEST + ".json")).comparison()).isEqualTo(twoPairs);
    }

    private static RunResult withTarget(RunResult r, String description) {
        return new RunResult(
                r.schemaVersion(),
                r.testName(),
                r.partial(),
                r.startedAtEpochMillis(),
                r.finishedAtEpochMillis(),
                r.plan(),
                r.environment(),
                new TargetInfo("process", description, -1, null),
                r.latencies(),
                r.throughput(),
                r.counters(),
                r.errors(),
                r.server(),
                r.generator(),
                r.timeSeries(),
                r.serverSeries(),
                r.generatorSeries(),
                r.histograms(),
                r.trials(),
                r.health(),
                r.healthSeries());
    }

    /** The text from the first {@code from} up to the next {@code to}. */
    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("'%s' on the page", from).isNotNegative();
        int end = text.indexOf(to, start);
        assertThat(end).as("'%s' after '%s'", to, from).isPositive();
        return text.substring(start, end);
    }

    /** The chart box of the given id. */
    private static String chart(String html, String id) {
        return between(html, "<section class=\"chart-box\" id=\"" + id + "\">", "</section>");
    }

    private static String group(String svg, String opening) {
        return between(svg, opening, "</g>");
    }

    private static List<String> rows(String table) {
        String body = between(table, "<tbody>", "</tbody>");
        return Arrays.stream(body.split("\n")).filter(l -> l.startsWith("<tr>")).toList();
    }

    private static List<Double> circleXs(String markup) {
        List<Double> xs = new ArrayList<>();
        Matcher circle = CIRCLE_X.matcher(markup);
        while (circle.find()) {
            xs.add(Double.parseDouble(circle.group(1)));
        }
        return xs;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }
}
