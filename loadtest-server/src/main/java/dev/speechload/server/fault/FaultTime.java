package dev.speechload.server.fault;

import dev.speechload.server.cpu.CpuBurner;

/**
 * How the timing faults spend the time they add: waiting (the latency faults) or working (the
 * CPU-cost fault). {@link #REAL} sleeps and burns CPU; tests pass one that records what the
 * faults asked for, so they can check the amounts without measuring wall-clock time.
 * Implementations must be thread-safe: every decode worker and TTS thread calls them.
 */
public interface FaultTime {

    /** Sleeps and burns CPU for real. */
    FaultTime REAL = new FaultTime() {
        @Override
        public void sleep(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        }

        @Override
        public void burnCpu(long nanos) throws InterruptedException {
            CpuBurner.burn(nanos);
        }
    };

    /**
     * Blocks the calling thread for {@code nanos} (&gt; 0) without using CPU.
     *
     * @throws InterruptedException when interrupted meanwhile
     */
    void sleep(long nanos) throws InterruptedException;

    /**
     * Uses {@code nanos} (&gt; 0) of the calling thread's CPU time on real work.
     *
     * @throws InterruptedException when interrupted meanwhile
     */
    void burnCpu(long nanos) throws InterruptedException;
}
