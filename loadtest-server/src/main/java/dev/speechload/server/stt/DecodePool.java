package dev.speechload.server.stt;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded decode worker pool ({@code --decode-pool-size}) and the cap on pending decodes
 * ({@code --max-pending-decodes}). A decode is pending while it holds one of the cap's slots:
 * queued for a worker or running. So {@link #pending()} never exceeds the cap.
 *
 * <p>Interim decodes take a slot only when one is free and no other decode waits for one
 * ({@link #tryAcquireSlot()}); otherwise the caller drops the interim. Finals and buffer drains
 * are never dropped: when no slot is free they wait, in arrival order, and take the next slot
 * that frees up ({@link #runWhenFree}). Each session has at most one decode in flight, so at most
 * one waiting decode per session.
 *
 * <p>Thread-safe. {@link #close()} interrupts running decodes and drops waiting and queued ones.
 */
final class DecodePool implements AutoCloseable {

    private final ExecutorService workers;
    private final int maxPendingDecodes;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int slotsInUse;
    private boolean closed;

    /**
     * @param threads decode workers, &gt;= 1
     * @param maxPendingDecodes slots: decodes queued or running at once, &gt;= 1
     */
    DecodePool(int threads, int maxPendingDecodes) {
        this.maxPendingDecodes = maxPendingDecodes;
        AtomicInteger ids = new AtomicInteger();
        // Unbounded queue, but it never holds more than maxPendingDecodes tasks: only slot holders
        // are submitted.
        this.workers =
                new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "stt-decode-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Takes a slot for an interim decode when one is free and no final or drain waits for one.
     *
     * @return true when the caller now holds a slot and must pass a task to {@link #runOnSlot}
     */
    synchronized boolean tryAcquireSlot() {
        if (closed || !waiting.isEmpty() || slotsInUse >= maxPendingDecodes) {
            return false;
        }
        slotsInUse++;
        return true;
    }

    /**
     * Runs {@code decode} on the slot the caller took with {@link #tryAcquireSlot()}.
     *
     * @throws RejectedExecutionException when the pool is closed (the slot is given back)
     */
    void runOnSlot(Runnable decode) {
        try {
            workers.execute(() -> runThenHandOver(decode));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                slotsInUse--;
            }
            throw e;
        }
    }

    /**
     * Runs {@code decode} now when a slot is free, else as soon as one frees up (after the decodes
     * that waited before it). Never drops it while the pool is open.
     *
     * @throws RejectedExecutionException when the pool is closed
     */
    void runWhenFree(Runnable decode) {
        synchronized (this) {
            if (closed) {
                throw new RejectedExecutionException("decode pool is closed");
            }
            if (!waiting.isEmpty() || slotsInUse >= maxPendingDecodes) {
                waiting.add(decode);
                return;
            }
            slotsInUse++;
        }
        runOnSlot(decode);
    }

    private void runThenHandOver(Runnable decode) {
        try {
            decode.run();
        } finally {
            Runnable next;
            synchronized (this) {
                next = closed ? null : waiting.poll();
                if (next == null) {
                    slotsInUse--;
                }
            }
            if (next != null) {
                try {
                    // The slot passes straight to the next waiting decode.
                    runOnSlot(next);
                } catch (RejectedExecutionException stopped) {
                    // Closed meanwhile: like queued decodes, waiting ones never run.
                }
            }
        }
    }

    /** Decodes holding a slot (queued or running), 0..maxPendingDecodes. */
    synchronized int pending() {
        return slotsInUse;
    }

    /** Decodes waiting for a slot: finals and buffer drains, at most one per session. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Interrupts running decodes and drops queued and waiting ones. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
        }
        workers.shutdownNow();
    }
}
