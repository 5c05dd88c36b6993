package dev.speechload.core.record.internal;

import java.util.Arrays;

/**
 * A small dense number per live thread, so per-thread state can sit in an array instead of a
 * {@link ThreadLocal} per metric. Thread-safe. A thread keeps its number for life; the number of a
 * thread that ended is given to a later thread, so the numbers in use stay below about
 * 2.7 times the peak count of threads alive at once, however many threads come and go.
 *
 * <p>The handover is what makes per-thread single-writer state safe to reuse: a number is taken
 * back only after {@link Thread#isAlive()} returned false for its owner, which (JLS 17.4.4)
 * orders everything the ended thread wrote before everything its successor writes. State indexed
 * by the number therefore has one writer at a time, and nothing the ended thread recorded is lost.
 */
final class ThreadIndex {

    /** The one table every recorder shares, so a thread costs one index whatever it records. */
    static final ThreadIndex SHARED = new ThreadIndex();

    private final ThreadLocal<Slot> slot = ThreadLocal.withInitial(this::claimForCurrentThread);
    // Guarded by "this".
    private Thread[] owners = new Thread[16];
    private int fresh;
    private int[] free = new int[16];
    private int freeCount;

    /** The calling thread's number; the first call per thread claims one (a lock, once). */
    int current() {
        return slot.get().index;
    }

    /** How many numbers were ever handed out: one more than the largest in use. */
    synchronized int capacityUsed() {
        return fresh;
    }

    private Slot claimForCurrentThread() {
        return new Slot(claim(Thread.currentThread()));
    }

    private synchronized int claim(Thread thread) {
        if (freeCount == 0 && fresh == owners.length) {
            // Full: take back the numbers of ended threads. Grow as well when few were ended, so
            // a churn of short threads beside many live ones does not rescan the table per claim.
            int reclaimed = reclaimEnded();
            if (reclaimed < owners.length / 4) {
                owners = Arrays.copyOf(owners, owners.length * 2);
            }
        }
        int index = freeCount > 0 ? free[--freeCount] : fresh++;
        owners[index] = thread;
        return index;
    }

    private int reclaimEnded() {
        int reclaimed = 0;
        for (int i = 0; i < fresh; i++) {
            Thread owner = owners[i];
            if (owner != null && !owner.isAlive()) {
                owners[i] = null;
                if (freeCount == free.length) {
                    free = Arrays.copyOf(free, free.length * 2);
                }
                free[freeCount++] = i;
                reclaimed++;
            }
        }
        return reclaimed;
    }

    private static final class Slot {
        final int index;

        Slot(int index) {
            this.index = index;
        }
    }
}
