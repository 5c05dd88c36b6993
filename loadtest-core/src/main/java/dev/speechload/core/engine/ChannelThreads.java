package dev.speechload.core.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * What a blocking {@link Scenario}'s channels run on. An {@link AsyncScenario} needs neither: its
 * channels hold no thread while they wait.
 *
 * <p>{@link #PLATFORM} (the default): a daemon platform thread per channel with a 256 KiB stack,
 * so 1,000 channels fit. {@link #VIRTUAL}: a virtual thread per channel (Java 21 and later), so a
 * blocking scenario can hold thousands of mostly idle channels; a scenario that blocks inside
 * {@code synchronized} pins its carrier thread before Java 24, and on Java 17 to 20 asking for
 * virtual threads is an error that says so.
 */
public enum ChannelThreads {
    PLATFORM,
    VIRTUAL;

    // The library is compiled for Java 17: Thread.ofVirtual() is reached through method handles.
    private static final MethodHandle OF_VIRTUAL;
    private static final MethodHandle NAME;
    private static final MethodHandle UNSTARTED;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle name = null;
        MethodHandle unstarted = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            ofVirtual = lookup.findStatic(
                    Thread.class,
                    "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
            unstarted = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        UNSTARTED = unstarted;
    }

    /** True when this JVM has virtual threads (Java 21 and later). */
    public static boolean virtualAvailable() {
        return OF_VIRTUAL != null;
    }

    /**
     * Why this kind cannot run on this JVM, saying what to do; empty when it can (always for
     * {@link #PLATFORM}).
     */
    public Optional<String> unavailableReason() {
        if (this == PLATFORM || OF_VIRTUAL != null) {
            return Optional.empty();
        }
        return Optional.of("virtual channel threads need Java 21 or later; this JVM is " + Runtime.version()
                + ": run on a newer JDK, or use platform threads (the default)");
    }

    /**
     * This kind, when it can run on this JVM.
     *
     * @throws UnsupportedOperationException saying {@link #unavailableReason why not} and what to do
     */
    public ChannelThreads requireAvailable() {
        unavailableReason().ifPresent(why -> {
            throw new UnsupportedOperationException(why);
        });
        return this;
    }

    /**
     * An unstarted thread of this kind running {@code task}.
     *
     * @param stackBytes platform threads' stack size (virtual threads grow their own)
     * @throws UnsupportedOperationException for {@link #VIRTUAL} on a JVM without virtual threads
     */
    public Thread newThread(Runnable task, String name, long stackBytes) {
        if (this == PLATFORM) {
            Thread t = new Thread(null, task, name, stackBytes);
            t.setDaemon(true);
            return t;
        }
        requireAvailable();
        try {
            Object builder = NAME.invoke(OF_VIRTUAL.invoke(), name);
            return (Thread) UNSTARTED.invoke(builder, task);
        } catch (Throwable e) {
            throw new IllegalStateException("could not create a virtual thread: " + e, e);
        }
    }
}
