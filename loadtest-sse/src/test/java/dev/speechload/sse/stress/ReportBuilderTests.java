package dev.speechload.sse.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.sse.corpus.Category;
import dev.speechload.sse.corpus.CorpusItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTests {

    private static StressRequest request(int index, CorpusItem item, RequestStatus status, double millis, String code) {
        return new StressRequest(
                index,
                item.category().name(),
                item.truncated(80),
                item.chars(),
                item.words(),
                status,
                millis,
                -1,
                status == RequestStatus.OK ? 200 : -1,
                code,
                code == null ? null : "why",
                0);
    }

    @Test
    void countsStatusesCodesAndCategoriesAndTakesTimesFromOkRequestsOnly() {
        List<CorpusItem> items = List.of(
                new CorpusItem(Category.SHORT, "one two"),
                new CorpusItem(Category.SHORT, "three"),
                new CorpusItem(Category.EMPTY, " "),
                new CorpusItem(Category.LONG, "a much longer text"),
                new CorpusItem(Category.MEDIUM, "four five six"),
                new CorpusItem(Category.MEDIUM, "never sent"));
        StressRequest[] results = {
            request(0, items.get(0), RequestStatus.OK, 30, null),
            request(1, items.get(1), RequestStatus.OK, 10, null),
            request(2, items.get(2), RequestStatus.ERROR, 0.1, "HTTP_400_ERR1001"),
            request(3, items.get(3), RequestStatus.TIMEOUT, 60_000, "TIMEOUT"),
            request(4, items.get(4), RequestStatus.CRASH, 1, "CONNECT"),
            null
        };
        StressReport report = ReportBuilder.build(
                new ReportBuilder.RunFacts("r", "http://127.0.0.1:1", 1, 1, null, -1, -1, "stopped"),
                items,
                results,
                2);

        assertThat(report.totalRequests()).isEqualTo(5);
        assertThat(List.of(report.ok(), report.errors(), report.timeouts(), report.crashRequests()))
                .containsExactly(2, 1, 1, 1);
        assertThat(report.successRatio()).isEqualTo(0.4);
        // Nearest rank over the OK requests (10, 30): the 60 s timeout and the fast refusal are left out.
        assertThat(report.meanMillis()).isEqualTo(20);
        assertThat(report.medianMillis()).isEqualTo(10);
        assertThat(report.p95Millis()).isEqualTo(30);
        assertThat(report.maxMillis()).isEqualTo(30);
        assertThat(report.longestOkChars()).isEqualTo(7);
        // The blank text does not count as the shortest failure.
        assertThat(report.shortestFailedChars()).isEqualTo(13);
        assertThat(report.errorsByCode())
                .containsExactlyInAnyOrderEntriesOf(Map.of("HTTP_400_ERR1001", 1, "TIMEOUT", 1, "CONNECT", 1));
        assertThat(report.byCategory())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "SHORT",
                        new StressReport.CategoryFigures(2, 2),
                        "EMPTY",
                        new StressReport.CategoryFigures(1, 0),
                        "LONG",
                        new StressReport.CategoryFigures(1, 0),
                        "MEDIUM",
                        new StressReport.CategoryFigures(1, 0)));
        assertThat(report.abortedReason()).isEqualTo("stopped");
        assertThat(report.requests()).hasSize(5);
    }

    @Test
    void marksTimesUnknownWhenNothingWorked() {
        StressReport report = ReportBuilder.build(
                new ReportBuilder.RunFacts("r", "t", 1, 0, null, -1, -1, null), List.of(), new StressRequest[0], 2);
        assertThat(List.of(report.meanMillis(), report.medianMillis(), report.p95Millis(), report.maxMillis()))
                .containsOnly(-1.0);
        assertThat(report.successRatio()).isZero();
        assertThat(report.longestOkChars()).isEqualTo(-1);
        assertThat(report.shortestFailedChars()).isEqualTo(-1);
    }
}
