package dev.speechload.core.engine.internal;

import dev.speechload.core.result.GeneratorSample;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

/** Reads the generator's own JVM (heap, GC, threads) through java.lang.management. Sampler thread only. */
final class GeneratorProbe {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();

    GeneratorSample read(long offsetMillis) {
        return new GeneratorSample(offsetMillis, memory.getHeapMemoryUsage().getUsed(), gcTimeMillis(),
                threads.getThreadCount());
    }

    long gcCount() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : gcs) {
            sum += Math.max(0, gc.getCollectionCount());
        }
        return sum;
    }

    long gcTimeMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : gcs) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}
