package dev.speechload.core.engine.internal;

import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.record.internal.MetricRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels on threads of their own, for blocking scenarios: daemon platform threads with small
 * stacks, so a thousand channels fit and a channel that ignores interrupts cannot keep the JVM alive;
 * or, when asked for on Java 21 and later, virtual threads ({@link ChannelThreads#VIRTUAL}).
 *
 * <p>Every channel thread is created and started before the run's start and parks until its planned
 * time (closed: its ramp step's time; open: each arrival's), so a step of a thousand channels starts
 * with one timer wake-up per channel, not a thousand thread creations in a row.
 */
final class ThreadChannels implements Channels {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadChannels.class);
    /** Channel threads mostly wait on I/O: 256 KiB of stack is plenty and lets 1,000+ channels fit. */
    private static final long CHANNEL_STACK_BYTES = 256 * 1024;
    /**
     * A parked thread wakes about 50 µs late (Linux's default timer slack), so a channel parks until
     * this long before its planned time and spins the rest.
     */
    private static final long SPIN_NANOS = 50_000L;
    /** The controller waits for the end in slices this long, to see a target's death soon. */
    private static final long END_WAIT_SLICE_MILLIS = 50;

    private final LoadPlan plan;
    private final Scenario scenario;
    private final MetricRegistry registry;
    private final Timeline timeline;
    private final Tally tally;
    private final OpenArrivals arrivals;
    private final String threadPrefix;
    private final ChannelThreads kind;
    private final List<Thread> threads = new ArrayList<>();
    private CountDownLatch parked;
    /** Set once the start is fixed; channel threads wait for it. */
    private volatile boolean released;

    private volatile boolean cutting;
    private volatile boolean abandoned;

    /** @param arrivals the open model's arrivals; null in the closed model */
    ThreadChannels(
            LoadPlan plan,
            Scenario scenario,
            MetricRegistry registry,
            Timeline timeline,
            Tally tally,
            OpenArrivals arrivals,
            String threadPrefix,
            ChannelThreads kind) {
        this.plan = plan;
        this.scenario = scenario;
        this.registry = registry;
        this.timeline = timeline;
        this.tally = tally;
        this.arrivals = arrivals;
        this.threadPrefix = threadPrefix;
        this.kind = kind;
    }

    /**
     * Creates and starts every channel thread and returns once all are parked. Closed model: the
     * channels of the ramp steps planned before the end; a step's channels are
     * {@code [(s-1) x channels / steps, s x channels / steps)}.
     */
    @Override
    public void prepare(long spanNanos) throws InterruptedException {
        List<Runnable> channels = new ArrayList<>();
        if (arrivals != null) {
            for (int c = 0; c < plan.channels(); c++) {
                channels.add(new OpenWorker(c));
            }
        } else {
            for (ClosedStart s : ClosedStart.of(plan, spanNanos)) {
                channels.add(new ClosedChannel(s));
            }
        }
        parked = new CountDownLatch(channels.size());
        try {
            for (int c = 0; c < channels.size(); c++) {
                Thread t = kind.newThread(channels.get(c), threadPrefix + "ch-" + c, CHANNEL_STACK_BYTES);
                threads.add(t);
                t.start();
            }
        } catch (RuntimeException | Error e) {
            // Out of native threads, typically: let the ones already started go before failing.
            timeline.stop();
            wake();
            throw e;
        }
        parked.await();
    }

    @Override
    public void release() {
        released = true;
        wake();
    }

    @Override
    public void wake() {
        threads.forEach(LockSupport::unpark);
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        for (Thread t : threads) {
            while (t.isAlive()) {
                long remaining = timeline.deadline() - timeline.now();
                if (remaining <= 0 || timeline.death() != null) {
                    return;
                }
                t.join(Math.min(remaining / 1_000_000 + 1, END_WAIT_SLICE_MILLIS));
            }
        }
    }

    /** Give running iterations the grace period, then interrupt, then abandon. */
    @Override
    public void stop(long graceEndNanos, long graceNanos) {
        timeline.stop();
        wake();
        joinQuietly(graceEndNanos);
        List<Thread> alive = threads.stream().filter(Thread::isAlive).toList();
        if (!alive.isEmpty()) {
            cutting = true;
            alive.forEach(Thread::interrupt);
            joinQuietly(timeline.now() + Math.max(graceNanos, 100_000_000L));
            List<Thread> stuck = alive.stream().filter(Thread::isAlive).toList();
            if (!stuck.isEmpty()) {
                abandoned = true;
                tally.cut(stuck.size());
                LOG.warn(
                        "{} channel(s) ignored the interrupt at the run's deadline and were abandoned; a scenario"
                                + " should end by Iteration.deadlineNanos() and honour interrupts",
                        stuck.size());
            }
        }
    }

    private void joinQuietly(long until) {
        try {
            for (Thread t : threads) {
                long remaining = until - timeline.now();
                if (remaining <= 0) {
                    return;
                }
                t.join(remaining / 1_000_000 + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Channel side of the start: parks until the run's start is fixed; false when the run stops first. */
    private boolean awaitRelease() {
        parked.countDown();
        while (!released) {
            if (timeline.stopping()) {
                return false;
            }
            LockSupport.park(this);
        }
        return !timeline.stopping();
    }

    /**
     * Parks until {@code plannedNanos}, the last {@link #SPIN_NANOS} spinning; false when the run
     * stops first.
     */
    private boolean awaitPlanned(long plannedNanos) {
        long wake = plannedNanos - SPIN_NANOS;
        long now;
        while ((now = timeline.now()) < wake) {
            if (timeline.stopping()) {
                return false;
            }
            LockSupport.parkNanos(this, wake - now);
        }
        while (timeline.now() < plannedNanos) {
            Thread.onSpinWait();
        }
        return !timeline.stopping();
    }

    /** Runs one iteration and records its outcome. Hot path: no allocation, no lock. */
    private void iterate(ChannelIteration it, long index, boolean warm, long intendedStart, long lagFrom) {
        it.begin(index, warm, intendedStart);
        long start = timeline.now();
        Throwable failure = null;
        try {
            scenario.run(it);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            failure = t;
        }
        long end = timeline.now();
        if (abandoned) {
            return;
        }
        if (failure != null && cutting) {
            tally.cut(1);
            return;
        }
        tally.iteration(warm, intendedStart, lagFrom, start, end, it.failCode(), failure);
    }

    /**
     * Closed model: waits for its ramp step's time, then loops the scenario until the deadline, the
     * iteration bound or stop. Records how late its first iteration started (warm-up or not: it is
     * the channel's only planned start, and a generator figure, not a server one).
     */
    private final class ClosedChannel implements Runnable {
        private final ClosedStart plannedStart;

        ClosedChannel(ClosedStart plannedStart) {
            this.plannedStart = plannedStart;
        }

        @Override
        public void run() {
            if (!awaitRelease()) {
                return;
            }
            long deadline = timeline.deadline();
            ChannelIteration it = new ChannelIteration(registry, plannedStart.channel(), deadline);
            long planned = timeline.t0() + plannedStart.offsetNanos();
            if (!awaitPlanned(planned)) {
                return;
            }
            timeline.raiseStep(plannedStart.rampStep());
            tally.enter();
            try {
                ClosedLoop loop = new ClosedLoop(plan, timeline.now());
                while (!timeline.stopping()) {
                    long now = timeline.now();
                    if (!loop.another(now, deadline)) {
                        break;
                    }
                    boolean warm = loop.starting(now, planned, tally);
                    iterate(it, loop.index(), warm, now, now);
                    loop.ended(warm);
                }
            } finally {
                tally.exit();
            }
        }
    }

    /**
     * Open model: claims the next arrival, waits for its intended time, runs it. When every worker
     * is busy, arrivals wait, and their response time (from the intended start) shows it.
     */
    private final class OpenWorker implements Runnable {
        private final int channel;

        OpenWorker(int channel) {
            this.channel = channel;
        }

        @Override
        public void run() {
            if (!awaitRelease()) {
                return;
            }
            long t0 = timeline.t0();
            long deadline = timeline.deadline();
            ChannelIteration it = new ChannelIteration(registry, channel, deadline);
            long span = deadline - t0;
            while (!timeline.stopping()) {
                long k = arrivals.claim();
                long claimed = timeline.now();
                long offset = arrivals.offsetNanos(k);
                if (offset >= span) {
                    return;
                }
                long intended = t0 + offset;
                if (!awaitPlanned(intended)) {
                    return;
                }
                if (timeline.now() >= deadline) {
                    return;
                }
                boolean warm = arrivals.warmup(k, offset);
                if (!warm && !tally.measuring()) {
                    tally.markMeasuring(intended);
                }
                arrivals.started();
                tally.enter();
                try {
                    iterate(it, k, warm, intended, Math.max(intended, claimed));
                } finally {
                    tally.exit();
                }
            }
        }
    }
}
