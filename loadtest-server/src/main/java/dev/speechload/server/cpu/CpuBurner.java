package dev.speechload.server.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Burns a given amount of CPU time on the calling thread: the stand-in for model inference in
 * the synthetic STT and TTS engines, and the work of the CPU-cost fault.
 *
 * <p>It counts the thread's own CPU time, not wall time: when the machine is saturated a burn
 * then takes longer on the wall clock, exactly like real inference, instead of finishing on
 * time with less work done. Where per-thread CPU time is unavailable it falls back to wall
 * time. Thread-safe and stateless (besides a sink that keeps the JIT from removing the loop).
 */
public final class CpuBurner {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_CLOCK = cpuClockAvailable();
    private static final int ROUNDS_PER_CLOCK_READ = 4096;
    private static volatile long sink;

    private CpuBurner() {}

    /**
     * Burns at least {@code cpuNanos} of CPU on this thread (plus up to one check interval, about
     * 0.05 ms); returns at once for 0 or less.
     *
     * @throws InterruptedException when the thread is interrupted meanwhile (checked every
     *     interval); the interrupt flag is cleared, as usual for this exception
     */
    public static void burn(long cpuNanos) throws InterruptedException {
        if (cpuNanos <= 0) {
            return;
        }
        long start = now();
        long x = start | 1;
        while (now() - start < cpuNanos) {
            // A few thousand rounds of xorshift hashing between clock reads keep the clock's own
            // cost small while still checking often enough to stop within ~50 microseconds.
            for (int i = 0; i < ROUNDS_PER_CLOCK_READ; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("CPU burn interrupted");
            }
        }
        sink = x;
    }

    /** True if {@link #burn} measures the thread's CPU time, false if it falls back to wall time. */
    public static boolean measuresCpuTime() {
        return CPU_CLOCK;
    }

    private static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static boolean cpuClockAvailable() {
        try {
            if (!THREADS.isCurrentThreadCpuTimeSupported()) {
                return false;
            }
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.isThreadCpuTimeEnabled() && THREADS.getCurrentThreadCpuTime() >= 0;
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
