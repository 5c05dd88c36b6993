package dev.speechload.core.sample.internal;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@code /proc/PID/status}, counts {@code /proc/PID/fd} and adds up the CPU time of
 * {@code /proc/PID/stat} over the process and its live descendants (a server started through a
 * wrapper script, or one that forks workers, counts whole; children it has reaped are in its own
 * cutime/cstime). Thread-safe. These are the numbers {@code ps} and {@code ls /proc/PID/fd} show,
 * so a user can check them by hand; OSHI would give the same on Linux at the cost of a dependency.
 *
 * <p>Finding the descendants walks the process table, so the list is kept for
 * {@link #DESCENDANTS_REFRESH_NANOS} between walks; reading their {@code stat} files is cheap.
 */
public final class ProcProbe implements ResourceProbe {

    private static final Path PROC = Path.of("/proc");
    static final long DESCENDANTS_REFRESH_NANOS = 5_000_000_000L;

    private final long pid;
    private final Path dir;
    private volatile Descendants descendants;

    private record Descendants(long[] pids, long readAtNanos) {}

    public ProcProbe(long pid) {
        this.pid = pid;
        this.dir = PROC.resolve(Long.toString(pid));
    }

    /** True on machines with a Linux-style /proc. */
    public static boolean available() {
        return Files.isReadable(PROC.resolve("self").resolve("status"));
    }

    @Override
    public ResourceReading read() throws IOException {
        Path statusFile = dir.resolve("status");
        String text;
        try {
            text = Files.readString(statusFile, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IOException("process " + pid + " is gone (" + statusFile + " does not exist)", e);
        }
        ProcStatus status = ProcStatus.parse(statusFile.toString(), text);
        return new ResourceReading(status.memoryRssBytes(), countFds(), status.threadCount(), cpuTimeNanos());
    }

    /** CPU time of the process and its live descendants, -1 when the process's own cannot be read. */
    private long cpuTimeNanos() {
        long ticks = ProcMachineText.parsePidCpuTicks(ProcMachineProbe.text(dir.resolve("stat")));
        if (ticks < 0) {
            return -1;
        }
        for (long child : descendantPids()) {
            long t = ProcMachineText.parsePidCpuTicks(
                    ProcMachineProbe.text(PROC.resolve(Long.toString(child)).resolve("stat")));
            if (t > 0) {
                ticks += t;
            }
        }
        return ticks * ProcMachineText.NANOS_PER_TICK;
    }

    private long[] descendantPids() {
        long now = System.nanoTime();
        Descendants d = descendants;
        if (d == null || now - d.readAtNanos() > DESCENDANTS_REFRESH_NANOS) {
            long[] pids = ProcessHandle.of(pid)
                    .map(h -> h.descendants().mapToLong(ProcessHandle::pid).toArray())
                    .orElse(new long[0]);
            d = new Descendants(pids, now);
            descendants = d;
        }
        return d.pids();
    }

    private long countFds() throws IOException {
        long count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path ignored : fds) {
                count++;
            }
        } catch (AccessDeniedException e) {
            // Another user's process: memory and threads are still readable, descriptors are not.
            return -1;
        } catch (NoSuchFileException e) {
            throw new IOException("process " + pid + " is gone (" + dir.resolve("fd") + " does not exist)", e);
        }
        // Listing a process's own fd directory opens one descriptor for the listing itself.
        if (pid == ProcessHandle.current().pid() && count > 0) {
            count--;
        }
        return count;
    }

    @Override
    public boolean onThisMachine() {
        return true;
    }

    @Override
    public String description() {
        return "proc:" + pid;
    }

    @Override
    public String toString() {
        return description();
    }
}
