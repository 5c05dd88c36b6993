package dev.speechload.core.live.internal;

import dev.speechload.core.compare.PairTrial;
import dev.speechload.core.engine.TrialData;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The newest state of the run, coalesced: a writer replaces it, readers see only the latest (a
 * browser that missed three intervals gets the fourth, not a backlog). Thread-safe.
 *
 * <p>Writers never block and never wait for a reader: {@link #publish} is a reference swap, a
 * counter increment and an unpark of each waiting reader. Readers (the live server's threads) wait
 * in {@link #awaitChange} and render the state with {@link #view}, which caches one rendering per
 * version so several browsers share it.
 */
public final class LiveState {

    private final AtomicReference<Tick> current = new AtomicReference<>();
    /** The test whose run ended and which is being judged and reported; null when none. */
    private final AtomicReference<String> judging = new AtomicReference<>();

    private final List<FinishedTest> finished = new CopyOnWriteArrayList<>();
    /** The finished trials of the running (or judged) test's A/B comparison; null when it is none. */
    private final AtomicReference<PairTrials> pairTrials = new AtomicReference<>();

    private final AtomicLong version = new AtomicLong();
    private final Set<Thread> waiters = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private LiveSnapshot rendered;

    /** A test's run started: shown as running before its first interval ends. */
    public void begin(String testName) {
        judging.set(null);
        pairTrials.set(null);
        current.set(Tick.starting(testName));
        changed();
    }

    /** The newest interval of the running test; never blocks. */
    public void publish(Tick tick) {
        current.set(tick);
        changed();
    }

    /**
     * A trial of the running test's A/B comparison ended. Keeps a reference to its data: its
     * figures are worked out when the state is next rendered, on a reader's thread.
     */
    public void pairTrialFinished(String testName, PairTrial trial, TrialData data) {
        FinishedPairTrial done = new FinishedPairTrial(trial, data);
        // One writer per test (its thread), so read-then-set loses nothing.
        PairTrials before = pairTrials.get();
        pairTrials.set(
                before != null && before.testName().equals(testName)
                        ? before.with(done)
                        : new PairTrials(testName, List.of(done)));
        changed();
    }

    /** The running test ended; it is judged and reported next. */
    public void end(String testName) {
        Tick t = current.get();
        if (t != null && t.testName().equals(testName)) {
            current.set(null);
            judging.set(testName);
        }
        changed();
    }

    /** A test was judged and reported: listed as finished, no longer running. */
    public void finished(FinishedTest test) {
        finished.add(test);
        judging.compareAndSet(test.name(), null);
        PairTrials ab = pairTrials.get();
        if (ab != null && ab.testName().equals(test.name())) {
            pairTrials.compareAndSet(ab, null); // its report has every pair now
        }
        Tick t = current.get();
        if (t != null && t.testName().equals(test.name())) {
            current.set(null);
        }
        changed();
    }

    /** No more changes: every waiting reader wakes and sees {@link #isClosed()}. */
    public void close() {
        closed = true;
        changed();
    }

    public boolean isClosed() {
        return closed;
    }

    /** The version of the newest state; it grows by one or more with every change. */
    public long version() {
        return version.get();
    }

    /**
     * Waits until the state is newer than {@code seen}, the state is closed, the time is up or the
     * thread is interrupted (the interrupt stays set).
     *
     * @return the version now
     */
    public long awaitChange(long seen, long timeoutNanos) {
        Thread me = Thread.currentThread();
        waiters.add(me);
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (version.get() == seen && !closed && !me.isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            waiters.remove(me);
        }
        return version.get();
    }

    /** The state as the page shows it, rendered once per version (on the caller's thread, never the writer's). */
    public synchronized LiveSnapshot view() {
        long v = version.get();
        // Read the parts after the version: a change in between only makes this rendering newer than its number.
        if (rendered == null || rendered.version() != v) {
            rendered =
                    LiveSnapshot.of(v, current.get(), judging.get(), List.copyOf(finished), closed, pairTrials.get());
        }
        return rendered;
    }

    private void changed() {
        version.incrementAndGet();
        for (Thread t : waiters) {
            LockSupport.unpark(t);
        }
    }
}
