package dev.speechload.core.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a {@link LoadTest}'s full-scale plan shrinks at {@code loadtest.scale=smoke} (the default),
 * so the same test takes seconds in CI and minutes in the load workflow. On a method, or on a
 * class for all its load tests (and its subclasses'); each attribute a method sets overrides the
 * class's, the others come from the class, then from the defaults below. Checked with the plan,
 * before any target starts.
 *
 * <pre>{@code
 * @Smoke(factor = 1)                       // every test of the class runs its full plan in CI
 * class QuickTests {
 *     @LoadTest(channels = 100, duration = "2m")
 *     @Smoke(channels = 4, duration = "8s")   // this one: 4 channels for 8 s
 *     void soak(LoadContext load) { ... }
 * }
 * }</pre>
 *
 * <p>Unset values are sentinels ({@code NaN}, 0, "") so that a method can leave one to its class.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Smoke {

    /**
     * Channels, durations, iterations and the arrival rate are multiplied by this factor (rounded,
     * at least 1 channel, 1 iteration, 1 s); above 0, at most 1. Unset (NaN): 0.1.
     */
    double factor() default Double.NaN;

    /** Channels instead of {@code channels x factor}; 1..{@link LoadTest#channels()}. Unset (0): use the factor. */
    int channels() default 0;

    /** Measured duration instead of {@code duration x factor}; at most the plan's. Unset (""): use the factor. */
    String duration() default "";

    /** Iterations per channel instead of {@code iterations x factor}; 1..{@link LoadTest#iterations()}. Unset (0): use the factor. */
    long iterations() default 0;

    /** How many trials run; 1..{@link LoadTest#trials()}. Unset (0): 1. */
    int trials() default 0;
}
