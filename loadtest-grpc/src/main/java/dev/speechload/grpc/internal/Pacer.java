package dev.speechload.grpc.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads that send every stream's requests at their planned times: one timer queue for
 * all sessions instead of a sleeping thread per stream, so a 2-core generator can pace hundreds of
 * streams. Tasks must be short and never block. Thread-safe; the driver that made it shuts it down.
 * Not API.
 */
public final class Pacer implements Executor, AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    public Pacer(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "speechload-pacer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ScheduledThreadPoolExecutor(threads, factory);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} after {@code delayNanos} (<= 0: as soon as a pacer thread is free). */
    public ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Tasks waiting to run: a growing number means the pacer cannot keep up. */
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
