package dev.speechload.grpc.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that send every stream's requests at their planned times: timer queues shared by
 * all sessions instead of a sleeping thread per stream, so a 2-core generator can pace hundreds of
 * streams. One lane (a thread with its own queue) per thread, sessions dealt round-robin over the
 * lanes: one queue served by many threads would make them contend on its lock, and a single lane
 * cannot send 50,000 paced messages a second. A lane that falls behind shows as
 * {@code generator.grpc.send_lag} (its tasks run late), which the measurement's health reads.
 * Tasks must be short and never block. Thread-safe; the driver that made it shuts it down. Not API.
 */
public final class Pacer implements AutoCloseable {

    private final Lane[] lanes;
    private final AtomicInteger nextLane = new AtomicInteger();

    /** One timer queue and its thread; a session keeps its lane, so its tasks run in order. */
    public static final class Lane implements Executor {
        private final ScheduledThreadPoolExecutor executor;

        private Lane(ThreadFactory factory) {
            executor = new ScheduledThreadPoolExecutor(1, factory);
            executor.setRemoveOnCancelPolicy(true);
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        /** Runs {@code task} after {@code delayNanos} (<= 0: as soon as the lane is free). */
        public ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
            return executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        }

        @Override
        public void execute(Runnable task) {
            executor.execute(task);
        }
    }

    public Pacer(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("pacer threads must be >= 1, was " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "speechload-pacer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        lanes = new Lane[threads];
        for (int i = 0; i < threads; i++) {
            lanes[i] = new Lane(factory);
        }
    }

    /** The default: one lane per core the JVM may use (at most 64). */
    public static int defaultThreads() {
        return Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors()));
    }

    /** The lane for the next session (round-robin). */
    public Lane lane() {
        return lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
    }

    public int threads() {
        return lanes.length;
    }

    /** Tasks waiting to run on every lane: a growing number means the pacer cannot keep up. */
    public int queued() {
        int queued = 0;
        for (Lane lane : lanes) {
            queued += lane.executor.getQueue().size();
        }
        return queued;
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.executor.shutdownNow();
        }
        try {
            for (Lane lane : lanes) {
                lane.executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
