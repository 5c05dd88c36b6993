package dev.speechload.core.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the server under test of a test class, once: a static field of type
 * {@code dev.speechload.core.target.Target}, or a static method returning one that takes no
 * parameter or a {@code dev.speechload.core.config.Settings} (to return the kind that
 * {@code loadtest.target} asks for). The target is started before the class's first
 * {@link LoadTest} runs and stopped when the class ends, even when tests fail.
 *
 * <p>With {@code loadtest.target=external} the declaration is ignored and the tests run against
 * {@code loadtest.external.grpc/http}. A class without a declaration runs its scenarios in the
 * test JVM only (no endpoints). A container target that cannot start because Docker is absent
 * skips the tests instead of failing them.
 */
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LoadTarget {}
