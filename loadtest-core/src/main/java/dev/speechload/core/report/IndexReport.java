package dev.speechload.core.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Reporters#writeIndex(Path)} wrote.
 *
 * @param indexHtml       {@code results/index.html}
 * @param summaryMarkdown {@code results/summary.md}
 * @param tests           test names listed, in the order shown
 * @param unreadable      result files that could not be read, each with the reason (also shown
 *                        in both files)
 * @param partialTests    the listed tests whose result is partial (read from
 *                        {@code <test>.partial.json}: the run was stopped before it ended), in the order shown
 */
public record IndexReport(
        Path indexHtml,
        Path summaryMarkdown,
        List<String> tests,
        List<Unreadable> unreadable,
        List<String> partialTests) {

    public IndexReport {
        tests = List.copyOf(tests);
        partialTests = List.copyOf(partialTests);
        unreadable = List.copyOf(unreadable);
    }

    /** A {@code *.json} file in the results directory that is not a readable result. */
    public record Unreadable(Path file, String reason) {}
}
