package dev.speechload.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.speechload.core.baseline.BaselineException;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.io.internal.AtomicFiles;
import dev.speechload.core.io.internal.FileNames;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.report.internal.IndexPage;
import dev.speechload.core.report.internal.SummaryMarkdown;
import dev.speechload.core.report.internal.Templates;
import dev.speechload.core.report.internal.TestPage;
import dev.speechload.core.result.Comparison;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes reports into a results directory:
 * <ul>
 *   <li>{@code <test>.json}: the {@link TestOutcome} (result, verdict, baseline reference), the one
 *       result file format ({@link ResultFiles}); it replaces the run's {@code <test>.partial.json}</li>
 *   <li>{@code <test>.html}: one self-contained page with tables and inline SVG charts; it loads
 *       nothing from outside the file and runs no script</li>
 *   <li>{@code index.html}: every result in the directory with its verdict and a link; written once
 *       per JUnit run, at its end, or by {@code speechload report}</li>
 *   <li>{@code summary.md}: GitHub-flavoured markdown for {@code $GITHUB_STEP_SUMMARY}</li>
 * </ul>
 * {@code <test>} is {@link #fileStem(String)} of the test name. Every file is written atomically
 * ({@link AtomicFiles}), so a reader never sees half a report.
 *
 * <p>Thread-safe: methods keep no state. Two threads writing the same test's files at once
 * leave one complete version of each file.
 */
public final class Reporters {

    private static final Logger LOG = LoggerFactory.getLogger(Reporters.class);

    private Reporters() {}

    /**
     * Writes {@code <test>.json} (the test's final result; its partial file is removed) and
     * {@code <test>.html} for one test, creating {@code resultsDir} if needed. The index is not
     * touched: {@link #writeIndex} writes it once, when every test is done.
     *
     * @return the HTML file written
     * @throws IOException when a file cannot be written
     */
    public static Path writeTest(TestOutcome outcome, Path resultsDir) throws IOException {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(resultsDir, "resultsDir");
        String stem = fileStem(outcome.result().testName());
        ResultFiles.writeFinal(resultsDir, outcome.result().testName(), outcome);
        Path html = resultsDir.resolve(stem + ".html");
        AtomicFiles.write(html, html(outcome).getBytes(StandardCharsets.UTF_8));
        return html;
    }

    /**
     * Reads every result file in {@code resultsDir} ({@link ResultFiles#list}: a test's partial file
     * when it has no final one, shown as partial) and writes {@code index.html} and
     * {@code summary.md}. Files that are not readable results (old bare results among them) are
     * skipped, logged and named in both outputs; they never stop the index.
     *
     * @throws IOException when the directory cannot be listed or an output cannot be written
     */
    public static IndexReport writeIndex(Path resultsDir) throws IOException {
        return index(resultsDir, false);
    }

    /**
     * Like {@link #writeIndex(Path)}, but first (re)writes {@code <test>.html} from every readable
     * {@code <test>.json}: for a results directory that holds only JSON, such as one downloaded
     * from CI, or after a run was killed before its page was written.
     */
    public static IndexReport writeAll(Path resultsDir) throws IOException {
        return index(resultsDir, true);
    }

    /**
     * Reads one result file, final or partial (through {@link ResultFiles}, the one reader of result
     * files).
     *
     * @throws IllegalArgumentException naming the file and the problem when it is missing,
     *                                  unreadable, not a readable result or in the old bare format
     */
    public static TestOutcome read(Path jsonFile) {
        ResultFiles.Document document;
        try {
            document = ResultFiles.readDocument(jsonFile);
        } catch (BaselineException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Extras extras;
        try {
            extras = Json.mapper().treeToValue(document.extras(), Extras.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(jsonFile + ": not a speechload report: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            // Record constructors reject impossible values (a matrix whose cells do not fit its axes).
            throw new IllegalArgumentException(jsonFile + ": holds an invalid speechload report: " + e.getMessage(), e);
        }
        return new TestOutcome(
                document.result(),
                extras.verdict(),
                extras.baseline(),
                extras.matrices(),
                extras.comparison(),
                extras.baselineProblem());
    }

    /** What a report file holds beside the run; all absent in a partial or merged result. */
    private record Extras(
            Verdict verdict,
            BaselineReference baseline,
            List<MatrixResult> matrices,
            Comparison comparison,
            BaselineProblem baselineProblem) {}

    /** The HTML page of one test, as written by {@link #writeTest}. */
    public static String html(TestOutcome outcome) {
        return Templates.render("test.html.mustache", TestPage.of(outcome, System.currentTimeMillis()));
    }

    /**
     * The file name stem of a test's files: the name with every character other than letters,
     * digits, '.', '_' and '-' replaced by '_' (so no name can escape the directory), at most 200
     * characters. {@code "SttTests.steadyLoad"} stays as it is.
     */
    public static String fileStem(String testName) {
        return FileNames.stem(testName);
    }

    private static IndexReport index(Path resultsDir, boolean renderPages) throws IOException {
        Objects.requireNonNull(resultsDir, "resultsDir");
        Files.createDirectories(resultsDir);
        List<Path> files;
        try {
            files = ResultFiles.list(resultsDir);
        } catch (BaselineException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<IndexPage.Row> rows = new ArrayList<>();
        List<IndexPage.Problem> problems = new ArrayList<>();
        List<IndexReport.Unreadable> unreadable = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            TestOutcome outcome;
            try {
                outcome = read(file);
            } catch (IllegalArgumentException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.warn("Skipping {} in the results index: {}", file, reason);
                problems.add(new IndexPage.Problem(name, reason));
                unreadable.add(new IndexReport.Unreadable(file, reason));
                continue;
            }
            Path page = resultsDir.resolve(ResultFiles.stemOf(file) + ".html");
            if (renderPages) {
                AtomicFiles.write(page, html(outcome).getBytes(StandardCharsets.UTF_8));
            }
            rows.add(IndexPage.row(
                    outcome, Files.isRegularFile(page) ? page.getFileName().toString() : null));
        }
        rows.sort(Comparator.comparing(IndexPage.Row::testName));
        IndexPage model = new IndexPage(
                rows,
                problems,
                IndexPage.totals(rows),
                dev.speechload.core.report.internal.Format.time(System.currentTimeMillis()));
        Path indexHtml = resultsDir.resolve("index.html");
        AtomicFiles.write(
                indexHtml, Templates.render("index.html.mustache", model).getBytes(StandardCharsets.UTF_8));
        Path summary = resultsDir.resolve("summary.md");
        AtomicFiles.write(summary, SummaryMarkdown.render(model).getBytes(StandardCharsets.UTF_8));
        return new IndexReport(
                indexHtml,
                summary,
                rows.stream().map(IndexPage.Row::testName).toList(),
                unreadable,
                rows.stream()
                        .filter(IndexPage.Row::partial)
                        .map(IndexPage.Row::testName)
                        .toList());
    }
}
