package dev.speechload.core.report.internal;

/**
 * Fast, locale-free formatting of SVG coordinates: one decimal, no exponent, no trailing ".0".
 * {@code String.format} costs microseconds per call, and a chart writes thousands of numbers.
 * Stateless and thread-safe.
 */
public final class Num {

    private Num() {}

    /** Appends {@code value} rounded to 0.1; non-finite values are written as 0. */
    public static StringBuilder coord(StringBuilder out, double value) {
        if (!Double.isFinite(value)) {
            return out.append('0');
        }
        long tenths = Math.round(value * 10);
        if (tenths < 0) {
            out.append('-');
            tenths = -tenths;
        }
        out.append(tenths / 10);
        long fraction = tenths % 10;
        if (fraction != 0) {
            out.append('.').append(fraction);
        }
        return out;
    }

    /** {@link #coord(StringBuilder, double)} as a string. */
    public static String coord(double value) {
        return coord(new StringBuilder(8), value).toString();
    }
}
