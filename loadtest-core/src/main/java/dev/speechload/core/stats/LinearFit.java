package dev.speechload.core.stats;

/**
 * A least-squares line {@code y = intercept + slope * x} and how well it fits. Used for memory
 * growth: x in seconds, y in bytes, so {@code slope} is bytes per second. Immutable.
 *
 * @param slope     change of y per unit of x
 * @param intercept y at x = 0
 * @param rSquared  coefficient of determination, 0..1: the share of y's variance the line
 *                  explains. 1 when every y is equal (the line fits exactly), 0 when fewer than
 *                  two distinct x values exist (no line can be fitted; slope is then 0)
 * @param points    how many points were fitted
 */
record LinearFit(double slope, double intercept, double rSquared, int points) {

    /**
     * Fits {@code y} against {@code x}.
     *
     * @throws IllegalArgumentException when the arrays differ in length or hold non-finite values
     */
    public static LinearFit of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "x and y must have the same length, were " + x.length + " and " + y.length);
        }
        int n = x.length;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("point " + i + " is not finite: (" + x[i] + ", " + y[i] + ")");
            }
            meanX += x[i];
            meanY += y[i];
        }
        if (n == 0) {
            return new LinearFit(0, 0, 0, 0);
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - meanX;
            double dy = y[i] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (sxx == 0) {
            return new LinearFit(0, meanY, 0, n);
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanX;
        if (syy == 0) {
            return new LinearFit(slope, intercept, 1, n);
        }
        // For a least-squares line, R² = explained / total = sxy² / (sxx * syy).
        double r2 = Math.min(1, Math.max(0, sxy * sxy / (sxx * syy)));
        return new LinearFit(slope, intercept, r2, n);
    }
}
