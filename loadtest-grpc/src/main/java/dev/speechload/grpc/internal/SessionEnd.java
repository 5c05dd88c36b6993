package dev.speechload.grpc.internal;

import dev.speechload.grpc.SessionFailedException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The stage a driver hands the engine for one session: completed exactly once, either by the
 * session's end (after its figures are recorded into the iteration) or by {@link #cancel} (the
 * run's end cut it: the call is cancelled and the session goes to the session log only). The two
 * race; whichever claims the end first decides, so a cut session records nothing into an
 * iteration the engine has already counted as cut. Thread-safe. Not API.
 */
public final class SessionEnd extends CompletableFuture<Void> {

    /** What a finished session records: into the iteration unless {@code cut}, and into the log. */
    @FunctionalInterface
    interface Recording {
        void record(boolean cut);
    }

    private final Object lock = new Object();
    /** Set by whichever of the session's end and a cancel came first. Guarded by lock. */
    private boolean claimed;

    private volatile Runnable onCancel;

    SessionEnd() {}

    /** What cancelling does (stops the session and its call); set once, before the stage is handed out. */
    void onCancel(Runnable action) {
        onCancel = action;
    }

    /**
     * The session ended: records it (into the iteration unless a cancel came first), then completes
     * this stage, normally ({@code failure == null}) or exceptionally.
     */
    void settle(Recording recording, Throwable failure) {
        boolean cut;
        synchronized (lock) {
            cut = claimed;
            claimed = true;
            if (!cut) {
                // Inside the lock: a cancel arriving meanwhile waits and then finds the stage done,
                // so nothing is recorded into the iteration after the engine saw it end.
                try {
                    recording.record(false);
                } catch (RuntimeException e) {
                    // A metric the engine does not know, say: the iteration fails with it rather
                    // than leaving the stage (and whoever waits for it) hanging.
                    completeExceptionally(e);
                    return;
                }
                if (failure == null) {
                    complete(null);
                } else {
                    completeExceptionally(failure);
                }
            }
        }
        if (cut) {
            recording.record(true);
        }
    }

    /**
     * Cuts the session: cancels its call (the server sees CANCELLED), logs what it saw, and
     * cancels this stage. False when the session had already ended.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        synchronized (lock) {
            if (claimed) {
                return isCancelled();
            }
            claimed = true;
        }
        // The session stops recording before the stage (and the engine's reaction to it) completes.
        Runnable action = onCancel;
        if (action != null) {
            action.run();
        }
        return super.cancel(mayInterruptIfRunning);
    }

    /**
     * The blocking form of a session: waits for {@code end}. A session that failed has already
     * failed its iteration, so it returns normally, as {@code Scenario.run} always did for them.
     *
     * @throws InterruptedException when interrupted (the engine cut the iteration): the session is
     *                              cancelled first
     */
    public static void await(CompletableFuture<?> end) throws InterruptedException {
        try {
            end.get();
        } catch (InterruptedException e) {
            end.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new InterruptedException("session cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SessionFailedException) {
                return;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("session ended with " + cause, cause);
        }
    }
}
