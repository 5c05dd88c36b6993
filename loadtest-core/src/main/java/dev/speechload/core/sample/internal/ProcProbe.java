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
 * Reads {@code /proc/PID/status} and counts {@code /proc/PID/fd}. Immutable; thread-safe.
 * These are the numbers {@code ps} and {@code ls /proc/PID/fd} show, so a user can check them
 * by hand; OSHI would give the same on Linux at the cost of a dependency.
 */
public final class ProcProbe implements ResourceProbe {

    private static final Path PROC = Path.of("/proc");

    private final long pid;
    private final Path dir;

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
        return new ResourceReading(status.memoryRssBytes(), countFds(), status.threadCount());
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
    public String description() {
        return "proc:" + pid;
    }

    @Override
    public String toString() {
        return description();
    }
}
