package dev.speechload.core.engine.internal;

import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.TargetDeath;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a target's {@link Liveness} on its own daemon thread while a trial runs, and reports its
 * death once. A thread of its own, not the sampler's: an external target's check waits for a TCP
 * connection, which must not delay the samples. Started and closed by the trial's controller;
 * {@code onDeath} runs on the watch thread, at most once, never after {@link #close()} returned.
 */
final class TargetWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetWatch.class);

    private final Liveness liveness;
    private final Consumer<TargetDeath> onDeath;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean closed;

    TargetWatch(Liveness liveness, String threadName, Consumer<TargetDeath> onDeath) {
        this.liveness = liveness;
        this.onDeath = onDeath;
        this.thread = new Thread(null, this::watch, threadName, 256 * 1024);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void watch() {
        long intervalNanos = Math.max(1_000_000L, liveness.interval().toNanos());
        boolean warned = false;
        while (!isClosed()) {
            Optional<TargetDeath> death = Optional.empty();
            try {
                death = liveness.check();
            } catch (RuntimeException e) {
                if (!warned) {
                    warned = true;
                    LOG.warn(
                            "Checking whether the target still runs failed ({}); the run goes on, watched as before",
                            e.toString());
                }
            }
            if (death != null && death.isPresent()) {
                synchronized (lock) {
                    if (!closed) {
                        onDeath.accept(death.get());
                    }
                }
                return;
            }
            LockSupport.parkNanos(this, intervalNanos);
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Stops watching; a check under way is left to end on its own (the thread is a daemon). */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        LockSupport.unpark(thread);
    }
}
