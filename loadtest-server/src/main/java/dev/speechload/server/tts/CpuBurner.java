package dev.speechload.server.tts;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Burns CPU time on the calling thread, as a stand-in for a speech model's compute: a hashing
 * loop that runs until the thread has used the requested CPU time (measured with the thread CPU
 * clock where the JVM supports it, else with the wall clock). Under CPU saturation the loop takes
 * longer in wall time, as a real model would. Thread-safe, stateless.
 */
final class CpuBurner {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_CLOCK = cpuClockAvailable();
  private static final int ITERATIONS_PER_CHECK = 4096;

  /** Keeps the hash results alive so the JIT cannot remove the loop. */
  @SuppressWarnings("unused")
  private static volatile long sink;

  private CpuBurner() {
  }

  /**
   * Burns about {@code cpuNanos} of CPU time (at least that much, plus up to one check
   * interval, about 0.1 ms).
   *
   * @param cpuNanos CPU time to use; 0 or less returns at once
   * @throws InterruptedException if the thread is interrupted meanwhile (checked every check
   *     interval)
   */
  static void burn(long cpuNanos) throws InterruptedException {
    if (cpuNanos <= 0) {
      return;
    }
    long start = now();
    long hash = 0x9E3779B97F4A7C15L ^ cpuNanos;
    while (now() - start < cpuNanos) {
      for (int i = 0; i < ITERATIONS_PER_CHECK; i++) {
        // splitmix64 finalizer: cheap, branch-free, not foldable by the JIT
        hash += 0x9E3779B97F4A7C15L;
        long z = hash;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        hash = z ^ (z >>> 31);
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("cpu burn interrupted");
      }
    }
    sink = hash;
  }

  /** True if {@link #burn} measures thread CPU time rather than wall time. */
  static boolean measuresCpuTime() {
    return CPU_CLOCK;
  }

  private static long now() {
    return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static boolean cpuClockAvailable() {
    try {
      return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()
          && THREADS.getCurrentThreadCpuTime() >= 0;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }
}
