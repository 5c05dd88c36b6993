package dev.speechload.server.stt;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open STT sessions: enforces {@code --max-sessions}, sweeps idle sessions out after
 * {@code --session-timeout}, and aborts all on shutdown. Thread-safe; closes its sweeper
 * thread on {@link #close()}.
 */
final class SessionRegistry implements AutoCloseable {

    private final int maxSessions;
    private final long idleTimeoutNanos;
    private final Set<SttSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final ScheduledExecutorService sweeper;
    private final Runnable onSweep;

    /**
     * @param onSweep also run on every sweep (the audio budget's liveness check); must not throw
     */
    SessionRegistry(int maxSessions, Duration idleTimeout, Runnable onSweep) {
        this.onSweep = onSweep;
        this.maxSessions = maxSessions;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stt-session-sweeper");
            t.setDaemon(true);
            return t;
        });
        // Sweep often enough that a timeout fires within a quarter of its length (at most 250 ms
        // late), without a timer per session.
        long periodMillis = Math.max(10, Math.min(250, idleTimeout.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Adds a session unless {@code maxSessions} are open.
     *
     * @return false when full
     */
    boolean tryAdd(SttSession session) {
        int n;
        do {
            n = count.get();
            if (n >= maxSessions) {
                return false;
            }
        } while (!count.compareAndSet(n, n + 1));
        sessions.add(session);
        return true;
    }

    /** Removes a session; safe to call more than once. */
    void remove(SttSession session) {
        if (sessions.remove(session)) {
            count.decrementAndGet();
        }
    }

    int active() {
        return count.get();
    }

    int maxSessions() {
        return maxSessions;
    }

    /** Ends every open session with the given error. */
    void abortAll(SttError error, String message) {
        for (SttSession session : List.copyOf(sessions)) {
            session.fail(error, message);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (SttSession session : sessions) {
            session.expireIfIdle(now, idleTimeoutNanos);
        }
        onSweep.run();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
