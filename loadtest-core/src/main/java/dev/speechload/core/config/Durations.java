package dev.speechload.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the duration strings of annotations and settings: one or more
 * {@code <number><unit>} parts with units {@code ms}, {@code s}, {@code m}, {@code h}
 * ({@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m30s}), or ISO-8601 ({@code PT2S}).
 * Stateless and thread-safe.
 */
public final class Durations {

    /** Shown after a rejected value so users know what to write instead. */
    public static final String EXPECTED = "a duration such as 500ms, 2s, 1m30s or PT2S";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {}

    /**
     * Parses {@code text}; never negative.
     *
     * @throws IllegalArgumentException when the text is not a duration, naming what is expected
     */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
                if (!d.isNegative()) {
                    d.toNanos();
                    return d;
                }
            } catch (ArithmeticException e) {
                throw new TooLong(text);
            } catch (DateTimeParseException e) {
                // falls through to the common error below
            }
            throw invalid(text);
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        long nanos = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double value = Double.parseDouble(m.group(1));
            long unitNanos = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            double partNanos = value * unitNanos;
            // Math.round saturates at Long.MAX_VALUE: a value past it would pass as 292 years.
            if (partNanos >= Long.MAX_VALUE - nanos) {
                throw new TooLong(text);
            }
            nanos += Math.round(partNanos);
            at = m.end();
        }
        if (at == 0 || at != s.length()) {
            throw invalid(text);
        }
        return Duration.ofNanos(nanos);
    }

    /** Short human form: {@code 0s}, {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 1m30s}, {@code 2h}. */
    public static String format(Duration d) {
        long millis = d.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis % 1000 == 0 ? millis / 1000 + "s" : trim(millis / 1000.0) + "s";
        }
        StringBuilder out = new StringBuilder();
        long h = millis / 3_600_000;
        long m = millis % 3_600_000 / 60_000;
        double s = millis % 60_000 / 1000.0;
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (s > 0) {
            out.append(trim(s)).append('s');
        }
        return out.toString();
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** A well-formed duration too long to count in nanoseconds (about 292 years). */
    public static final class TooLong extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TooLong(String text) {
            super("'" + text + "' is too long: durations are counted in nanoseconds, at most about 292 years");
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not " + EXPECTED);
    }
}
