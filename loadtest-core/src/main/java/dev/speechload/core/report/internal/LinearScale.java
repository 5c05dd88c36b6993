package dev.speechload.core.report.internal;

/**
 * Maps a data interval linearly onto a pixel interval. The pixel interval may be reversed
 * (SVG's y grows downwards). A zero-width domain maps everything to the middle of the range
 * rather than dividing by zero. Immutable and thread-safe.
 *
 * @param domainMin data value at {@code rangeStart}
 * @param domainMax data value at {@code rangeEnd}
 */
public record LinearScale(double domainMin, double domainMax, double rangeStart, double rangeEnd) {

    public LinearScale {
        if (!Double.isFinite(domainMin) || !Double.isFinite(domainMax) || domainMax < domainMin) {
            throw new IllegalArgumentException(
                    "domain must be finite with min <= max, was [" + domainMin + ", " + domainMax + "]");
        }
    }

    /** The pixel position of {@code value}; values outside the domain extrapolate. */
    public double map(double value) {
        double width = domainMax - domainMin;
        if (width == 0) {
            return (rangeStart + rangeEnd) / 2;
        }
        return rangeStart + (value - domainMin) / width * (rangeEnd - rangeStart);
    }
}
