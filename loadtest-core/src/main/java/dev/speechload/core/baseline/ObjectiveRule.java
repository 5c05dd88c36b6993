package dev.speechload.core.baseline;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An absolute service-level rule ("stt.final_latency p95 &lt; 300ms", "errors &lt; 1%"), parsed and
 * checked: what the JUnit {@code @Objective} annotation holds. Judged by {@link ObjectiveVerdicts}.
 * Immutable.
 *
 * <p>Syntax, one rule per text, units required:
 * <pre>
 *   &lt;latency metric&gt; p50|p90|p95|p99 &lt;|&lt;= &lt;number&gt;us|ms|s     latency percentiles
 *   throughput &gt;|&gt;= &lt;number&gt;/s                               successful iterations per second
 *   errors &lt;|&lt;= &lt;number&gt;%                                    failed iterations in percent
 *   memory.peak|memory.growth &lt;|&lt;= &lt;number&gt;KB|MB|GB           server RSS (peak, or peak - before); 1 MB = 2^20 bytes
 * </pre>
 * The percentiles are the ones the baseline verdicts judge, whose sample-size rule is known
 * ({@code OrderStatistics.minimumCount}).
 *
 * @param text   the rule as written, trimmed
 * @param kind   what it measures
 * @param metric the latency metric's name; for the other kinds, their keyword
 * @param statistic the percentile ("p95") of a latency rule; null for the other kinds
 * @param upper  true when the measured value must stay below the limit ({@code <}, {@code <=}),
 *               false when it must stay above it ({@code >}, {@code >=})
 * @param inclusive true for {@code <=} and {@code >=}
 * @param limit  in the unit of {@link MetricVerdict#unit()} for the kind: ns, per second, a ratio 0..1, bytes
 */
public record ObjectiveRule(
        String text, Kind kind, String metric, String statistic, boolean upper, boolean inclusive, double limit) {

    /** The prefix of an objective's line in a {@link Verdict} ("objective errors &lt; 1%"). */
    public static final String LINE_PREFIX = "objective ";

    /** What an objective measures. */
    public enum Kind {
        /** A latency metric's percentile. */
        LATENCY,
        /** Successful iterations per second. */
        THROUGHPUT,
        /** Failed iterations / all iterations. */
        ERRORS,
        /** The server's peak RSS. */
        MEMORY_PEAK,
        /** The server's RSS growth, peak - before. */
        MEMORY_GROWTH
    }

    private static final Pattern RULE = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_.\\-]*)\\s+(?:(p[0-9.]+)\\s+)?(<=|>=|<|>)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z%/]*)");
    private static final Map<String, Kind> KEYWORDS = Map.of(
            "throughput",
            Kind.THROUGHPUT,
            "errors",
            Kind.ERRORS,
            "memory.peak",
            Kind.MEMORY_PEAK,
            "memory.growth",
            Kind.MEMORY_GROWTH);
    private static final Map<String, Double> TIME_UNITS = Map.of("us", 1e3, "ms", 1e6, "s", 1e9);
    private static final Map<String, Double> SIZE_UNITS =
            Map.of("KB", 1024.0, "MB", (double) Thresholds.MB, "GB", 1024.0 * Thresholds.MB);
    static final String SYNTAX = "<latency metric> p50|p90|p95|p99 < <number>us|ms|s, throughput > <number>/s,"
            + " errors < <number>%, or memory.peak|memory.growth < <number>KB|MB|GB";

    public ObjectiveRule {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(metric, "metric");
    }

    /**
     * Parses one rule.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected, e.g.
     *         {@code 'latency' needs a unit: us, ms or s, was '300'}
     */
    public static ObjectiveRule parse(String text) {
        String rule = text == null ? "" : text.trim();
        Matcher m = RULE.matcher(rule);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rule: expected " + SYNTAX);
        }
        String metric = m.group(1);
        String statistic = m.group(2);
        String op = m.group(3);
        double number = Double.parseDouble(m.group(4));
        String unit = m.group(5);
        boolean upper = op.startsWith("<");
        boolean inclusive = op.endsWith("=");
        Kind kind = KEYWORDS.getOrDefault(metric, Kind.LATENCY);
        if (kind != Kind.LATENCY && statistic != null) {
            throw new IllegalArgumentException("'" + metric + "' takes no percentile, was '" + statistic
                    + "': write e.g. '" + example(kind) + "'");
        }
        if (kind == Kind.LATENCY && statistic == null) {
            throw new IllegalArgumentException("unknown metric '" + metric + "': a latency metric needs a percentile"
                    + " (p50, p90, p95 or p99) as in 'stt.final_latency p95 < 300ms'; other metrics are throughput,"
                    + " errors, memory.peak and memory.growth");
        }
        if (kind == Kind.LATENCY && Percentile.of(statistic) == null) {
            throw new IllegalArgumentException(
                    "percentile '" + statistic + "' is not judged: use p50, p90, p95 or p99");
        }
        if (upper == (kind == Kind.THROUGHPUT)) {
            throw new IllegalArgumentException("'" + metric + "' is a " + (upper ? "floor" : "ceiling") + ": use "
                    + (upper ? "> or >=" : "< or <=") + ", was " + op);
        }
        double limit = switch (kind) {
            case LATENCY -> number * factor(unit, TIME_UNITS, "a latency", "us, ms or s");
            case THROUGHPUT -> number * factor(unit, Map.of("/s", 1.0), "throughput", "/s (per second)");
            case ERRORS -> number / 100 * factor(unit, Map.of("%", 1.0), "errors", "% (of iterations)");
            case MEMORY_PEAK, MEMORY_GROWTH -> number * factor(unit, SIZE_UNITS, "memory", "KB, MB or GB");
        };
        if (kind == Kind.ERRORS && limit > 1) {
            throw new IllegalArgumentException("'errors' must be at most 100%, was " + m.group(4) + unit);
        }
        return new ObjectiveRule(rule, kind, metric, statistic, upper, inclusive, limit);
    }

    private static double factor(String unit, Map<String, Double> units, String what, String expected) {
        Double f = units.get(unit);
        if (f == null) {
            throw new IllegalArgumentException(
                    unit.isEmpty()
                            ? what + " needs a unit: " + expected
                            : "'" + unit + "' is not a unit of " + what + ": use " + expected);
        }
        return f;
    }

    private static String example(Kind kind) {
        return switch (kind) {
            case THROUGHPUT -> "throughput > 40/s";
            case ERRORS -> "errors < 1%";
            default -> "memory.peak < 2GB";
        };
    }

    /** Two rules on the same metric and statistic: a method's replaces its class's. */
    public String subject() {
        return statistic == null ? metric : metric + " " + statistic;
    }

    /** Whether {@code value} meets the rule. */
    public boolean met(double value) {
        if (upper) {
            return inclusive ? value <= limit : value < limit;
        }
        return inclusive ? value >= limit : value > limit;
    }

    /** The comparison as written: "<", "<=", ">", ">=". */
    public String operator() {
        return (upper ? "<" : ">") + (inclusive ? "=" : "");
    }

    /** The line id in a verdict: {@code objective stt.final_latency p95 < 300ms}. */
    public String lineId() {
        return LINE_PREFIX + text;
    }
}
