package dev.speechload.core.report.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * "Nice" axis ticks: a step of 1, 2 or 5 times a power of ten, and an axis extended outwards to
 * whole steps, so every tick label is a round number. Immutable and thread-safe.
 *
 * @param min    the axis start, a multiple of {@code step}, {@code <=} the data minimum
 * @param max    the axis end, a multiple of {@code step}, {@code >=} the data maximum
 * @param step   distance between ticks, 1, 2 or 5 x 10^n, > 0
 * @param values the tick positions from {@code min} to {@code max} inclusive
 */
public record Ticks(double min, double max, double step, List<Double> values) {

    public Ticks {
        values = List.copyOf(values);
    }

    /**
     * Ticks covering {@code [dataMin, dataMax]} with at most {@code maxCount} ticks (at least 2).
     * A single value (or none: pass two NaNs) still gets a usable axis: 0..1 around zero, else
     * a band around the value. Non-finite bounds are treated as absent.
     */
    public static Ticks covering(double dataMin, double dataMax, int maxCount) {
        if (maxCount < 2) {
            throw new IllegalArgumentException("maxCount must be >= 2, was " + maxCount);
        }
        double lo = dataMin;
        double hi = dataMax;
        if (!Double.isFinite(lo) && !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        } else if (!Double.isFinite(lo)) {
            lo = hi;
        } else if (!Double.isFinite(hi)) {
            hi = lo;
        }
        if (hi < lo) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        if (hi == lo) {
            if (lo == 0) {
                hi = 1;
            } else {
                double pad = Math.abs(lo) * 0.1;
                // Keep a positive value's axis from dipping below zero: negative counts read as nonsense.
                lo = lo > 0 ? Math.max(0, lo - pad) : lo - pad;
                hi = hi + pad;
            }
        }
        for (int intervals = maxCount - 1; intervals >= 1; intervals--) {
            double step = niceStep((hi - lo) / intervals);
            double start = Math.floor(lo / step + 1e-9) * step;
            double end = Math.ceil(hi / step - 1e-9) * step;
            long count = Math.round((end - start) / step) + 1;
            if (count <= maxCount) {
                List<Double> values = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    values.add(clean(start + i * step, step));
                }
                return new Ticks(clean(start, step), clean(end, step), step, values);
            }
        }
        throw new IllegalStateException("no nice ticks for [" + dataMin + ", " + dataMax + "]");
    }

    /** The smallest 1, 2 or 5 x 10^n that is >= {@code rough}. */
    static double niceStep(double rough) {
        double exponent = Math.floor(Math.log10(rough));
        double power = Math.pow(10, exponent);
        double fraction = rough / power;
        double nice;
        if (fraction <= 1 + 1e-9) {
            nice = 1;
        } else if (fraction <= 2 + 1e-9) {
            nice = 2;
        } else if (fraction <= 5 + 1e-9) {
            nice = 5;
        } else {
            nice = 10;
        }
        return nice * power;
    }

    /** Removes floating-point dust such as 0.30000000000000004 by rounding to the step's decimals. */
    private static double clean(double value, double step) {
        int decimals = decimals(step);
        double scale = Math.pow(10, decimals);
        double rounded = Math.round(value * scale) / scale;
        return rounded == 0 ? 0 : rounded;
    }

    private static int decimals(double step) {
        return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    }

    /**
     * A tick label with just enough decimals for this step; values of 10,000 and more use a
     * k or M suffix ("12.5k").
     */
    public String label(double value) {
        if (Math.abs(value) < step * 1e-6) {
            return "0";
        }
        double biggest = Math.max(Math.abs(min), Math.abs(max));
        if (biggest >= 1e7) {
            return plain(value / 1e6, step / 1e6) + "M";
        }
        if (biggest >= 1e4) {
            return plain(value / 1e3, step / 1e3) + "k";
        }
        return plain(value, step);
    }

    private static String plain(double value, double step) {
        int decimals = decimals(step);
        if (decimals == 0) {
            return Long.toString(Math.round(value));
        }
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    }
}
