package dev.speechload.core.baseline;

import java.util.Arrays;

/**
 * A baseline's own run-to-run noise: with N &gt;= 2 runs of a figure, s is the sample standard
 * deviation of ln(value) across the runs, and one new run of unchanged code is expected within
 * {@code t(0.975, N - 1) * s * sqrt(1 + 1/N)} of the runs' mean on a log scale (a prediction
 * interval for one new observation). Pure. Not API.
 */
final class RunSpread {

    /** t quantiles (97.5 %, two-sided 95 %) for 1..30 degrees of freedom. */
    private static final double[] T975 = {
        Double.NaN,
        12.706,
        4.303,
        3.182,
        2.776,
        2.571,
        2.447,
        2.365,
        2.306,
        2.262,
        2.228,
        2.201,
        2.179,
        2.160,
        2.145,
        2.131,
        2.120,
        2.110,
        2.101,
        2.093,
        2.086,
        2.080,
        2.074,
        2.069,
        2.064,
        2.060,
        2.056,
        2.052,
        2.048,
        2.045,
        2.042
    };

    private RunSpread() {}

    /** The 97.5 % quantile of Student's t with {@code df} degrees of freedom (table to 30, then Cornish-Fisher). */
    static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, was " + df);
        }
        if (df < T975.length) {
            return T975[df];
        }
        double z = 1.959964;
        return z + (z * z * z + z) / (4.0 * df);
    }

    /** Sample standard deviation of ln(values); 0 for fewer than 2 values. Values must be &gt; 0. */
    static double logSd(double[] values) {
        int n = values.length;
        if (n < 2) {
            return 0;
        }
        double mean = Arrays.stream(values).map(Math::log).average().orElse(0);
        double ss = 0;
        for (double v : values) {
            double d = Math.log(v) - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (n - 1));
    }

    /** {@code t(0.975, N-1) * s * sqrt(1 + 1/N)}; 0 for fewer than 2 values. */
    static double predictionHalfWidth(double[] values) {
        int n = values.length;
        if (n < 2) {
            return 0;
        }
        return t975(n - 1) * logSd(values) * Math.sqrt(1 + 1.0 / n);
    }
}
