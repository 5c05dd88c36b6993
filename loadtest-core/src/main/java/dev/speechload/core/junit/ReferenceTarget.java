package dev.speechload.core.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the reference build of a test class's server, beside its {@link LoadTarget}: every
 * {@link LoadTest} of the class then runs as an A/B comparison, the reference as A and the
 * {@code @LoadTarget} as B (the candidate), in {@code loadtest.comparePairs} trial pairs in
 * randomized block order, judged on the paired ratios B/A instead of a baseline file. Like
 * {@code @LoadTarget}: a static field of type {@code dev.speechload.core.target.Target}, or a
 * static method returning one that takes no parameter or a {@code Settings}.
 *
 * <p>The setting {@code loadtest.compareWith} (a jar, an image, or a command line) makes a
 * reference from the class's own {@code @LoadTarget} instead and wins over this declaration.
 * With {@code loadtest.updateBaseline=true} the reference is not started and the tests run and
 * record their baselines as usual.
 */
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReferenceTarget {}
