package dev.speechload.core.target;

import java.util.Objects;

/**
 * How a target died while a run was going on, as its {@link Liveness} saw it.
 *
 * @param cause    what happened, in words that follow "target ": {@code "exited with code 137"},
 *                 {@code "stopped answering its health check"}; not blank
 * @param detail   what helps to find out why (the server's log file, the failed checks); null when
 *                 there is nothing to add
 * @param exitCode the process's or container's exit code; null when not known (external targets)
 * @param atNanos  when it died ({@link System#nanoTime()} units): the exit as the kernel reported
 *                 it, or the first of the failed health checks
 */
public record TargetDeath(String cause, String detail, Integer exitCode, long atNanos) {

    public TargetDeath {
        Objects.requireNonNull(cause, "cause");
        if (cause.isBlank()) {
            throw new IllegalArgumentException("a target death needs a cause, such as 'exited with code 137'");
        }
    }
}
