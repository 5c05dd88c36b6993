package dev.speechload.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStatsReaderTests {

    @Test
    void readsAFakeProcDirectory(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve("status"), "Name:\tx\nVmRSS:\t  1024 kB\nThreads:\t5\n");
        Path fd = Files.createDirectory(proc.resolve("fd"));
        for (int i = 0; i < 7; i++) {
            Files.createFile(fd.resolve(Integer.toString(i)));
        }
        ProcessStats stats = new ProcessStatsReader(proc).read();
        assertThat(stats).isEqualTo(new ProcessStats(1024 * 1024, 5, 7));
    }

    @Test
    void readsTheCpuTimeOfStatInClockTicks(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve("status"), "Name:\tx\nVmRSS:\t  1024 kB\nThreads:\t5\n");
        Files.writeString(
                proc.resolve("stat"),
                "4242 (java (server)) S 1 4242 4242 0 -1 4194560 2000 0 0 0 "
                        + "350 120 30 5 20 0 40 0 12345 3000000000 12000");
        assertThat(new ProcessStatsReader(proc).read().cpuSeconds()).isEqualTo(4.7);
        assertThat(new ProcessStatsReader().read().cpuSeconds()).isPositive();
    }

    @Test
    void reportsUnknownWithoutProc(@TempDir Path empty) {
        ProcessStats stats = new ProcessStatsReader(empty.resolve("missing")).read();
        assertThat(stats.residentMemoryBytes()).isEqualTo(-1);
        assertThat(stats.openFdCount()).isEqualTo(-1);
        assertThat(stats.threadCount()).as("falls back to the JVM's count").isPositive();
    }

    @Test
    void seesTheLiveJvmsDescriptorsRise() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
        ProcessStatsReader reader = new ProcessStatsReader();
        int before = reader.read().openFdCount();
        List<FileInputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(new FileInputStream("/proc/self/status"));
            }
            assertThat(reader.read().openFdCount()).isGreaterThanOrEqualTo(before + 20);
        } finally {
            for (FileInputStream in : open) {
                in.close();
            }
        }
    }

    @Test
    void seesTheLiveJvmsThreadsRise() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        ProcessStatsReader reader = new ProcessStatsReader();
        int before = reader.read().threadCount();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Thread t = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        try {
            assertThat(reader.read().threadCount()).isGreaterThanOrEqualTo(before + 10);
        } finally {
            release.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void seesTheLiveJvmsMemory() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc");
        long rss = new ProcessStatsReader().read().residentMemoryBytes();
        // A running JVM is resident for more than 10 MiB, and less than the machine.
        assertThat(rss)
                .isGreaterThan(10L * 1024 * 1024)
                .isLessThan(Runtime.getRuntime().maxMemory() * 8 + (1L << 32));
    }
}
