package dev.speechload.core.result;

/**
 * A driver's or test's own counter (events, bytes, responses) over the measured phase.
 *
 * @param unit a short unit label such as "events", "bytes", "responses"
 */
public record CounterSummary(long total, double perSecond, String unit) {
    public CounterSummary {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, was " + total);
        }
    }
}
