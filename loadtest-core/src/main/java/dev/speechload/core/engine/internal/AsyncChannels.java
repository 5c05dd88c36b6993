package dev.speechload.core.engine.internal;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.record.internal.MetricRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels of an {@link AsyncScenario} on a few scheduler threads: a channel waiting for its
 * iteration's stage holds no thread, so ten thousand open streams cost their state, not ten
 * thousand stacks. A {@link ScheduledThreadPoolExecutor} (one thread per core, at least two) starts
 * each closed-model channel at its ramp step's time and each open-model arrival at its intended
 * time; when an iteration's stage completes, the channel's next iteration is handed back to it (never
 * started on the completing thread, which may be a transport's I/O thread, and never recursively).
 *
 * <p>Closed model: each channel loops as a thread channel does, from its planned start until the
 * deadline or its iteration bound. Open model: {@code channels} slots; a pump (one at a time) gives
 * each due arrival to the slot free the longest, or leaves it waiting until a slot frees (the wait
 * is the server's: response time shows it, scheduling lag does not).
 *
 * <p>Stop: no new iterations; running ones get the grace period, then their stages are cancelled
 * and counted as cut.
 */
final class AsyncChannels implements Channels {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncChannels.class);
    /** The controller and stop wait in slices this long, to see a target's death or the end soon. */
    private static final long WAIT_SLICE_NANOS = 2_000_000L;

    private final LoadPlan plan;
    private final AsyncScenario scenario;
    private final MetricRegistry registry;
    private final Timeline timeline;
    private final Tally tally;
    private final OpenArrivals arrivals;
    private final ScheduledThreadPoolExecutor scheduler;
    /** Iterations started and not ended (and, briefly, starts being decided). */
    private final AtomicInteger inFlight = new AtomicInteger();

    private final CountDownLatch ended = new CountDownLatch(1);
    private final List<ClosedChannel> closedChannels = new ArrayList<>();
    private final AtomicInteger closedRemaining = new AtomicInteger();
    private final List<Slot> slots = new ArrayList<>();
    private final Queue<Slot> free = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean pumpRequested = new AtomicBoolean();
    private final Object pumpLock = new Object();
    // Guarded by pumpLock.
    private ScheduledFuture<?> pumpTimer;
    private long pumpTimerAt;
    private volatile boolean pumpDone;
    private volatile boolean cutting;
    private volatile boolean abandoned;

    /** @param arrivals the open model's arrivals; null in the closed model */
    AsyncChannels(
            LoadPlan plan,
            AsyncScenario scenario,
            MetricRegistry registry,
            Timeline timeline,
            Tally tally,
            OpenArrivals arrivals,
            String threadPrefix) {
        this(
                plan,
                scenario,
                registry,
                timeline,
                tally,
                arrivals,
                new ScheduledThreadPoolExecutor(
                        Math.max(2, Runtime.getRuntime().availableProcessors()),
                        daemonThreads(threadPrefix + "sched-")));
    }

    /** @param scheduler the threads that start iterations; shut down by {@link #stop} */
    AsyncChannels(
            LoadPlan plan,
            AsyncScenario scenario,
            MetricRegistry registry,
            Timeline timeline,
            Tally tally,
            OpenArrivals arrivals,
            ScheduledThreadPoolExecutor scheduler) {
        this.plan = plan;
        this.scenario = scenario;
        this.registry = registry;
        this.timeline = timeline;
        this.tally = tally;
        this.arrivals = arrivals;
        this.scheduler = scheduler;
        scheduler.setRemoveOnCancelPolicy(true);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** Nothing waits on a thread: builds each channel's state and warms the scheduler's threads. */
    @Override
    public void prepare(long spanNanos) {
        if (arrivals != null) {
            for (int c = 0; c < plan.channels(); c++) {
                Slot s = new Slot(c);
                slots.add(s);
                free.add(s);
            }
        } else {
            for (ClosedStart s : ClosedStart.of(plan, spanNanos)) {
                closedChannels.add(new ClosedChannel(s));
            }
            closedRemaining.set(closedChannels.size());
            if (closedChannels.isEmpty()) {
                ended.countDown();
            }
        }
        scheduler.prestartAllCoreThreads();
    }

    @Override
    public void release() {
        long t0 = timeline.t0();
        if (arrivals != null) {
            long freeSince = timeline.now();
            for (Slot s : slots) {
                s.it = new ChannelIteration(registry, s.channel, timeline.deadline());
                s.freedAt = freeSince;
            }
            scheduleAt(this::pump, t0 + arrivals.offsetNanos(0));
        } else {
            int size = closedChannels.size();
            for (int i = 0, j; i < size; i = j) {
                ClosedStart first = closedChannels.get(i).start;
                long at = t0 + first.offsetNanos();
                for (j = i; j < size && closedChannels.get(j).start.rampStep() == first.rampStep(); j++) {
                    closedChannels.get(j).plannedNanos = at;
                }
                startStep(closedChannels.subList(i, j), at);
            }
        }
    }

    /**
     * Starts a ramp step's channels at {@code at} from one task per scheduler thread, each starting every
     * n-th channel in a loop. A task per channel made every start pay the delay queue's lock and a hand-off
     * between the scheduler threads: 1,000 channels in one step started with a p99 of 1.75-2.73 ms that way,
     * 1.05-1.70 ms in lanes (EngineScaleBench, quiet, 4 and 6 runs; docs/performance.md section 2.1).
     */
    private void startStep(List<ClosedChannel> step, long at) {
        int lanes = Math.min(Math.max(1, scheduler.getCorePoolSize()), step.size());
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            scheduleAt(
                    () -> {
                        for (int c = first; c < step.size(); c += lanes) {
                            step.get(c).first();
                        }
                    },
                    at);
        }
    }

    /**
     * Runs {@code task} at {@code atNanos}. The executor takes a delay and adds it to its own reading
     * of the clock, so the delay is measured just before each call: scheduling 10,000 channels takes
     * milliseconds, and a delay from a reading taken before the loop made every channel start late by
     * the time the loop had run (0.1 ms per 100 channels, 12 ms for the last of 10,000).
     */
    private void scheduleAt(Runnable task, long atNanos) {
        schedule(task, atNanos - timeline.now());
    }

    private void schedule(Runnable task, long delayNanos) {
        try {
            scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Stopped: nothing more starts.
        }
    }

    private boolean execute(Runnable task) {
        try {
            scheduler.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void wake() {
        if (timeline.stopping()) {
            ended.countDown();
        }
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        while (ended.getCount() > 0) {
            long remaining = timeline.deadline() - timeline.now();
            if (remaining <= 0 || timeline.death() != null) {
                return;
            }
            ended.await(Math.min(remaining, 50_000_000L), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void stop(long graceEndNanos, long graceNanos) {
        timeline.stop();
        waitForInFlight(graceEndNanos, false);
        if (inFlight.get() > 0) {
            cutting = true;
            waitForInFlight(timeline.now() + Math.max(graceNanos, 100_000_000L), true);
            int stuck = inFlight.get();
            if (stuck > 0) {
                abandoned = true;
                tally.cut(stuck);
                LOG.warn(
                        "{} iteration(s) did not end when their stages were cancelled at the run's deadline and"
                                + " were abandoned; an AsyncScenario should release its call when its stage is cancelled",
                        stuck);
            }
        }
        scheduler.shutdownNow();
    }

    /** Waits until no iteration runs or {@code until}; when cancelling, cancels the running ones each slice. */
    private void waitForInFlight(long until, boolean cancel) {
        while (inFlight.get() > 0 && timeline.now() < until) {
            if (cancel) {
                closedChannels.forEach(Running::cancel);
                slots.forEach(Running::cancel);
            }
            LockSupport.parkNanos(Math.min(WAIT_SLICE_NANOS, Math.max(1, until - timeline.now())));
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /**
     * Counts an iteration about to start; false (and counts nothing) when the run is stopping. The
     * count is taken before the check, so a stop either sees the iteration or the iteration sees the stop.
     */
    private boolean admit() {
        inFlight.incrementAndGet();
        if (timeline.stopping()) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * One channel's (or open-model slot's) iteration in flight: started on a scheduler thread, ended
     * once, on whichever thread completes its stage.
     */
    private abstract class Running {
        ChannelIteration it;
        private boolean warm;
        private long intended;
        private long lagFrom;
        private long startedNanos;
        private volatile CompletableFuture<?> current;

        /** Begins the iteration; an exception from {@code start} (or a null stage) ends it at once. */
        final void launch(long index, boolean isWarm, long intendedNanos, long lagFromNanos) {
            warm = isWarm;
            intended = intendedNanos;
            lagFrom = lagFromNanos;
            it.begin(index, warm, intended);
            startedNanos = timeline.now();
            CompletableFuture<?> f;
            try {
                CompletionStage<?> stage = scenario.start(it);
                if (stage == null) {
                    throw new IllegalStateException(scenario.getClass().getName()
                            + ".start returned null; return a stage that completes when the iteration ends");
                }
                f = stage.toCompletableFuture();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                ended(t);
                return;
            }
            // Known as running before its end can be seen: a stop cancels it, and an end on another
            // thread (which clears it) cannot be overwritten by this one.
            current = f;
            f.whenComplete((v, t) -> ended(t));
        }

        private void ended(Throwable failure) {
            long end = timeline.now();
            current = null;
            if (!abandoned) {
                if (failure != null && cutting) {
                    tally.cut(1);
                } else {
                    tally.iteration(warm, intended, lagFrom, startedNanos, end, it.failCode(), failure);
                }
            }
            afterEnd(warm, end);
        }

        /** What comes after an iteration ended (counted already). */
        abstract void afterEnd(boolean wasWarm, long endNanos);

        final void cancel() {
            CompletableFuture<?> f = current;
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    /** A closed-model channel: its iterations one after another, from its planned start. */
    private final class ClosedChannel extends Running {
        private final ClosedStart start;
        private long plannedNanos;
        private ClosedLoop loop;
        private boolean entered;

        ClosedChannel(ClosedStart start) {
            this.start = start;
        }

        /** At the planned time, on a scheduler thread. */
        void first() {
            if (timeline.stopping()) {
                finish();
                return;
            }
            it = new ChannelIteration(registry, start.channel(), timeline.deadline());
            timeline.raiseStep(start.rampStep());
            tally.enter();
            entered = true;
            loop = new ClosedLoop(plan, timeline.now());
            next();
        }

        void next() {
            if (!admit()) {
                finish();
                return;
            }
            long now = timeline.now();
            if (!loop.another(now, timeline.deadline())) {
                inFlight.decrementAndGet();
                finish();
                return;
            }
            launch(loop.index(), loop.starting(now, plannedNanos, tally), now, now);
        }

        @Override
        void afterEnd(boolean wasWarm, long endNanos) {
            loop.ended(wasWarm);
            inFlight.decrementAndGet();
            if (!execute(this::next)) {
                finish();
            }
        }

        private void finish() {
            if (entered) {
                entered = false;
                tally.exit();
            }
            if (closedRemaining.decrementAndGet() == 0) {
                ended.countDown();
            }
        }
    }

    /** An open-model worker slot: runs the arrivals the pump gives it, one at a time. */
    private final class Slot extends Running {
        private final int channel;
        /** When this slot last became free; the pump reads it after taking the slot from the queue. */
        private volatile long freedAt;

        Slot(int channel) {
            this.channel = channel;
        }

        void run(long k, boolean warm, long intended, long lagFrom) {
            if (!warm && !tally.measuring()) {
                tally.markMeasuring(intended);
            }
            arrivals.started();
            tally.enter();
            launch(k, warm, intended, lagFrom);
        }

        @Override
        void afterEnd(boolean wasWarm, long endNanos) {
            tally.exit();
            freedAt = endNanos;
            free.add(this);
            inFlight.decrementAndGet();
            if (pumpDone && inFlight.get() == 0) {
                ended.countDown();
            } else {
                requestPump();
            }
        }
    }

    /** Runs the pump soon on a scheduler thread; many requests while one is pending make one run. */
    private void requestPump() {
        if (pumpRequested.compareAndSet(false, true) && !execute(this::pump)) {
            pumpRequested.set(false);
        }
    }

    /** Gives every due arrival to a free slot, oldest free first; arms a timer for the next one not yet due. */
    private void pump() {
        pumpRequested.set(false); // a request made from here on runs another pump after this one
        synchronized (pumpLock) {
            long t0 = timeline.t0();
            long deadline = timeline.deadline();
            while (!pumpDone) {
                long k = arrivals.next();
                long offset = arrivals.offsetNanos(k);
                long intended = t0 + offset;
                long now = timeline.now();
                if (offset >= deadline - t0 || now >= deadline) {
                    pumpDone = true;
                    if (inFlight.get() == 0) {
                        ended.countDown();
                    }
                    return;
                }
                if (intended > now) {
                    armTimer(intended, now);
                    return;
                }
                Slot slot = free.peek();
                if (slot == null || !admit()) {
                    return; // every worker busy (a completion pumps again), or stopping
                }
                free.poll();
                arrivals.claim();
                slot.run(k, arrivals.warmup(k, offset), intended, Math.max(intended, slot.freedAt));
            }
        }
    }

    /**
     * Makes the pump run at {@code at}, unless a timer already will, no later. A timer due by now may
     * be the one running this pump: it is no reason to skip, or the next arrival would wait for a
     * completion to pump it. Guarded by pumpLock.
     */
    private void armTimer(long at, long now) {
        if (pumpTimer != null && pumpTimerAt > now && pumpTimerAt <= at && !pumpTimer.isDone()) {
            return;
        }
        pumpTimerAt = at;
        try {
            // The timer's thread pumps itself: handing over to another scheduler thread would add a
            // second wake-up to every arrival's start.
            pumpTimer = scheduler.schedule(this::pump, at - now, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            pumpDone = true;
        }
    }
}
