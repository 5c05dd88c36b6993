package dev.speechload.server.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads this process's RSS, thread count and open descriptors from {@code /proc/self}, the same
 * place an outside sampler looks ({@code /proc/PID}), so both report the same numbers.
 * Thread-safe; every call reads afresh.
 *
 * <p>Off Linux (no {@code /proc}) RSS and descriptors are -1 and threads come from the JVM.
 */
public final class ProcessStatsReader {

    private final Path procDir;

    /** A reader of {@code /proc/self}. */
    public ProcessStatsReader() {
        this(Path.of("/proc/self"));
    }

    /** A reader of another {@code /proc/<pid>}-shaped directory (tests use a fake one). */
    public ProcessStatsReader(Path procDir) {
        this.procDir = procDir;
    }

    /** Reads all figures now. Never throws; unknown figures are -1. */
    public ProcessStats read() {
        ProcStatusParser.Status status = readStatus();
        int threads = status.threadCount() >= 0
                ? status.threadCount()
                : ManagementFactory.getThreadMXBean().getThreadCount();
        return new ProcessStats(status.residentMemoryBytes(), threads, countOpenFds(), cpuSeconds());
    }

    /**
     * CPU time in seconds: utime + stime of {@code stat} (clock ticks of 100 Hz, what an outside
     * reader of {@code /proc/PID/stat} sees); where there is no such file, this JVM's own CPU time
     * from the JDK's OperatingSystemMXBean when reading {@code /proc/self}; else -1.
     */
    double cpuSeconds() {
        try {
            String stat = Files.readString(procDir.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException noStat) {
            if (procDir.equals(Path.of("/proc/self"))
                    && ManagementFactory.getOperatingSystemMXBean()
                            instanceof com.sun.management.OperatingSystemMXBean os) {
                long nanos = os.getProcessCpuTime();
                return nanos < 0 ? -1 : nanos / 1e9;
            }
            return -1;
        }
    }

    private ProcStatusParser.Status readStatus() {
        try {
            return ProcStatusParser.parse(Files.readString(procDir.resolve("status")));
        } catch (IOException | RuntimeException noProc) {
            return new ProcStatusParser.Status(-1, -1);
        }
    }

    /**
     * Counts the entries of {@code fd/}. Reading {@code /proc/self/fd} opens one descriptor of
     * its own, which the listing includes; it is left in the count (a constant +1), because only
     * the growth of the figure matters to a leak check.
     */
    int countOpenFds() {
        Path fdDir = procDir.resolve("fd");
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fdDir)) {
            for (Path ignored : entries) {
                count++;
            }
            return count;
        } catch (IOException | RuntimeException noProc) {
            return -1;
        }
    }
}
