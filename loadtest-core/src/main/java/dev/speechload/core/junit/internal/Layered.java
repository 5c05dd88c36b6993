package dev.speechload.core.junit.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.SearchOption;

/**
 * One annotation type as a test method sees it, per attribute: the method's value when it sets
 * one (differs from the attribute's default, which is a "not set" sentinel), else its class's
 * (found through superclasses, {@code @Inherited}, and enclosing classes of {@code @Nested} ones),
 * else the default. Like JUnit's {@code @Timeout}, so a class can set what most of its tests share.
 * Each value knows where it came from, so an error names the annotation that holds it. Immutable.
 */
final class Layered<A extends Annotation> {

    private final Class<A> type;
    private final A onMethod;
    private final A onClass;
    private final String methodPrefix;
    private final String classPrefix;

    private Layered(Class<A> type, A onMethod, A onClass, String methodPrefix, String classPrefix) {
        this.type = type;
        this.onMethod = onMethod;
        this.onClass = onClass;
        this.methodPrefix = methodPrefix;
        this.classPrefix = classPrefix;
    }

    static <A extends Annotation> Layered<A> of(Class<A> type, Class<?> testClass, Method method) {
        A onMethod = AnnotationSupport.findAnnotation(method, type).orElse(null);
        Optional<A> onClass = AnnotationSupport.findAnnotation(testClass, type, SearchOption.INCLUDE_ENCLOSING_CLASSES);
        String name = "@" + type.getSimpleName() + " on [";
        return new Layered<>(
                type,
                onMethod,
                onClass.orElse(null),
                name + testClass.getSimpleName() + "#" + method.getName() + "]: ",
                name + (onClass.isPresent() ? holder(type, testClass) : testClass).getSimpleName() + "]: ");
    }

    /** The class that holds the annotation: the test class, a superclass or an enclosing class. */
    private static Class<?> holder(Class<? extends Annotation> type, Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Class<?> s = c; s != null; s = s.getSuperclass()) {
                if (s.getDeclaredAnnotation(type) != null) {
                    return s;
                }
            }
        }
        return testClass;
    }

    /** The attribute's value: the method's, else the class's, else the default. */
    @SuppressWarnings("unchecked")
    <T> T value(String attribute) {
        A from = source(attribute);
        return (T) (from == null ? element(attribute).getDefaultValue() : read(from, attribute));
    }

    /** Whether the method or its class sets the attribute. */
    boolean isSet(String attribute) {
        return source(attribute) != null;
    }

    /** "@Smoke on [Class#method]: " or, for a value set on the class only, "@Smoke on [Class]: ". */
    String where(String attribute) {
        A from = source(attribute);
        return from != null && from == onClass && from != onMethod ? classPrefix : methodPrefix;
    }

    private A source(String attribute) {
        if (sets(onMethod, attribute)) {
            return onMethod;
        }
        return sets(onClass, attribute) ? onClass : null;
    }

    private boolean sets(A annotation, String attribute) {
        return annotation != null
                && !Objects.equals(
                        read(annotation, attribute), element(attribute).getDefaultValue());
    }

    private Method element(String attribute) {
        try {
            return type.getMethod(attribute);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("@" + type.getSimpleName() + " has no attribute '" + attribute + "'", e);
        }
    }

    private Object read(A annotation, String attribute) {
        try {
            return element(attribute).invoke(annotation);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read @" + type.getSimpleName() + "." + attribute, e);
        }
    }
}
