package dev.speechload.core.io.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims a file for one writer at a time, across processes and within one JVM: the writer holds
 * an operating-system lock ({@link FileChannel#tryLock()}) on {@code <name>.lock} in the
 * {@value AtomicFiles#TEMPORARY_DIR} directory beside the file (never committed), and writes
 * who it is into it, so a second writer is refused at once with the first one's pid, host and
 * start time. The kernel drops the lock when its process dies, even by {@code kill -9}, so a
 * crashed run never blocks the next one.
 *
 * <p>Thread-safe. The one who acquires closes; closing twice is harmless. The lock file is left
 * in place: deleting it would let a third writer lock a new file while the second still waits on
 * the old one.
 */
public final class WriterLock implements AutoCloseable {

    /**
     * Claims held by this JVM, by lock file. POSIX locks belong to a process, so the JVM would
     * throw {@link OverlappingFileLockException} for a second claim, and merely opening and closing
     * the lock file to read who holds it would release the holder's lock: a claim of this JVM is
     * therefore looked up here and the file is never touched.
     */
    private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private WriterLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code file} for this writer until {@link #close()}.
     *
     * @param file  the file to be written (it need not exist); its directory is created
     * @param owner who writes, for the message another writer gets (e.g. the test's name)
     * @param hint  what a refused writer should do, appended to its message
     * @throws IllegalStateException naming the file, the other writer and the hint when another
     *                               process or another thread of this JVM holds the claim
     * @throws IOException           when the lock file cannot be created or locked
     */
    public static WriterLock acquire(Path file, String owner, String hint) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Path tmpDir = absolute.getParent().resolve(AtomicFiles.TEMPORARY_DIR);
        AtomicFiles.ensureTemporaryDir(tmpDir);
        Path lockFile = tmpDir.resolve(absolute.getFileName() + ".lock");
        String me = owner + " (pid " + ProcessHandle.current().pid() + " on " + LocalHost.name() + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")";
        String other = HELD_HERE.putIfAbsent(lockFile, me);
        if (other != null) {
            throw refused(absolute, other + ", in this JVM", lockFile, hint);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // another claim of this JVM that did not come through here: same answer
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(channel);
                throw refused(absolute, holder.isEmpty() ? "another process" : holder, lockFile, hint);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new WriterLock(lockFile, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(lockFile, me);
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
    }

    /** Reads through the channel already open, so no other descriptor of the file is opened and closed. */
    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        long position = 0;
        int n;
        while (buffer.hasRemaining() && (n = channel.read(buffer, position)) > 0) {
            position += n;
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    private static IllegalStateException refused(Path file, String holder, Path lockFile, String hint) {
        return new IllegalStateException(file + " is being written by another run: " + holder
                + ". Two runs writing one file would overwrite each other's results (lock " + lockFile + "). "
                + hint);
    }

    /** The lock file this claim holds. */
    public Path lockFile() {
        return lockFile;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } finally {
            channel.close();
            HELD_HERE.remove(lockFile);
        }
    }
}
