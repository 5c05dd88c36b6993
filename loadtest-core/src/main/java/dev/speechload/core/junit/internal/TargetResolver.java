package dev.speechload.core.junit.internal;

import dev.speechload.core.config.Settings;
import dev.speechload.core.config.TargetKind;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.ReferenceTarget;
import dev.speechload.core.target.Target;
import dev.speechload.core.target.TargetUnavailableException;
import dev.speechload.core.target.Targets;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a test class's {@link LoadTarget}, applies {@code loadtest.target}, and starts the
 * target. Errors in the declaration are {@link ExtensionConfigurationException}s; a target that
 * cannot run here at all ({@link TargetUnavailableException}, e.g. no Docker for a container)
 * becomes a {@link TestAbortedException}, so its tests are skipped, not failed.
 * Not API.
 */
final class TargetResolver {

    private static final Logger LOG = LoggerFactory.getLogger(TargetResolver.class);

    private TargetResolver() {}

    /** Starts the class's target; never returns null; failures are captured, not thrown. */
    static StartedTarget start(Class<?> testClass, Settings settings) {
        return start(testClass, () -> declared(testClass, settings));
    }

    /**
     * Starts the class's reference build for A/B comparisons ({@link ReferenceTarget} or
     * {@code loadtest.compareWith}); {@link StartedTarget#none()} when the class runs no A/B.
     */
    static StartedTarget startReference(Class<?> testClass, Settings settings) {
        return start(testClass, () -> reference(testClass, settings));
    }

    private static StartedTarget start(Class<?> testClass, Supplier<Target> declaration) {
        Target target = null;
        try {
            target = declaration.get();
            if (target == null) {
                return StartedTarget.none();
            }
            target.start();
            return StartedTarget.started(target);
        } catch (ReferenceBuild.NotComparable e) {
            LOG.warn("{}: not compared, judged against the baselines: {}", testClass.getSimpleName(), e.getMessage());
            return StartedTarget.absent("Not an A/B comparison: " + e.getMessage() + "; judged against its baseline");
        } catch (RuntimeException e) {
            RuntimeException failure = e;
            // The @LoadTarget member itself may find the target cannot run here (and throw before
            // there is a target to start): that skips the tests too.
            String unavailable = unavailable(target, e);
            if (unavailable != null) {
                failure = new TestAbortedException(
                        unavailable + ": skipping the load tests of " + testClass.getSimpleName());
            }
            if (target != null) {
                try {
                    target.close();
                } catch (RuntimeException closeFailure) {
                    failure.addSuppressed(closeFailure);
                }
            }
            return StartedTarget.failed(failure);
        }
    }

    /**
     * The reference build, not started; null when the class runs no A/B comparison (neither
     * {@code loadtest.compareWith} nor a {@link ReferenceTarget}, or baselines are being recorded).
     */
    static Target reference(Class<?> testClass, Settings settings) {
        if (settings.updateBaseline()) {
            return null;
        }
        String owner = testClass.getSimpleName();
        if (settings.compareWith() != null) {
            if (settings.target() == TargetKind.EXTERNAL) {
                throw new ExtensionConfigurationException(Settings.COMPARE_WITH + " needs a target speechload starts,"
                        + " but " + Settings.TARGET + "=external runs against an address; for two running servers"
                        + " declare a @ReferenceTarget returning Targets.external(...) for A");
            }
            List<Member> members = members(testClass, LoadTarget.class);
            if (members.isEmpty()) {
                throw new ReferenceBuild.NotComparable(Settings.COMPARE_WITH + "=" + settings.compareWith() + ", but "
                        + owner + " declares no @LoadTarget to make the reference from");
            }
            if (members.size() != 1) {
                throw new ExtensionConfigurationException(Settings.COMPARE_WITH + "=" + settings.compareWith() + " but "
                        + owner + " declares " + members.size() + " @LoadTarget members; it makes the reference from"
                        + " the one @LoadTarget, so declare exactly one");
            }
            Member member = members.get(0);
            String where = "@LoadTarget " + owner + "." + member.getName();
            if (!(member instanceof Method)) {
                throw new ExtensionConfigurationException(Settings.COMPARE_WITH + " needs a second target for the"
                        + " reference, but " + where + " is a field, which holds one; make it a static method");
            }
            return ReferenceBuild.of(settings.compareWith()).applyTo(target(read(member, settings, where), where));
        }
        List<Member> members = members(testClass, ReferenceTarget.class);
        if (members.isEmpty()) {
            return null;
        }
        if (members.size() > 1) {
            throw new ExtensionConfigurationException(
                    owner + " declares " + members.size() + " @ReferenceTarget members "
                            + members.stream().map(Member::getName).toList() + "; declare one");
        }
        String where = "@ReferenceTarget " + owner + "." + members.get(0).getName();
        return target(read(members.get(0), settings, where), where);
    }

