package dev.speechload.server.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

/**
 * A pid file that guards against two servers with the same configuration: acquiring it fails
 * while the file names a live process; a file left by a dead process (stale) is replaced.
 * The file is created with {@code CREATE_NEW}, so two servers starting at the same instant
 * cannot both win. {@link #close()} deletes it if it still holds our pid. Thread-safe.
 */
public final class PidFile implements AutoCloseable {

    private final Path path;
    private final long pid;

    private PidFile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    /**
     * Acquires {@code path} for the current process.
     *
     * @throws PidFileHeldException when the file names another live process
     * @throws IOException when the file cannot be read or written
     */
    public static PidFile acquire(Path path) throws IOException {
        return acquire(
                path,
                ProcessHandle.current().pid(),
                other -> ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false));
    }

    /**
     * Acquires {@code path} for process {@code ownPid}.
     *
     * @param isAlive tells whether a pid names a live process
     * @throws PidFileHeldException when the file names another live process
     * @throws IOException when the file cannot be read or written
     */
    public static PidFile acquire(Path path, long ownPid, LongPredicate isAlive) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Two rounds at most: a stale file is removed once, then creation must succeed or a
        // concurrent server won the race.
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(
                        path,
                        ownPid + "\n",
                        StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return new PidFile(path, ownPid);
            } catch (FileAlreadyExistsException exists) {
                OptionalLong holder = readPid(path);
                if (holder.isPresent() && holder.getAsLong() != ownPid && isAlive.test(holder.getAsLong())) {
                    throw new PidFileHeldException(path, holder.getAsLong());
                }
                // Stale (dead pid), our own pid, or garbage: replace it.
                Files.deleteIfExists(path);
            }
        }
        OptionalLong holder = readPid(path);
        throw new PidFileHeldException(path, holder.orElse(-1));
    }

    /** The pid written in {@code path}, empty if missing or not a number. */
    public static OptionalLong readPid(Path path) throws IOException {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
            return text.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (NoSuchFileException gone) {
            return OptionalLong.empty();
        }
    }

    /** The file's path. */
    public Path path() {
        return path;
    }

    /** Deletes the file if it still holds our pid; never throws. */
    @Override
    public synchronized void close() {
        try {
            OptionalLong holder = readPid(path);
            if (holder.isPresent() && holder.getAsLong() == pid) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException ignored) {
            // Best effort at exit: a leftover file is stale and the next start replaces it.
        }
    }
}
