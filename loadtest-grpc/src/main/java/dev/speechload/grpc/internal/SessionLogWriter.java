package dev.speechload.grpc.internal;

import dev.speechload.grpc.SessionLog;
import dev.speechload.grpc.SessionLogColumns;
import dev.speechload.grpc.SessionLogFormat;
import dev.speechload.grpc.SessionLogging;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes session logs on its own daemon thread: {@link #submit} only enqueues (lock-free), so the
 * threads running sessions never format or do I/O. {@link #close()} drains the queue, writes the
 * format's footer and closes the file. The file stops taking sessions at its size cap, with a
 * note ({@link SessionLogFormat#capNote}). Thread-safe; the scenario that opened it closes it.
 * Not API.
 */
public final class SessionLogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLogWriter.class);
    private static final SessionLog STOP = new SessionLog(
            "stop", 0, 0, false, "-", false, null, null, 0, 0, 0, 0, null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    private final SessionLogging settings;
    private final SessionLogColumns columns;
    private final String title;
    private final Clock clock;
    private final LinkedTransferQueue<SessionLog> queue = new LinkedTransferQueue<>();
    private final BufferedWriter file;
    private final Thread thread;
    private volatile boolean fileOpen;
    private long written;
    private long printed;
    /** Bytes in the file, sessions in it, and whether the cap stopped it: read and written by one thread at a time. */
    private long fileBytes;

    private long fileSessions;
    private long omitted;
    private boolean capped;
    private volatile boolean closed;

    private SessionLogWriter(
            SessionLogging settings,
            SessionLogColumns columns,
            String title,
            Clock clock,
            BufferedWriter file,
            SessionLogWriter continued) {
        this.settings = settings;
        this.columns = columns;
        this.title = title;
        this.clock = clock;
        this.file = file;
        this.fileOpen = file != null;
        if (continued != null) {
            this.fileBytes = continued.fileBytes;
            this.fileSessions = continued.fileSessions;
            this.capped = continued.capped;
        }
        this.thread = new Thread(this::drain, "speechload-session-log");
        this.thread.setDaemon(true);
    }

    /**
     * Opens the file (replacing it) and starts the writer thread.
     *
     * @throws UncheckedIOException naming the file when it cannot be created
     */
    public static SessionLogWriter open(SessionLogging settings, String defaultTitle, Clock clock) {
        return open(settings, defaultTitle, SessionLogColumns.ALL, clock, null);
    }

    /**
     * Opens the file and starts the writer thread. With {@code continued} (the closed writer of an
     * earlier trial of the same scenario, same settings) the file is added to, not replaced: the
     * sessions of every trial stay, a CSV or TSV file gets no second header line, and the cap
     * counts what the file already holds.
     *
     * @param columns   the optional columns the scenario has
     * @param continued null to replace the file
     * @throws UncheckedIOException naming the file when it cannot be created
     */
    public static SessionLogWriter open(
            SessionLogging settings,
            String defaultTitle,
            SessionLogColumns columns,
            Clock clock,
            SessionLogWriter continued) {
        BufferedWriter out = null;
        Path path = settings.file();
        if (path != null) {
            try {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                out = continued == null
                        ? Files.newBufferedWriter(path, StandardCharsets.UTF_8)
                        : Files.newBufferedWriter(
                                path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write session log " + path + ": " + e.getMessage(), e);
            }
        }
        String title = settings.title() != null ? settings.title() : defaultTitle;
        SessionLogWriter writer = new SessionLogWriter(settings, columns, title, clock, out, continued);
        writer.start(continued == null);
        return writer;
    }

    private void start(boolean newFile) {
        SessionLogFormat format = settings.format();
        boolean headerOnce = format == SessionLogFormat.CSV || format == SessionLogFormat.TSV;
        if (fileOpen && (newFile || !headerOnce)) {
            write(format.header(title, Instant.now(clock), columns));
        }
        thread.start();
    }

    /** Queues one session for writing; never blocks. Ignored after {@link #close()}. */
    public void submit(SessionLog log) {
        if (!closed) {
            queue.offer(log);
        }
    }

    private void drain() {
        try {
            while (true) {
                SessionLog log = queue.poll(1, TimeUnit.SECONDS);
                if (log == STOP) {
                    return;
                }
                if (log != null) {
                    writeOne(log);
                }
                if (queue.isEmpty()) {
                    flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeOne(SessionLog log) {
        SessionLogFormat format = settings.format();
        String row = format.row(log, columns);
        if (fileOpen) {
            writeToFile(format, row);
        }
        if (printed < settings.maxStdout()) {
            if (printed == 0) {
                settings.stdout().print(format.header(title, Instant.now(clock), columns));
            }
            settings.stdout().print(row);
            printed++;
        }
        written++;
    }

    private void writeToFile(SessionLogFormat format, String row) {
        if (capped) {
            omitted++;
            return;
        }
        if (fileBytes + utf8Length(row) > settings.maxFileBytes()) {
            capped = true;
            omitted++;
            write(format.capNote(settings.maxFileBytes(), fileSessions));
            LOG.warn(
                    "session log {}: its cap of {} bytes is reached after {} sessions; later sessions are not"
                            + " written to it (SessionLogging.withMaxFileBytes)",
                    settings.file(),
                    settings.maxFileBytes(),
                    fileSessions);
            return;
        }
        write(row);
        fileSessions++;
    }

    private void write(String text) {
        try {
            fileBytes += utf8Length(text);
            file.write(text);
        } catch (IOException e) {
            // One warning, then stop writing the file: a full disk must not fail the load test.
            LOG.warn(
                    "session log {}: write failed ({}); no further sessions are written to it",
                    settings.file(),
                    e.getMessage());
            closeFileQuietly();
        }
    }

    private void flush() {
        if (fileOpen) {
            try {
                file.flush();
            } catch (IOException e) {
                LOG.warn("session log {}: flush failed ({})", settings.file(), e.getMessage());
            }
        }
        settings.stdout().flush();
    }

    /** Sessions written so far (to the file or counted for it). */
    public long written() {
        return written;
    }

    /** Sessions the file's cap kept out of it, in this writer's time; final once closed. */
    public long omitted() {
        return omitted;
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Writes everything queued, then the footer, and closes the file. Waits at most 30 s for the
     * writer thread; idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.offer(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String footer = settings.format().footer(Instant.now(clock), written, columns);
        if (printed > 0) {
            settings.stdout().print(footer);
            settings.stdout().flush();
        }
        if (fileOpen) {
            write(settings.format().footer(Instant.now(clock), fileSessions, columns));
            closeFileQuietly();
        }
        if (omitted > 0) {
            LOG.info(
                    "session log {}: {} sessions written, {} left out over its cap of {} bytes",
                    settings.file(),
                    fileSessions,
                    omitted,
                    settings.maxFileBytes());
        }
    }

    private void closeFileQuietly() {
        if (!fileOpen) {
            return;
        }
        fileOpen = false;
        try {
            file.close();
        } catch (IOException e) {
            LOG.warn("session log {}: close failed ({})", settings.file(), e.getMessage());
        }
    }
}
