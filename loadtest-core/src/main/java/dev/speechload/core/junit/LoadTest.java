package dev.speechload.core.junit;

import dev.speechload.core.junit.internal.LoadTestExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a load test: a JUnit {@link Test}, tagged {@code load}, whose {@link LoadContext}
 * parameter runs a scenario under the plan these attributes describe. The attributes hold the
 * <em>full-scale</em> plan; with {@code loadtest.scale=smoke} (the default) it is scaled down as
 * {@link Smoke} says (by 0.1 unless set), so the same test takes seconds in CI and minutes in the
 * load workflow. How runs are judged is said apart, on the method or its class: {@link Regression}
 * (thresholds against the baseline) and {@link Objective} (absolute service-level rules). Every
 * attribute is checked before any target starts; all problems are reported together.
 *
 * <p>Durations are strings: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m30s} or ISO-8601
 * {@code PT2S}; an empty string means "not set".
 *
 * <pre>{@code
 * @LoadTest(channels = 100, rampSteps = 5, rampInterval = "10s", warmup = "5s", duration = "2m")
 * void transcribes(LoadContext load) throws Exception {
 *     RunResult result = load.run(iteration -> client.transcribeOnce(iteration));
 *     assertThat(result.errors().errorRatio()).isLessThan(0.01);
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@Tag("load")
@ExtendWith(LoadTestExtension.class)
public @interface LoadTest {

    /** Closed model: concurrent channels at full ramp. Open model: cap on concurrent iterations. 1..100,000. */
    int channels() default 10;

    /** Channels (or the arrival rate) climb in this many equal steps; 1..channels. */
    int rampSteps() default 1;

    /** Time between ramp steps; above 0 when rampSteps > 1. */
    String rampInterval() default "1s";

    /** Closed model: iterations each channel runs first, excluded from all statistics; >= 0. */
    long warmupIterations() default 0;

    /** Time each channel (open model: the arrivals) runs first, excluded from all statistics. */
    String warmup() default "0s";

    /**
     * Measured time after the warm-up; at least {@code rampSteps x rampInterval}. Excludes
     * {@link #iterations()}; when neither is set, 10s.
     */
    String duration() default "";

    /** Closed model: measured iterations per channel instead of a duration; 0 = bounded by duration. */
    long iterations() default 0;

    /**
     * Open model when > 0: iterations (sessions, requests) arrive at this rate per second at
     * full ramp, whatever the server does; latency counts from each arrival's intended start.
     */
    double arrivalRate() default 0;

    /**
     * Closed model: the interval at which each channel is expected to start iterations. When
     * set, {@code response_time} is recorded beside {@code service_time}, corrected for
     * coordinated omission (HdrHistogram's expected-interval correction).
     */
    String expectedInterval() default "";

    /**
     * How many times the load runs against the same target, with fresh recorders; 1..100. With
     * two or more trials on both sides, p99 and throughput are judged on the trials' spread, not
     * on one number. Smoke scale runs {@link Smoke#trials()} instead.
     */
    int trials() default 1;

    /** Time-series resolution; at least 10ms. Empty = {@code loadtest.sampleInterval} (default 1s). */
    String sampleInterval() default "";

    /**
     * Whether this test runs as an A/B comparison when its class has a reference build
     * ({@link ReferenceTarget} or {@code loadtest.compareWith}); default true. Set it to false for
     * a test that acts on its server itself (sends it SIGTERM, crashes it): it then runs against
     * the candidate alone, is judged against its baseline, and its verdict says why.
     */
    boolean compare() default true;
}
