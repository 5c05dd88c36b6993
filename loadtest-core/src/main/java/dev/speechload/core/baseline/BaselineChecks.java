package dev.speechload.core.baseline;

import dev.speechload.core.result.TrialFigures;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values of a baseline file that parsed but cannot be figures of a run: a negative latency, a
 * throughput of NaN, an error ratio above 1. Judged against, they give verdicts such as
 * "FAIL (-481689680.0 %)", so the file is refused, naming the field. -1 stays allowed where the
 * toolkit itself writes it for "not measured" (memory and counts the target did not offer).
 */
final class BaselineChecks {

    private BaselineChecks() {}

    /**
     * @throws BaselineException naming {@code file}, the field and what to do
     */
    static void check(Path file, Baseline b) {
        Checker c = new Checker(file);
        if (b.throughput() != null) {
            c.nonNegative("throughput.aggregatePerSecond", b.throughput().aggregatePerSecond());
            c.nonNegative("throughput.perChannelPerSecond", b.throughput().perChannelPerSecond());
            c.nonNegative("throughput.peakActiveChannels", b.throughput().peakActiveChannels());
            c.nonNegative("throughput.completedIterations", b.throughput().completedIterations());
        }
        latencies(c, "latencies", b.latencies());
        if (b.errors() != null) {
            c.nonNegative("errors.failedIterations", b.errors().failedIterations());
            c.ratio("errors.errorRatio", b.errors().errorRatio());
        }
        if (b.memory() != null) {
            c.measuredOrMinusOne("memory.beforeBytes", b.memory().beforeBytes());
            c.measuredOrMinusOne("memory.peakBytes", b.memory().peakBytes());
            c.measuredOrMinusOne("memory.afterBytes", b.memory().afterBytes());
            c.finite("memory.slopeBytesPerSecond", b.memory().slopeBytesPerSecond());
        }
        count(c, "openFds", b.openFds());
        count(c, "threads", b.threads());
        trials(c, "trials", b.trials());
        for (int i = 0; i < b.runs().size(); i++) {
            Baseline.RunFigures run = b.runs().get(i);
            String at = "runs[" + i + "]";
            if (run.throughputPerSecond() != null) {
                c.nonNegative(at + ".throughputPerSecond", run.throughputPerSecond());
            }
            if (run.memoryGrowthBytes() != null) {
                c.finite(at + ".memoryGrowthBytes", run.memoryGrowthBytes());
            }
            latencies(c, at + ".latencies", run.latencies());
            trials(c, at + ".trials", run.trials());
        }
    }

    private static void latencies(Checker c, String at, Map<String, Baseline.Latency> latencies) {
        latencies.forEach((name, l) -> {
            String field = at + "." + name;
            c.nonNegative(field + ".count", l.count());
            c.nonNegative(field + ".p50Nanos", l.p50Nanos());
            if (l.p90Nanos() != null) {
                c.nonNegative(field + ".p90Nanos", l.p90Nanos());
            }
            c.nonNegative(field + ".p95Nanos", l.p95Nanos());
            c.nonNegative(field + ".p99Nanos", l.p99Nanos());
            if (l.p99Nanos() < l.p50Nanos()) {
                c.fail(
                        field,
                        "p99Nanos " + l.p99Nanos() + " is below p50Nanos " + l.p50Nanos()
                                + ": percentiles never decrease");
            }
        });
    }

    private static void trials(Checker c, String at, List<TrialFigures> trials) {
        for (int i = 0; i < trials.size(); i++) {
            TrialFigures t = trials.get(i);
            String field = at + "[" + i + "]";
            c.nonNegative(field + ".throughputPerSecond", t.throughputPerSecond());
            c.ratio(field + ".errorRatio", t.errorRatio());
            for (Map.Entry<String, Long> e : t.latencyP99Nanos().entrySet()) {
                c.nonNegative(field + ".latencyP99Nanos." + e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Long> e : t.latencyP50Nanos().entrySet()) {
                c.nonNegative(field + ".latencyP50Nanos." + e.getKey(), e.getValue());
            }
        }
    }

    private static void count(Checker c, String at, Baseline.Count count) {
        if (count != null) {
            c.measuredOrMinusOne(at + ".before", count.before());
            c.measuredOrMinusOne(at + ".after", count.after());
        }
    }

    /** Refuses the first bad value it meets. */
    private record Checker(Path file) {

        void nonNegative(String field, double value) {
            finite(field, value);
            if (value < 0) {
                fail(field, "is " + text(value) + ": it cannot be negative");
            }
        }

        void measuredOrMinusOne(String field, long value) {
            if (value < -1) {
                fail(field, "is " + value + ": it must be 0 or more (or -1, not measured)");
            }
        }

        void ratio(String field, double value) {
            finite(field, value);
            if (value < 0 || value > 1) {
                fail(field, "is " + text(value) + ": a ratio lies between 0 and 1");
            }
        }

        void finite(String field, double value) {
            if (!Double.isFinite(value)) {
                fail(field, "is " + value + ": not a number a run can measure");
            }
        }

        void fail(String field, String problem) {
            throw new BaselineException(
                    file,
                    field + " " + problem + " — fix the value, or re-record the baseline"
                            + " with the baseline update command",
                    null);
        }

        private static String text(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value)
                    : String.format(Locale.ROOT, "%s", value);
        }
    }
}
