package dev.speechload.server.stt;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Burns a given amount of CPU time on the calling thread, standing in for model inference.
 *
 * <p>It counts the thread's own CPU time, not wall time: when the machine is saturated a
 * decode then takes longer on the wall clock, exactly like real inference, instead of
 * finishing on time with less work done. Where per-thread CPU time is unavailable it falls
 * back to wall time. Thread-safe (no shared state besides a sink against dead-code removal).
 */
final class CpuBurner {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_CLOCK = THREADS.isCurrentThreadCpuTimeSupported()
      && enableCpuTime();
  private static volatile long sink;

  private CpuBurner() {
  }

  private static boolean enableCpuTime() {
    try {
      if (!THREADS.isThreadCpuTimeEnabled()) {
        THREADS.setThreadCpuTimeEnabled(true);
      }
      return THREADS.isThreadCpuTimeEnabled();
    } catch (UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /**
   * Burns {@code cpuNanos} of CPU on this thread; returns at once for 0 or less.
   * Stops early, with the interrupt flag kept, when the thread is interrupted.
   */
  static void burn(long cpuNanos) {
    if (cpuNanos <= 0) {
      return;
    }
    long start = now();
    long x = start | 1;
    while (now() - start < cpuNanos && !Thread.currentThread().isInterrupted()) {
      // A few thousand rounds of xorshift hashing between clock reads keep the clock's own
      // cost small while still checking often enough to stop within ~50 microseconds.
      for (int i = 0; i < 4096; i++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
      }
    }
    sink = x;
  }

  private static long now() {
    return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }
}
