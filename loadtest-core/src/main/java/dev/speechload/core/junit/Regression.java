package dev.speechload.core.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The regression thresholds a {@link LoadTest} is judged by against its baseline (or its reference
 * build in an A/B comparison), and whether a FAIL verdict fails it. On a method, or on a class for
 * all its load tests (and its subclasses'); each attribute a method sets overrides the class's.
 * What neither sets comes from {@code loadtest.regressionThreshold} (which scales the defaults) and
 * {@code loadtest.failOnRegression}, then from the defaults ({@code docs/baselines.md}). Checked
 * with the plan, before any target starts. Absolute service-level rules are {@link Objective}s.
 *
 * <pre>{@code
 * @LoadTest(channels = 8, duration = "20s")
 * @Regression(p99WarnPercent = 30, p99FailPercent = 100, latencyFloor = "5ms")
 * void transcribes(LoadContext load) { ... }
 * }</pre>
 *
 * <p>Unset values are sentinels ({@code NaN}, "", {@link Toggle#SETTING}) so that a method can
 * leave one to its class.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Regression {

    /** Warn when a latency p99 grew by more than this percentage of its baseline; above 0. */
    double p99WarnPercent() default Double.NaN;

    /** Fail when a latency p99 grew by more than this percentage; above 0, at least {@link #p99WarnPercent()}. */
    double p99FailPercent() default Double.NaN;

    /** Warn when throughput fell by more than this percentage of its baseline; above 0. */
    double throughputWarnPercent() default Double.NaN;

    /** Warn when server memory growth (peak - before) grew by more than this percentage; above 0. */
    double memoryGrowthWarnPercent() default Double.NaN;

    /** Hard limit: fail when the server's RSS grows faster than this under load, MB (2^20 bytes) per second; &gt;= 0. */
    double memorySlopeFailMbPerSecond() default Double.NaN;

    /** Hard limit: fail when more than this percentage of iterations failed; 0..100. */
    double errorRateFailPercent() default Double.NaN;

    /** Latency changes smaller than this are noise, never a regression (default 2ms, see Thresholds.DEFAULT_LATENCY_FLOOR); a duration. */
    String latencyFloor() default "";

    /**
     * Whether a FAIL verdict fails the test: {@link Toggle#SETTING} (the default) follows
     * {@code loadtest.failOnRegression}; ON and OFF override it. WARN never fails. A missed
     * {@link Objective} fails the test whatever this says.
     */
    Toggle failTest() default Toggle.SETTING;

    /** A per-test switch that can also defer to the run's settings. */
    enum Toggle {
        /** Follow the {@code loadtest.*} setting (or the class's value, on a method). */
        SETTING,
        /** On, whatever the setting. */
        ON,
        /** Off, whatever the setting. */
        OFF
    }
}
