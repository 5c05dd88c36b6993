package dev.speechload.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/** Reads this JVM's settled heap and resident set. Stateless; call from one thread at a time. */
final class Heap {

    private Heap() {}

    /**
     * Heap in use after full collections: the smallest of three readings, each after
     * {@link System#gc()} (a full, compacting collection with G1 unless the JVM disables it).
     */
    static long settledUsedBytes() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            min = Math.min(
                    min,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    /**
     * Heap live after a full collection while other threads keep allocating: the heap pools' usage
     * as the collector left it ({@code getCollectionUsage}), the smallest of three, so garbage made
     * between the collection and the reading (hundreds of MB/s for a fast stream reader) is not
     * counted as theirs.
     */
    static long liveAfterFullGcBytes() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
                if (afterGc != null) {
                    used += afterGc.getUsed();
                }
            }
            min = Math.min(min, used);
        }
        return min;
    }

    /**
     * The first {@code lines} lines of this JVM's live-object class histogram (what {@code jcmd
     * <pid> GC.class_histogram} prints: a full collection first), header included; where a heap
     * figure misses its goal, this says which classes hold it.
     */
    static String classHistogram(int lines) throws Exception {
        String all = (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        return all.lines().limit(lines).collect(java.util.stream.Collectors.joining(System.lineSeparator()));
    }

    /** This process's resident set ({@code VmRSS} of {@code /proc/self/status}), or -1 where unknown. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // Not Linux: unknown.
        }
        return -1;
    }

    /** Live threads of this JVM. */
    static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
