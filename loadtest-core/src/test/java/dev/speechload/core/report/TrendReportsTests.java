package dev.speechload.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.history.Histories;
import dev.speechload.core.history.History;
import dev.speechload.core.history.HistoryFixtures;
import dev.speechload.core.result.HealthStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trend pages, read as HTML and opened in headless Chromium where it is installed. */
@DisplayName("trend pages")
class TrendReportsTests {

    private static final String TEST = "Checkout.run";

    @TempDir
    Path dir;

    Path results;
    History history;

    @BeforeEach
    void historyWithAShift() throws Exception {
        results = Files.createDirectories(dir.resolve("results"));
        history = Histories.open("jdbc:h2:file:" + dir.resolve("history"));
        long[] wobble = {0, 200_000, -100_000, 100_000, -200_000};
        for (int n = 0; n < 16; n++) {
            long p99 = (n < 8 ? 10_000_000L : 13_000_000L) + wobble[n % wobble.length];
            history.append(HistoryFixtures.run(TEST, n, p99, HealthStatus.HEALTHY), null, "main");
        }
        history.append(HistoryFixtures.run(TEST, 16, 90_000_000L, HealthStatus.COMPROMISED), null, "main");
        history.append(HistoryFixtures.run("<b>Odd</b>.name", 1, 5_000_000L, HealthStatus.HEALTHY), null, null);
        new BaselineStore(dir.resolve("baselines"))
                .write(Baseline.from(HistoryFixtures.run(TEST, 0, 10_000_000L, HealthStatus.HEALTHY)));
    }

    private List<Path> write() throws Exception {
        return TrendReports.write(history, results, dir.resolve("baselines"), "https://git.example/repo/commit/");
    }

    @Test
    void writesAnOverviewLinkingEveryTestsPage() throws Exception {
        List<Path> written = write();

        assertThat(written)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("trends.html", "trends-_b_Odd__b_.name.html", "trends-Checkout.run.html");
        String overview = Files.readString(results.resolve("trends.html"));
        assertThat(overview)
                .contains(
                        "<h1>speechload trends</h1>",
                        "18 runs of 2 tests",
                        "<a href=\"trends-Checkout.run.html\">Checkout.run</a>",
                        "&lt;b&gt;Odd&lt;/b&gt;.name")
                .doesNotContain("<b>Odd");
        assertThat(SelfContained.externalReferences(overview)).isEmpty();
    }

    @Test
    void drawsEachWatchedFigureWithItsChangePointLinkedToItsCommitAndTheBaseline() throws Exception {
        write();
        String page = Files.readString(results.resolve("trends-Checkout.run.html"));

        // Nothing is loaded from outside; the only outside addresses are the links to commits, followed on a click.
        assertThat(SelfContained.externalReferences(page))
                .as("external references")
                .allMatch(r -> r.equals("href=\"https://git.example/repo/commit/c8\""));
        assertThat(page.toLowerCase()).doesNotContain("<script");
        List<String> sections = sections(page);
        assertThat(sections)
                .extracting(s -> s.substring(0, s.indexOf('"')))
                .containsExactlyInAnyOrder(
                        "latency-service-time-p50",
                        "latency-service-time-p99",
                        "throughput",
                        "errors-ratio",
                        "memory-growth");
        String p99 = sections.stream()
                .filter(s -> s.startsWith("latency-service-time-p99"))
                .findFirst()
                .orElseThrow();
        assertThat(p99)
                .contains(
                        "<h2>latency.service_time.p99 (ms)</h2>",
                        "<svg",
                        "COMPROMISED (not used)",
                        "<li><a href=\"https://git.example/repo/commit/c8\">c8</a>: +29.7 % (10.0 ms → 13.0 ms) from run 9,"
                                + " confidence 99.5 %</li>");
        // The baseline's p99 (10 ms) as a dashed grey line, and the change point as a marker labelled with its commit.
        assertThat(p99).contains("stroke=\"#6b6b6b\" stroke-dasharray=\"7 5\"").containsPattern(">c8</text>");
        String throughput = sections.stream()
                .filter(s -> s.startsWith("throughput"))
                .findFirst()
                .orElseThrow();
        assertThat(throughput).contains("<p class=\"muted\">No change points.</p>");
    }

    @Test
    void namesCommitsWithoutLinksWhenNoCommitUrlIsKnown() throws Exception {
        TrendReports.write(history, results, dir.resolve("baselines"), null);
        assertThat(Files.readString(results.resolve("trends-Checkout.run.html")))
                .contains("<li><code>c8</code>: +29.7 %");
        assertThat(TrendReports.commitUrl(
                        Map.of("GITHUB_SERVER_URL", "https://github.com", "GITHUB_REPOSITORY", "o/r")))
                .isEqualTo("https://github.com/o/r/commit/");
        assertThat(TrendReports.commitUrl(Map.of())).isNull();
    }

    @Test
    void rendersInHeadlessChromiumWithoutConsoleMessages() throws Exception {
        Path chromium = Path.of(System.getProperty("loadtest.chromium", "/usr/bin/chromium"));
        assumeTrue(
                Files.isExecutable(chromium),
                "no Chromium at " + chromium + " (install Debian's chromium package"
                        + " or set -Dloadtest.chromium=<path>): browser check of the trend pages skipped");
        write();
        Path out = dir.resolve("dom.html");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--host-resolver-rules=MAP * ~NOTFOUND",
                        "--enable-logging=stderr",
                        "--v=0",
                        "--user-data-dir=" + dir.resolve("profile"),
                        "--dump-dom",
                        results.resolve("trends-Checkout.run.html").toUri().toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish within 120 s:\n" + Files.readString(err));
        }
        String dom = Files.readString(out);

        assertThat(Files.readString(err).lines().filter(l -> l.contains(":CONSOLE")))
                .as("console messages")
                .isEmpty();
        assertThat(dom)
                .contains(
                        "<h1>Checkout.run trends</h1>",
                        "id=\"latency-service-time-p99\"",
                        "href=\"https://git.example/repo/commit/c8\"");
        assertThat(countOf(dom, "<svg")).isEqualTo(5);
    }

    /** Each {@code <section class="trend" id="...">}'s text from its id on. */
    private static List<String> sections(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<section class=\"trend\" id=\"(.*?)</section>", Pattern.DOTALL)
                .matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int countOf(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
