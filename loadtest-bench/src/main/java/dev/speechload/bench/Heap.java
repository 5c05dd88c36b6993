package dev.speechload.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this JVM's settled heap and resident set. Stateless; call from one thread at a time. */
final class Heap {

    private Heap() {
    }

    /**
     * Heap in use after full collections: the smallest of three readings, each after
     * {@link System#gc()} (a full, compacting collection with G1 unless the JVM disables it).
     */
    static long settledUsedBytes() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
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
