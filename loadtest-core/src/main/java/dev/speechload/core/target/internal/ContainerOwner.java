package dev.speechload.core.target.internal;

import dev.speechload.core.io.internal.LocalHost;
import java.time.Instant;
import java.util.Optional;

/**
 * The JVM that started a container, as a label on the container ({@value #LABEL}): host name,
 * pid and the JVM's start time, so a later start on the same host can tell a container whose JVM
 * died without stopping it (killed with {@code kill -9}, where Ryuk is off) from one a running
 * JVM still uses, even after its pid was reused. Immutable.
 */
record ContainerOwner(String host, long pid, long startEpochMillis) {

    /** The label's key. */
    static final String LABEL = "dev.speechload.owner";

    /** This JVM. */
    static ContainerOwner current() {
        ProcessHandle me = ProcessHandle.current();
        return new ContainerOwner(LocalHost.name(), me.pid(), startMillis(me).orElse(0L));
    }

    /** The label's value: {@code host pid startEpochMillis}. */
    String label() {
        return host + " " + pid + " " + startEpochMillis;
    }

    /** The owner a label names, or empty when the value is not one of ours. */
    static Optional<ContainerOwner> parse(String label) {
        String[] parts = label == null ? new String[0] : label.trim().split(" ");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ContainerOwner(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when this owner ran on {@code thisHost} and no longer runs (its pid is free, or another process's). */
    boolean diedOn(String thisHost) {
        if (!host.equals(thisHost)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isEmpty()
                || !process.get().isAlive()
                || startMillis(process.get())
                        .map(start -> start != startEpochMillis)
                        .orElse(false);
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }
}
