package dev.speechload.core.io.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes a file so that readers see either the old content or the new, never a truncated file:
 * the bytes go to a temporary file on the same file system, are forced to disk, and the temporary
 * file is moved over the target atomically.
 *
 * <p>The temporary files live in {@value #TEMPORARY_DIR} beside the target, a directory holding a
 * {@code .gitignore} of {@code *}: a process killed mid-write leaves its temporary file where
 * {@code git add baselines/} cannot pick it up, and the next write into that directory removes
 * temporary files older than an hour.
 */
public final class AtomicFiles {

    /** The directory, beside the written files, that holds the temporary files. */
    public static final String TEMPORARY_DIR = ".speechload-tmp";

    /** No write takes this long: a temporary file this old was left by a killed process. */
    private static final Duration STALE = Duration.ofHours(1);

    private AtomicFiles() {}

    /** Writes {@code content} to {@code file}, creating parent directories as needed. */
    public static void write(Path file, byte[] content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmpDir = temporaryDir(dir);
        Path tmp = Files.createTempFile(tmpDir, absolute.getFileName() + ".", ".tmp");
        // createTempFile makes the file owner-only (0600); results and baselines are meant to be
        // read by others (CI artifacts, a web server), so give them the usual 0644.
        if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try {
            try (FileChannel channel =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path temporaryDir(Path dir) throws IOException {
        Path tmpDir = dir.resolve(TEMPORARY_DIR);
        ensureTemporaryDir(tmpDir);
        return tmpDir;
    }

    /** Creates {@code tmpDir} with its {@code .gitignore} if needed and removes stale temporary files. */
    static void ensureTemporaryDir(Path tmpDir) throws IOException {
        Files.createDirectories(tmpDir);
        Path ignore = tmpDir.resolve(".gitignore");
        if (!Files.exists(ignore)) {
            try {
                Files.writeString(
                        ignore,
                        "# temporary files of speechload's atomic writes; never committed\n*\n",
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                // another writer made it first
            }
        }
        removeStale(tmpDir);
    }

    private static void removeStale(Path tmpDir) {
        Instant before = Instant.now().minus(STALE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir, "*.tmp")) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    // gone already, or not ours to delete: the write goes on either way
                }
            }
        } catch (IOException e) {
            // cleaning up is a courtesy; the write itself is what matters
        }
    }
}
