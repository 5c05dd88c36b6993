package dev.speechload.core.baseline;

import java.util.Locale;

/** Formats metric values for people, by the unit names of {@link MetricVerdict#unit()}. Not API. */
final class Units {

    static final String NANOS = "ns";
    static final String PER_SECOND = "per_second";
    static final String BYTES = "bytes";
    static final String BYTES_PER_SECOND = "bytes_per_second";
    static final String RATIO = "ratio";
    static final String COUNT = "count";
    static final String SECONDS = "s";

    private Units() {}

    /** "12.35 ms", "0.250 ms", "123.4/s", "12.3 MB", "0.12 MB/s", "1.50 %", "12"; "-" for null. */
    static String format(Double value, String unit) {
        if (value == null) {
            return "-";
        }
        double v = value;
        return switch (unit == null ? "" : unit) {
            case NANOS -> Math.abs(v) >= 1e7 ? f("%.1f ms", v / 1e6) : f("%.3f ms", v / 1e6);
            case PER_SECOND -> f("%.1f/s", v);
            case BYTES -> f("%.1f MB", v / Thresholds.MB);
            case BYTES_PER_SECOND -> f("%.3f MB/s", v / Thresholds.MB);
            case RATIO -> f("%.2f %%", v * 100);
            case COUNT -> f("%.0f", v);
            case SECONDS -> f("%.1f s", v);
            default -> f("%s", v);
        };
    }

    /** "+12.3 %", "-4.0 %", "-" for null. */
    static String percent(Double delta) {
        return delta == null ? "-" : f("%+.1f %%", delta);
    }

    /** A level in percent for rule texts: "20 %", "12.5 %". */
    static String level(double percent) {
        return percent == Math.rint(percent) ? f("%.0f %%", percent) : f("%.1f %%", percent);
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
