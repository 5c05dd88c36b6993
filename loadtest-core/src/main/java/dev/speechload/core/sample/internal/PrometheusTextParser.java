package dev.speechload.core.sample.internal;

import dev.speechload.core.sample.ResourceReading;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns Prometheus text exposition (0.0.4, or OpenMetrics text) into a reading. Every sample
 * line is checked for shape, so a page that is not Prometheus text fails early with its line
 * number instead of reading as "nothing there". Pure; immutable; thread-safe.
 *
 * @param memoryMetric  resident memory in bytes
 * @param openFdsMetric open descriptor count
 * @param threadsMetrics thread count: the first of these that is present
 * @param cpuMetric     the process's CPU time in seconds (a counter)
 */
public record PrometheusTextParser(
        String memoryMetric, String openFdsMetric, List<String> threadsMetrics, String cpuMetric) {

    /** The CPU time counter every Prometheus client library exports. */
    public static final String DEFAULT_CPU_METRIC = "process_cpu_seconds_total";

    public static final PrometheusTextParser DEFAULT = new PrometheusTextParser(
            "process_resident_memory_bytes",
            "process_open_fds",
            List.of("process_threads", "jvm_threads_live_threads", "jvm_threads_current"),
            DEFAULT_CPU_METRIC);

    /** A parser reading the CPU time from {@link #DEFAULT_CPU_METRIC}. */
    public PrometheusTextParser(String memoryMetric, String openFdsMetric, List<String> threadsMetrics) {
        this(memoryMetric, openFdsMetric, threadsMetrics, DEFAULT_CPU_METRIC);
    }

    public PrometheusTextParser {
        MetricsJsonParser.requireName(memoryMetric, "memory metric");
        MetricsJsonParser.requireName(openFdsMetric, "open fds metric");
        MetricsJsonParser.requireName(cpuMetric, "cpu metric");
        threadsMetrics = List.copyOf(threadsMetrics);
        if (threadsMetrics.isEmpty()) {
            throw new IllegalArgumentException("at least one threads metric is needed");
        }
        threadsMetrics.forEach(n -> MetricsJsonParser.requireName(n, "threads metric"));
    }

    /**
     * Parses one page.
     *
     * @param source names the text in errors, e.g. the URL
     * @throws IOException when a line is not a comment, blank or {@code name[{labels}] value [timestamp]},
     *                     or when none of the metrics is there
     */
    public ResourceReading parse(String source, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        Map<String, Double> sums = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Sample sample = sample(source, i + 1, line);
            if (isWanted(sample.name)) {
                sums.merge(sample.name, sample.value, Double::sum);
            }
        }
        Double memory = sums.get(memoryMetric);
        Double fds = sums.get(openFdsMetric);
        Double threads = null;
        for (String name : threadsMetrics) {
            threads = sums.get(name);
            if (threads != null) {
                break;
            }
        }
        Double cpu = sums.get(cpuMetric);
        if (memory == null && fds == null && threads == null && cpu == null) {
            throw new IOException("Prometheus metrics at " + source + " have none of " + memoryMetric + ", "
                    + openFdsMetric + ", " + threadsMetrics + ", " + cpuMetric);
        }
        return new ResourceReading(value(memory), value(fds), value(threads), secondsAsNanos(cpu));
    }

    static long secondsAsNanos(Double seconds) {
        return seconds == null || seconds.isNaN() || seconds.isInfinite() || seconds < 0
                ? -1
                : Math.round(seconds * 1e9);
    }

    private boolean isWanted(String name) {
        return name.equals(memoryMetric)
                || name.equals(openFdsMetric)
                || threadsMetrics.contains(name)
                || name.equals(cpuMetric);
    }

    private static long value(Double v) {
        return v == null || v.isNaN() || v.isInfinite() || v < 0 ? -1 : Math.round(v);
    }

    private record Sample(String name, double value) {}

    private static Sample sample(String source, int lineNumber, String line) throws IOException {
        int pos = 0;
        int length = line.length();
        if (!isNameStart(line.charAt(0))) {
            throw malformed(source, lineNumber, line);
        }
        while (pos < length && isNamePart(line.charAt(pos))) {
            pos++;
        }
        String name = line.substring(0, pos);
        if (pos < length && line.charAt(pos) == '{') {
            pos = skipLabels(source, lineNumber, line, pos + 1);
        }
        String rest = line.substring(pos).strip();
        if (pos < length && !Character.isWhitespace(line.charAt(pos)) || rest.isEmpty()) {
            throw malformed(source, lineNumber, line);
        }
        String[] parts = rest.split("\\s+");
        if (parts.length > 2) {
            throw malformed(source, lineNumber, line);
        }
        double value;
        try {
            value = parseValue(parts[0]);
            if (parts.length == 2) {
                Double.parseDouble(parts[1]); // timestamp: checked, not used
            }
        } catch (NumberFormatException e) {
            throw malformed(source, lineNumber, line);
        }
        return new Sample(name, value);
    }

    /** Returns the index after the closing brace; label values may hold escaped quotes and braces. */
    private static int skipLabels(String source, int lineNumber, String line, int pos) throws IOException {
        boolean quoted = false;
        for (int i = pos; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '}') {
                return i + 1;
            }
        }
        throw malformed(source, lineNumber, line);
    }

    private static double parseValue(String token) {
        switch (token) {
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                return Double.parseDouble(token);
        }
    }

    private static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || c >= '0' && c <= '9';
    }

    private static IOException malformed(String source, int lineNumber, String line) {
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        return new IOException("Prometheus metrics at " + source + " line " + lineNumber
                + ": expected 'name[{labels}] value [timestamp]', saw '" + shown + "'");
    }
}
