package dev.speechload.sse.stress;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a TTS stress run, written as {@code results/stress/<name>.json}. Immutable.
 * Response-time figures are over requests with status OK only (refusals such as an empty text
 * answer in microseconds and would hide the synthesis time); -1 when there were none.
 *
 * @param schemaVersion        {@value #SCHEMA_VERSION}
 * @param name                 the run's name
 * @param target               the base URL of the server (the last one, after restarts)
 * @param startedAtEpochMillis wall clock at start (a label; durations come from nanoTime)
 * @param finishedAtEpochMillis wall clock at the end
 * @param totalRequests        corpus requests sent (limit-search probes not included)
 * @param ok                   requests with status OK
 * @param errors               with status ERROR
 * @param timeouts             with status TIMEOUT
 * @param crashRequests        with status CRASH
 * @param crashes              times the server was found down (and restarted, when possible)
 * @param successRatio         ok / totalRequests, 0..1 (0 when nothing was sent)
 * @param meanMillis           mean response time of OK requests
 * @param medianMillis         median (nearest rank) of OK requests
 * @param p95Millis            95th percentile (nearest rank) of OK requests
 * @param maxMillis            slowest OK request
 * @param longestOkChars       longest corpus text that worked, in code points; -1 when none
 * @param shortestFailedChars  shortest non-blank corpus text that failed; -1 when none
 * @param lengthLimit          the bisection result; null when the search was off or aborted
 * @param memoryStartBytes     server RSS before the first request; -1 when unknown
 * @param memoryEndBytes       server RSS after the last request; -1 when unknown
 * @param errorsByCode         failed requests by error code, sorted by code
 * @param byCategory           per category: {requests, ok}
 * @param abortedReason        why the run stopped early (a crash with no way to restart); null when it ran to the end
 * @param requests             every request in order
 */
public record StressReport(
        int schemaVersion,
        String name,
        String target,
        long startedAtEpochMillis,
        long finishedAtEpochMillis,
        int totalRequests,
        int ok,
        int errors,
        int timeouts,
        int crashRequests,
        int crashes,
        double successRatio,
        double meanMillis,
        double medianMillis,
        double p95Millis,
        double maxMillis,
        int longestOkChars,
        int shortestFailedChars,
        LengthLimit lengthLimit,
        long memoryStartBytes,
        long memoryEndBytes,
        Map<String, Integer> errorsByCode,
        Map<String, CategoryFigures> byCategory,
        String abortedReason,
        List<StressRequest> requests) {

    public static final int SCHEMA_VERSION = 1;

    public StressReport {
        Objects.requireNonNull(name, "name");
        errorsByCode = errorsByCode == null ? Map.of() : Map.copyOf(errorsByCode);
        byCategory = byCategory == null ? Map.of() : Map.copyOf(byCategory);
        requests = requests == null ? List.of() : List.copyOf(requests);
        if (ok + errors + timeouts + crashRequests != totalRequests) {
            throw new IllegalArgumentException("ok + errors + timeouts + crashRequests ("
                    + (ok + errors + timeouts + crashRequests) + ") must equal totalRequests (" + totalRequests + ")");
        }
        if (successRatio < 0 || successRatio > 1) {
            throw new IllegalArgumentException("successRatio must be within 0..1, was " + successRatio);
        }
    }

    /** Success rate in percent, 0..100. */
    public double successPercent() {
        return successRatio * 100;
    }

    /**
     * Requests and successes of one category.
     *
     * @param requests &gt;= 0
     * @param ok       0..requests
     */
    public record CategoryFigures(int requests, int ok) {
        public CategoryFigures {
            if (requests < 0 || ok < 0 || ok > requests) {
                throw new IllegalArgumentException("need 0 <= ok <= requests, got ok=" + ok + ", requests=" + requests);
            }
        }
    }
}
