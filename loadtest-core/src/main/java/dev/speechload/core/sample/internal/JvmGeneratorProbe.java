package dev.speechload.core.sample.internal;

import dev.speechload.core.sample.GeneratorProbe;
import dev.speechload.core.sample.GeneratorReading;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

/** Reads this JVM through its platform MXBeans. Stateless; thread-safe. */
public final class JvmGeneratorProbe implements GeneratorProbe {

    public static final JvmGeneratorProbe INSTANCE = new JvmGeneratorProbe();

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    private JvmGeneratorProbe() {}

    @Override
    public GeneratorReading read() {
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            // -1 means "not available" for that collector: count it as nothing rather than subtract.
            gcCount += Math.max(0, collector.getCollectionCount());
            gcMillis += Math.max(0, collector.getCollectionTime());
        }
        long heapUsed = Math.max(0, memory.getHeapMemoryUsage().getUsed());
        return new GeneratorReading(heapUsed, gcCount, gcMillis, threads.getThreadCount(), processCpuNanos());
    }

    private long processCpuNanos() {
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long cpu = sun.getProcessCpuTime();
            return cpu >= 0 ? cpu : -1;
        }
        return -1;
    }
}
