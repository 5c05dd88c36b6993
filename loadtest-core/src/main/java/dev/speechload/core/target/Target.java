package dev.speechload.core.target;

import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.sample.ResourceProbe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A server under test. Single use: {@link #start()} once, then {@link #close()} (graceful stop:
 * SIGTERM, then kill after a grace period, for processes). Not thread-safe; the JUnit extension
 * owns it and closes it when the test class ends, even when tests fail.
 */
public interface Target extends AutoCloseable {

    /** Starts the server (if this target starts one) and waits until it is ready. */
    void start() throws TargetException;

    /** Where it listens; valid after {@link #start()}. */
    Endpoints endpoints();

    /** "process", "container" or "external". */
    String kind();

    /** Human-readable: command line, image, or address. */
    String description();

    /** The server's PID on this machine, where known. */
    OptionalLong pid();

    /**
     * What a result records about this target: kind, description, pid and endpoint URIs. Valid
     * after {@link #start()}.
     */
    default TargetInfo info() {
        Map<String, String> uris = new LinkedHashMap<>();
        endpoints().uris().forEach((name, uri) -> uris.put(name, uri.toString()));
        return new TargetInfo(kind(), description(), pid().orElse(-1), uris);
    }

    /** How to read the server's memory, threads and fds, where there is a way. */
    Optional<ResourceProbe> resourceProbe();

    /** True while the server runs (always true for external targets that answered once). */
    boolean isRunning();

    /**
     * How the engine watches this target during a run, so a run ends when its server dies (see
     * {@link Liveness}). Valid after {@link #start()}. The default reports a death once
     * {@link #isRunning()} turns false; the built-in targets say more: a process's or container's
     * exit code, an external server's failed health checks.
     */
    default Liveness liveness() {
        return () -> isRunning()
                ? Optional.empty()
                : Optional.of(new TargetDeath("stopped running", null, null, System.nanoTime()));
    }

    /** Stops the server if this target started it; idempotent. */
    @Override
    void close();
}
