package dev.speechload.core.junit.internal;

import dev.speechload.core.engine.RunProgress;
import dev.speechload.core.result.IntervalSample;
import java.util.Locale;

/**
 * Formats the one-line live view of a running load test, e.g.
 * {@code LoadTests.stream  step 2/5  channels 40/100  1,234 it/s  p99 12.3 ms  errors 3  12s/60s}.
 * Pure function; not API.
 */
public final class ProgressLine {

    private ProgressLine() {}

    /** The line for {@code progress}; no line breaks. */
    public static String format(String testName, RunProgress progress) {
        return format(testName, progress, null);
    }

    /**
     * The line for {@code progress}, ending with {@code scaleNote} in brackets when there is one,
     * so a smoke-sized run never passes for the declared plan.
     */
    public static String format(String testName, RunProgress progress, String scaleNote) {
        IntervalSample s = progress.sample();
        StringBuilder out = new StringBuilder(testName);
        if (progress.trials() > 1) {
            out.append("  trial ").append(progress.trial() + 1).append('/').append(progress.trials());
        }
        if (s.warmup()) {
            out.append("  warm-up");
        }
        out.append("  step ").append(s.rampStep()).append('/').append(progress.rampSteps());
        out.append("  channels ").append(s.activeChannels()).append('/').append(progress.channels());
        out.append("  ")
                .append(String.format(Locale.ROOT, "%,.0f", s.throughputPerSecond()))
                .append(" it/s");
        out.append("  p99 ").append(s.completed() == 0 ? "-" : millis(s.p99Nanos()));
        out.append("  errors ").append(s.errors());
        out.append("  ").append(seconds(progress.elapsedMillis()));
        if (progress.plannedMillis() > 0) {
            out.append('/').append(seconds(progress.plannedMillis()));
        }
        if (scaleNote != null) {
            out.append("  [").append(scaleNote).append(']');
        }
        return out.toString();
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10
                ? String.format(Locale.ROOT, "%.2f ms", ms)
                : ms < 1000
                        ? String.format(Locale.ROOT, "%.1f ms", ms)
                        : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    static String seconds(long millis) {
        return (millis + 500) / 1000 + "s";
    }
}
