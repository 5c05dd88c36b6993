package dev.speechload.core.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An absolute service-level rule a {@link LoadTest} must meet, as voice teams state their targets
 * ("first audio p95 &lt; 300 ms, memory &lt; 2 GB per worker"): judged on every run, with or without a
 * baseline, and on the candidate (B) of an A/B comparison. A missed objective fails the test with
 * the rule and the measured value, whatever {@link Regression#failTest()} says. Repeatable; on a
 * method, or on a class for all its load tests (and its subclasses'): a method's rule on the same
 * metric and statistic replaces the class's.
 *
 * <p>The rule's syntax ({@link dev.speechload.core.baseline.ObjectiveRule#parse}):
 * <pre>
 *   &lt;latency metric&gt; p50|p90|p95|p99 &lt;|&lt;= &lt;number&gt;us|ms|s   stt.final_latency p95 &lt; 300ms
 *   throughput &gt;|&gt;= &lt;number&gt;/s                             throughput &gt;= 40/s
 *   errors &lt;|&lt;= &lt;number&gt;%                                  errors &lt; 1%
 *   memory.peak|memory.growth &lt;|&lt;= &lt;number&gt;KB|MB|GB         memory.peak &lt; 2GB
 * </pre>
 * Latency and throughput rules are judged with the baseline verdicts' rules: a COMPROMISED run
 * makes them INCONCLUSIVE, and a percentile its count of values cannot support is not judged (the
 * report says so). A malformed rule fails the test before its target starts.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(Objectives.class)
public @interface Objective {

    /** The rule, e.g. {@code "stt.final_latency p95 < 300ms"}. */
    String value();
}
