package dev.speechload.core.report;

import java.util.Map;

/**
 * What a report needs of the baseline a run was judged against: when and where it was recorded,
 * its memory levels (drawn as dashed lines) and its histograms (drawn as the baseline's
 * percentile spectrum). Kept apart from the baseline package's own types so reports and
 * baselines can change independently; the caller copies these few fields over.
 *
 * @param timestampEpochMillis when the baseline run happened, epoch milliseconds (0 = unknown)
 * @param gitCommit            commit the baseline came from; null when unknown
 * @param memoryPeakBytes      the baseline's peak RSS in bytes; null when not measured
 * @param memoryBeforeBytes    the baseline's RSS before load in bytes; null when not measured
 * @param histograms           metric name to HdrHistogram compressed, base64 (the encoding of
 *                             {@code RunResult.histograms}); null is read as empty
 */
public record BaselineReference(
        long timestampEpochMillis,
        String gitCommit,
        Long memoryPeakBytes,
        Long memoryBeforeBytes,
        Map<String, String> histograms) {

    public BaselineReference {
        histograms = histograms == null ? Map.of() : Map.copyOf(histograms);
    }
}
