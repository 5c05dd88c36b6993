package dev.speechload.core.report.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Numbers for people: nanoseconds as milliseconds, bytes as MiB, ratios as percentages, about
 * four significant digits. Unknown values (-1 readings, NaN) print as an en dash. Stateless and
 * thread-safe; the output is plain text (escape it where it goes into markup).
 */
public final class Format {

    /** Printed for a value that was not measured. */
    public static final String NONE = "\u2013";

    private static final double MIB = 1024.0 * 1024.0;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {}

    /** About four significant digits, no exponent, no grouping. */
    public static String number(double value) {
        if (!Double.isFinite(value)) {
            return NONE;
        }
        double abs = Math.abs(value);
        int decimals;
        if (abs == 0 || abs >= 1000) {
            decimals = 0;
        } else if (abs >= 100) {
            decimals = 1;
        } else if (abs >= 10) {
            decimals = 2;
        } else if (abs >= 1) {
            decimals = 3;
        } else {
            decimals = Math.min(6, 3 - (int) Math.floor(Math.log10(abs)));
        }
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text.equals("-0") ? "0" : text;
    }

    /** A whole count; negative (unmeasured) as {@link #NONE}. */
    public static String count(long value) {
        return value < 0 ? NONE : Long.toString(value);
    }

    /** Nanoseconds as milliseconds, without the unit. */
    public static String millis(double nanos) {
        return number(nanos / 1e6);
    }

    /** Bytes as MiB, without the unit; negative (unmeasured) as {@link #NONE}. */
    public static String mib(long bytes) {
        return bytes < 0 ? NONE : number(bytes / MIB);
    }

    /** A signed byte difference as MiB ("+1.5", "-0.25"). */
    public static String mibSigned(long bytes) {
        return signed(bytes / MIB);
    }

    /** A rate of bytes per second in KiB/s, with the unit. */
    public static String bytesPerSecond(double bytesPerSecond) {
        if (!Double.isFinite(bytesPerSecond)) {
            return NONE;
        }
        return signed(bytesPerSecond / 1024) + " KiB/s";
    }

    /**
     * A ratio of two values (B/A) with three decimals, "1.118", "0.993": a tenth of a percent is
     * as fine as paired trials resolve, and equal decimals keep a column of ratios comparable.
     */
    public static String ratio(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.3f", ratio) : NONE;
    }

    /** A ratio 0..1 as a percentage with the % sign. */
    public static String percentOfRatio(double ratio) {
        return Double.isFinite(ratio) ? number(ratio * 100) + " %" : NONE;
    }

    /** A percentage delta with its sign and the % sign, e.g. "+12.5 %". */
    public static String deltaPercent(Double percent) {
        return percent == null || !Double.isFinite(percent) ? NONE : signed(percent) + " %";
    }

    /** A value with an explicit + for positives. */
    public static String signed(double value) {
        if (!Double.isFinite(value)) {
            return NONE;
        }
        String text = number(value);
        return value > 0 && !text.equals("0") ? "+" + text : text;
    }

    /** Epoch milliseconds as "2024-01-15 14:30:00 UTC"; 0 or less as {@link #NONE}. */
    public static String time(long epochMillis) {
        return epochMillis <= 0 ? NONE : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** A duration in milliseconds as "1 h 2 min 3 s", "4.5 s" or "250 ms". */
    public static String duration(long millis) {
        if (millis < 0) {
            return NONE;
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return number(millis / 1000.0) + " s";
        }
        long seconds = millis / 1000;
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append(" h ");
        }
        if (h > 0 || m > 0) {
            out.append(m).append(" min ");
        }
        return out.append(s).append(" s").toString();
    }

    /**
     * A value of a {@code MetricVerdict} in the unit it names: "ns" shows as ms, "bytes" as MiB,
     * "bytes_per_second" as KiB/s, "ratio" as %, "per_second" as /s; anything else as the bare
     * number followed by the unit text.
     */
    public static String metricValue(Double value, String unit) {
        if (value == null || !Double.isFinite(value)) {
            return NONE;
        }
        String u = unit == null ? "" : unit;
        return switch (u) {
            case "ns" -> millis(value) + " ms";
            case "bytes" -> number(value / MIB) + " MiB";
            case "bytes_per_second" -> bytesPerSecond(value);
            case "ratio" -> percentOfRatio(value);
            case "per_second" -> number(value) + " /s";
            default -> u.isEmpty() ? number(value) : number(value) + " " + u;
        };
    }
}
