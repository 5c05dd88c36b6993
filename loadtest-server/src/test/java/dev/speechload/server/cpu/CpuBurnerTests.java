package dev.speechload.server.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class CpuBurnerTests {

    @Test
    void burnsAtLeastTheRequestedCpuTime() throws InterruptedException {
        var threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        CpuBurner.burn(50_000_000L);
        long usedNanos = threads.getCurrentThreadCpuTime() - before;
        assertThat(usedNanos).isGreaterThanOrEqualTo(50_000_000L);
    }

    @Test
    void zeroBurnsNothingNoticeable() throws InterruptedException {
        long start = System.nanoTime();
        CpuBurner.burn(0);
        assertThat(System.nanoTime() - start).isLessThan(50_000_000L);
    }
}
