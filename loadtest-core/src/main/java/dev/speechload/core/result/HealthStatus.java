package dev.speechload.core.result;

/**
 * Whether a measurement can be trusted, from best to worst: could the load generator and the
 * machine do what the plan asked? Timing figures of a {@link #COMPROMISED} trial are never judged
 * as a server regression (neither PASS nor FAIL); see {@code docs/baselines.md}.
 */
public enum HealthStatus {
    /** The generator kept its pacing and the machine was not contended by other work. */
    HEALTHY,
    /** Some pressure: timings are judged, but a timing FAIL is not trusted (INCONCLUSIVE). */
    DEGRADED,
    /** The generator or the machine could not do what the plan asked: timings are not judged. */
    COMPROMISED;

    /** The worse of the two. */
    public HealthStatus worst(HealthStatus other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
