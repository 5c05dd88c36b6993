package dev.speechload.core.baseline;

import java.util.Objects;

/**
 * The judgement of one metric of one test.
 *
 * @param metric         stable metric id, e.g. {@code latency.service_time.p99}, {@code throughput},
 *                       {@code memory.growth}, {@code memory.slope}, {@code errors.ratio}
 * @param unit           unit of the two values: "ns", "per_second", "bytes", "bytes_per_second", "ratio"
 * @param baselineValue  null when the baseline lacks this metric
 * @param currentValue   this run's value
 * @param deltaPercent   (current - baseline) / baseline * 100; null without a baseline value or
 *                       when the baseline value is 0
 * @param threshold      the rule applied, in words, e.g. "warn > +20 %, fail > +50 %"
 * @param reason         why this status, in words a person can act on
 * @param count          for latency percentiles, the number of values the figure rests on (the
 *                       smaller of the two sides; per trial, the smallest trial's); null otherwise
 */
public record MetricVerdict(
        String metric,
        String unit,
        VerdictStatus status,
        Double baselineValue,
        double currentValue,
        Double deltaPercent,
        String threshold,
        String reason,
        Long count) {

    public MetricVerdict {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(status, "status");
    }

    /** A verdict of a figure without a count of values (anything but a latency percentile). */
    public MetricVerdict(
            String metric,
            String unit,
            VerdictStatus status,
            Double baselineValue,
            double currentValue,
            Double deltaPercent,
            String threshold,
            String reason) {
        this(metric, unit, status, baselineValue, currentValue, deltaPercent, threshold, reason, null);
    }

    /** This verdict with another status and reason. */
    public MetricVerdict with(VerdictStatus newStatus, String newReason) {
        return new MetricVerdict(
                metric, unit, newStatus, baselineValue, currentValue, deltaPercent, threshold, newReason, count);
    }
}
