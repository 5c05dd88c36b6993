package dev.speechload.sse.stress;

import dev.speechload.sse.corpus.CorpusItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the requests of a stress run into its {@link StressReport}: counts by status, code and
 * category, response-time figures over OK requests (nearest rank), the longest text that worked
 * and the shortest non-blank one that failed. A pure function of its inputs. Not API.
 */
final class ReportBuilder {

    private ReportBuilder() {}

    /** What a run produced besides its requests. */
    record RunFacts(
            String name,
            String target,
            long startedAtEpochMillis,
            int crashes,
            LengthLimit lengthLimit,
            long memoryStartBytes,
            long memoryEndBytes,
            String abortedReason) {}

    /**
     * @param items    the corpus ({@code results[i]} is the request of {@code items.get(i)})
     * @param results  one entry per item; null for items never sent
     */
    static StressReport build(
            RunFacts facts, List<CorpusItem> items, StressRequest[] results, long finishedAtEpochMillis) {
        List<StressRequest> done = new ArrayList<>();
        for (StressRequest r : results) {
            if (r != null) {
                done.add(r);
            }
        }
        int[] byStatus = new int[RequestStatus.values().length];
        int longestOk = -1;
        int shortestFail = -1;
        List<Double> okMillis = new ArrayList<>();
        Map<String, Integer> byCode = new TreeMap<>();
        Map<String, int[]> byCategory = new TreeMap<>();
        for (StressRequest r : done) {
            byStatus[r.status().ordinal()]++;
            int[] category = byCategory.computeIfAbsent(String.valueOf(r.category()), k -> new int[2]);
            category[0]++;
            if (r.status() == RequestStatus.OK) {
                category[1]++;
                okMillis.add(r.responseMillis());
                longestOk = Math.max(longestOk, r.chars());
            } else {
                byCode.merge(r.errorCode() == null ? r.status().name() : r.errorCode(), 1, Integer::sum);
                if (!items.get(r.index()).text().isBlank() && (shortestFail < 0 || r.chars() < shortestFail)) {
                    shortestFail = r.chars();
                }
            }
        }
        okMillis.sort(null);
        Map<String, StressReport.CategoryFigures> categories = new TreeMap<>();
        byCategory.forEach((k, v) -> categories.put(k, new StressReport.CategoryFigures(v[0], v[1])));
        double mean =
                okMillis.stream().mapToDouble(Double::doubleValue).average().orElse(-1);
        int ok = byStatus[RequestStatus.OK.ordinal()];
        return new StressReport(
                StressReport.SCHEMA_VERSION,
                facts.name(),
                facts.target(),
                facts.startedAtEpochMillis(),
                finishedAtEpochMillis,
                done.size(),
                ok,
                byStatus[RequestStatus.ERROR.ordinal()],
                byStatus[RequestStatus.TIMEOUT.ordinal()],
                byStatus[RequestStatus.CRASH.ordinal()],
                facts.crashes(),
                done.isEmpty() ? 0 : (double) ok / done.size(),
                round(mean),
                round(rank(okMillis, 0.50)),
                round(rank(okMillis, 0.95)),
                round(rank(okMillis, 1.0)),
                longestOk,
                shortestFail,
                facts.lengthLimit(),
                facts.memoryStartBytes(),
                facts.memoryEndBytes(),
                byCode,
                categories,
                facts.abortedReason(),
                done);
    }

    /** Nearest-rank percentile of sorted values, {@code quantile} in 0..1; -1 when empty. */
    static double rank(List<Double> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Milliseconds to the microsecond; negative markers (-1) unchanged. */
    private static double round(double millis) {
        return millis < 0 ? millis : Math.round(millis * 1000) / 1000.0;
    }
}
