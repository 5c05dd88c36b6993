package dev.speechload.server.fault;

import java.util.function.LongSupplier;

/**
 * A periodic freeze: in every period of {@code everyNanos}, the first {@code stallNanos} are
 * frozen, starting one period after creation (so a server is ready before its first stall).
 * A thread calling {@link #awaitOpen()} while frozen sleeps until the freeze ends, so every
 * decode worker and TTS chunk stops at once, the way a stop-the-world pause or a stuck model
 * behaves. Thread-safe.
 */
final class StallGate {

    /** Sleeps; replaced in tests. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long stallNanos;
    private final long everyNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final long originNanos;

    StallGate(long stallMs, long everyMs) {
        this(
                stallMs * 1_000_000L,
                everyMs * 1_000_000L,
                System::nanoTime,
                nanos -> Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L)));
    }

    StallGate(long stallNanos, long everyNanos, LongSupplier clock, Sleeper sleeper) {
        this.stallNanos = stallNanos;
        this.everyNanos = everyNanos;
        this.clock = clock;
        this.sleeper = sleeper;
        this.originNanos = clock.getAsLong();
    }

    /**
     * Nanoseconds left in the current freeze at {@code nowNanos}, 0 when open.
     */
    long frozenNanosLeft(long nowNanos) {
        if (stallNanos <= 0) {
            return 0;
        }
        long elapsed = nowNanos - originNanos;
        if (elapsed < everyNanos) {
            return 0;
        }
        long phase = elapsed % everyNanos;
        return phase < stallNanos ? stallNanos - phase : 0;
    }

    /**
     * Returns at once when open; otherwise sleeps until the freeze ends.
     *
     * @return nanoseconds slept
     * @throws InterruptedException when interrupted while frozen
     */
    long awaitOpen() throws InterruptedException {
        long left = frozenNanosLeft(clock.getAsLong());
        if (left > 0) {
            sleeper.sleepNanos(left);
        }
        return left;
    }
}
