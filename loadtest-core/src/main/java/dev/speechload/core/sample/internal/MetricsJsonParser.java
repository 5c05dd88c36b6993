package dev.speechload.core.sample.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.speechload.core.sample.ResourceReading;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Turns a JSON metrics object into a reading. Pure; immutable; thread-safe.
 *
 * @param memoryFields memory fields in order of preference, each with its unit in bytes
 * @param openFdsField field holding the open descriptor count
 * @param threadsField field holding the thread count
 * @param cpuField     field holding the process's CPU time in seconds since it started
 */
public record MetricsJsonParser(
        List<MemoryField> memoryFields, String openFdsField, String threadsField, String cpuField) {

    /** The CPU time field, named like the Prometheus client libraries' counter. */
    public static final String DEFAULT_CPU_FIELD = "process_cpu_seconds_total";

    /** A parser reading the CPU time from {@link #DEFAULT_CPU_FIELD}. */
    public MetricsJsonParser(List<MemoryField> memoryFields, String openFdsField, String threadsField) {
        this(memoryFields, openFdsField, threadsField, DEFAULT_CPU_FIELD);
    }

    /** A memory field and how many bytes one unit of it is (1, 1024, 1048576). */
    public record MemoryField(String name, long bytesPerUnit) {
        public MemoryField {
            requireName(name, "memory field");
            if (bytesPerUnit <= 0) {
                throw new IllegalArgumentException(
                        "bytesPerUnit of memory field '" + name + "' must be > 0, was " + bytesPerUnit);
            }
        }
    }

    /** memory_rss_bytes (bytes) or else memory_rss_mb (MiB); num_fds; num_threads; process_cpu_seconds_total. */
    public static final MetricsJsonParser DEFAULT = new MetricsJsonParser(
            List.of(new MemoryField("memory_rss_bytes", 1), new MemoryField("memory_rss_mb", 1024L * 1024L)),
            "num_fds",
            "num_threads",
            DEFAULT_CPU_FIELD);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public MetricsJsonParser {
        memoryFields = List.copyOf(memoryFields);
        if (memoryFields.isEmpty()) {
            throw new IllegalArgumentException("at least one memory field is needed");
        }
        requireName(openFdsField, "open fds field");
        requireName(threadsField, "threads field");
        requireName(cpuField, "cpu field");
    }

    static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return name;
    }

    /**
     * Parses one response body.
     *
     * @param source names the text in errors, e.g. the URL
     * @throws IOException when the text is not a JSON object, a field is not a number, or none of
     *                     the fields is there
     */
    public ResourceReading parse(String source, String json) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new IOException(
                    "metrics at " + source + " are not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("metrics at " + source + ": expected a JSON object, saw "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        long memory = -1;
        boolean memoryPresent = false;
        for (MemoryField field : memoryFields) {
            double value = number(source, root, field.name());
            if (!Double.isNaN(value)) {
                memoryPresent = true;
                if (value >= 0) {
                    memory = Math.round(value * field.bytesPerUnit());
                    break;
                }
            }
        }
        double fds = number(source, root, openFdsField);
        double threads = number(source, root, threadsField);
        double cpu = number(source, root, cpuField);
        if (!memoryPresent && Double.isNaN(fds) && Double.isNaN(threads) && Double.isNaN(cpu)) {
            throw new IOException("metrics at " + source + " have none of the fields " + fieldNames()
                    + "; fields there: " + fieldsOf(root));
        }
        return new ResourceReading(
                memory,
                count(fds),
                count(threads),
                PrometheusTextParser.secondsAsNanos(Double.isNaN(cpu) ? null : cpu));
    }

    private List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        memoryFields.forEach(f -> names.add(f.name()));
        names.add(openFdsField);
        names.add(threadsField);
        names.add(cpuField);
        return names;
    }

    private static List<String> fieldsOf(JsonNode root) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = root.fieldNames();
        while (it.hasNext() && names.size() < 30) {
            names.add(it.next());
        }
        return names;
    }

    /** NaN when absent or null; fails when present but not a number. */
    private static double number(String source, JsonNode root, String field) throws IOException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Double.NaN;
        }
        if (!node.isNumber()) {
            throw new IOException("metrics at " + source + ": field '" + field + "' should be a number, was " + node);
        }
        return node.doubleValue();
    }

    private static long count(double value) {
        return Double.isNaN(value) || value < 0 ? -1 : Math.round(value);
    }
}
