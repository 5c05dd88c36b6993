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

  /** Reads all three figures now. Never throws; unknown figures are -1. */
  public ProcessStats read() {
    ProcStatusParser.Status status = readStatus();
    int threads = status.threadCount() >= 0
        ? status.threadCount()
        : ManagementFactory.getThreadMXBean().getThreadCount();
    return new ProcessStats(status.residentMemoryBytes(), threads, countOpenFds());
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