    /** Whether the class or the settings ask for a reference build (whether or not one could run). */
    static boolean referenceAsked(Class<?> testClass, Settings settings) {
        return !settings.updateBaseline()
                && (settings.compareWith() != null
                        || !members(testClass, ReferenceTarget.class).isEmpty());
    }

    private static List<Member> members(Class<?> testClass, Class<? extends Annotation> type) {
        List<Member> members = new ArrayList<>();
        members.addAll(
                AnnotationSupport.findAnnotatedFields(testClass, type, f -> true, HierarchyTraversalMode.TOP_DOWN));
        members.addAll(AnnotationSupport.findAnnotatedMethods(testClass, type, HierarchyTraversalMode.TOP_DOWN));
        return members;
    }

    private static Target target(Object value, String where) {
        if (!(value instanceof Target target)) {
            throw new ExtensionConfigurationException(where + " must provide a dev.speechload.core.target.Target, gave "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return target;
    }

    /** The target to use, not started; null when the class declares none and settings ask for none. */
    static Target declared(Class<?> testClass, Settings settings) {
        if (settings.target() == TargetKind.EXTERNAL) {
            return Targets.external(settings.externalGrpc(), settings.externalHttp());
        }
        List<Member> members = members(testClass, LoadTarget.class);
        String owner = testClass.getSimpleName();
        if (members.isEmpty()) {
            if (settings.target() != null) {
                throw new ExtensionConfigurationException(
                        Settings.TARGET + "=" + settings.target().id() + " but " + owner
                                + " declares no @LoadTarget; add a static @LoadTarget method returning a Target");
            }
            return null;
        }
        if (members.size() > 1) {
            throw new ExtensionConfigurationException(owner + " declares " + members.size() + " @LoadTarget members "
                    + members.stream().map(Member::getName).toList() + "; declare one");
        }
        Member member = members.get(0);
        String where = "@LoadTarget " + owner + "." + member.getName();
        Target target = target(read(member, settings, where), where);
        if (settings.target() != null
                && !settings.target().id().equals(target.kind().toLowerCase(Locale.ROOT))) {
            throw new ExtensionConfigurationException(
                    Settings.TARGET + "=" + settings.target().id() + " but " + where
                            + " gave a " + target.kind() + " target; take a Settings parameter and return the kind"
                            + " settings.target() asks for");
        }
        return target;
    }

    private static Object read(Member member, Settings settings, String where) {
        if (!Modifier.isStatic(member.getModifiers())) {
            throw new ExtensionConfigurationException(where + " must be static: the target outlives test instances");
        }
        try {
            if (member instanceof Field field) {
                field.setAccessible(true);
                return field.get(null);
            }
            Method method = (Method) member;
            method.setAccessible(true);
            Class<?>[] params = method.getParameterTypes();
            if (params.length == 0) {
                return method.invoke(null);
            }
            if (params.length == 1 && params[0] == Settings.class) {
                return method.invoke(null, settings);
            }
            throw new ExtensionConfigurationException(where + " must take no parameter or one Settings, takes "
                    + List.of(params).stream().map(Class::getSimpleName).toList());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ExtensionConfigurationException(where + " failed: " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new ExtensionConfigurationException(where + " is not accessible: " + e.getMessage(), e);
        }
    }

    /**
     * Why the target cannot run on this machine at all, or null when it failed for another reason.
     * {@code target} is null when the {@code @LoadTarget} member itself failed.
     * Decided from the exception alone: asking Testcontainers whether Docker is there would start
     * (and try to pull) its Ryuk container.
     */
    private static String unavailable(Target target, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TargetUnavailableException) {
                return t.getMessage();
            }
            String message = t.getMessage();
            if (target != null
                    && "container".equals(target.kind())
                    && message != null
                    && message.contains("Could not find a valid Docker environment")) {
                return "Docker is not available, so " + target.description() + " cannot start"
                        + " (start Docker, or run with -D" + Settings.TARGET + "=process)";
            }
        }
        return null;
    }
}
