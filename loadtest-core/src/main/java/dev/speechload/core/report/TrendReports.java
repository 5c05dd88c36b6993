package dev.speechload.core.report;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.history.ChangePoint;
import dev.speechload.core.history.ChangePoints;
import dev.speechload.core.history.History;
import dev.speechload.core.history.HistoryRun;
import dev.speechload.core.history.TrendPoint;
import dev.speechload.core.io.internal.AtomicFiles;
import dev.speechload.core.io.internal.FileNames;
import dev.speechload.core.report.internal.TrendPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the trend pages from the run history: {@code trends.html} and {@code trends-<test>.html} per test,
 * self-contained like the other pages (inline SVG, no scripts). Stateless.
 */
public final class TrendReports {

    private TrendReports() {}

    /** The page of one test's trends, relative to the results directory. */
    public static String fileName(String testName) {
        return "trends-" + FileNames.stem(testName) + ".html";
    }

    /**
     * Writes every page (atomically, each file whole or not at all).
     *
     * @param baselinesDir where each test's baseline is read, to draw its values; a missing or broken one is left out
     * @param commitUrl    prefix of commit links (see {@link #commitUrl(Map)}), or null for commits without links
     * @return the files written, {@code trends.html} first
     * @throws IOException when a page cannot be written
     * @throws dev.speechload.core.history.HistoryException when the history cannot be read
     */
    public static List<Path> write(History history, Path resultsDir, Path baselinesDir, String commitUrl)
            throws IOException {
        List<Path> written = new ArrayList<>();
        List<TrendPage.TestRow> rows = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        int total = 0;
        BaselineStore baselines = new BaselineStore(baselinesDir);
        for (String test : history.tests()) {
            List<TrendPage.Figure> figures = new ArrayList<>();
            int changes = 0;
            int runs = 0;
            for (String metric : history.metrics(test)) {
                if (!ChangePoints.watched(metric)) {
                    continue;
                }
                List<TrendPoint> points = history.trend(test, metric);
                List<ChangePoint> found = ChangePoints.find(test, metric, points);
                figures.add(new TrendPage.Figure(metric, points, found));
                changes += found.size();
                runs = Math.max(runs, points.size());
            }
            List<HistoryRun> latest = history.runs(test, 1);
            runs = Math.max(runs, latest.size());
            total += runs;
            String latestText = latest.isEmpty()
                    ? "-"
                    : Instant.ofEpochMilli(latest.get(0).startedAtEpochMillis())
                                    .toString()
                                    .substring(0, 16)
                                    .replace('T', ' ')
                            + (latest.get(0).verdict() == null
                                    ? ""
                                    : " " + latest.get(0).verdict());
            rows.add(new TrendPage.TestRow(
                    test, fileName(test), runs, latestText, changes == 0 ? "none" : String.valueOf(changes)));
            pages.add(
                    TrendPage.test(test, history.describe(), runs, figures, safeBaseline(baselines, test), commitUrl));
        }
        Path overview = resultsDir.resolve("trends.html");
        AtomicFiles.write(
                overview, TrendPage.overview(history.describe(), total, rows).getBytes(StandardCharsets.UTF_8));
        written.add(overview);
        for (int i = 0; i < rows.size(); i++) {
            Path page = resultsDir.resolve(rows.get(i).href());
            AtomicFiles.write(page, pages.get(i).getBytes(StandardCharsets.UTF_8));
            written.add(page);
        }
        return written;
    }

    private static Optional<Baseline> safeBaseline(BaselineStore store, String test) {
        try {
            return store.find(test);
        } catch (RuntimeException e) {
            return Optional.empty(); // the verdict pages name a broken baseline; a trend just omits it
        }
    }

    /**
     * The commit link prefix CI gives: {@code $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/commit/} on GitHub Actions,
     * {@code $CI_PROJECT_URL/-/commit/} on GitLab; {@code LOADTEST_COMMIT_URL} before either; null when
     * none is set.
     */
    public static String commitUrl(Map<String, String> env) {
        String own = env.get("LOADTEST_COMMIT_URL");
        if (own != null && !own.isBlank()) {
            return own.trim();
        }
        String server = env.get("GITHUB_SERVER_URL");
        String repo = env.get("GITHUB_REPOSITORY");
        if (server != null && repo != null && !server.isBlank() && !repo.isBlank()) {
            return server + "/" + repo + "/commit/";
        }
        String gitlab = env.get("CI_PROJECT_URL");
        return gitlab == null || gitlab.isBlank() ? null : gitlab + "/-/commit/";
    }
}
