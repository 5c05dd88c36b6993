package dev.speechload.core.target.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a server when the JVM that started it dies, however it dies ({@code kill -9} included),
 * in the spirit of Testcontainers' Ryuk. A JVM's shutdown hook runs on a normal exit or SIGTERM,
 * never on SIGKILL or a crash; then the server is reparented to PID 1 and serves on.
 *
 * <p>The watchdog is a small {@code sh} process started beside the server. Its stdin is a pipe
 * whose only writer is this JVM, which never writes to it until the end; when the JVM dies the
 * kernel closes its end and the watchdog reads end-of-file: the surest sign there is, with no
 * polling and no pid of the JVM that could be reused. It then sends SIGTERM to the server's
 * process group (or to its pid alone when the server could not get a group of its own, see
 * {@link ProcessGroups}), waits the server's shutdown grace, and sends SIGKILL to what is left.
 * It ignores SIGHUP, SIGINT and SIGTERM, so the Ctrl-C that ends the JVM does not end its
 * watchdog first. Its messages go to the server's log.
 *
 * <p>On a normal {@link #close()} the JVM writes {@code release}: a watchdog of a group then ends
 * what is left of the group (children the server left behind) the same way, one of a bare pid
 * just exits (the pid may already belong to another process). Thread-safe; the target that
 * started it closes it.
 */
final class Watchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final Path SH = Path.of("/bin/sh");

    /**
     * Arguments: pid, 1 for its process group or 0 for the pid alone, grace in seconds, the JVM's
     * pid (for the message). Lines on stdin are ignored but {@code release}; EOF means the JVM died.
     */
    static final String SCRIPT = """
            trap '' HUP INT QUIT TERM PIPE
            pid=$1 group=$2 grace=$3 jvm=$4
            case "$pid" in ''|*[!0-9]*|0|1) echo "speechload watchdog: bad pid '$pid'" >&2; exit 2;; esac
            released=
            while read -r line; do
              if [ "$line" = release ]; then released=1; break; fi
            done
            if [ "$group" = 1 ]; then t=-$pid; what="process group $pid"
            elif [ -n "$released" ]; then exit 0
            else t=$pid; what="process $pid"
            fi
            kill -0 $t 2>/dev/null || exit 0
            if [ -n "$released" ]; then
              echo "speechload watchdog: the server exited but left processes in $what; sending SIGTERM" >&2
            else
              echo "speechload watchdog: the JVM that started this server (pid $jvm) is gone; sending SIGTERM to $what" >&2
            fi
            kill -TERM $t 2>/dev/null
            i=0
            while [ "$i" -lt "$grace" ]; do
              sleep 1
              kill -0 $t 2>/dev/null || exit 0
              i=$((i+1))
            done
            echo "speechload watchdog: $what still runs $grace s after SIGTERM; sending SIGKILL" >&2
            kill -KILL $t 2>/dev/null
            exit 0
            """;

    /** Watchdogs alive in this JVM: held so that no pipe is closed by the garbage collector. */
    private static final Set<Watchdog> LIVE = ConcurrentHashMap.newKeySet();

    private static volatile boolean warnedNoShell;

    private final Process process;
    private final long watchedPid;
    private final Duration grace;
    private boolean closed;

    private Watchdog(Process process, long watchedPid, Duration grace) {
        this.process = process;
        this.watchedPid = watchedPid;
        this.grace = grace;
    }

    /**
     * Starts a watchdog of {@code pid}: of its whole process group when {@code group} (the pid
     * must lead its group), else of the pid alone. Empty, after a warning, where there is no
     * {@code /bin/sh} (Windows) or it cannot start.
     *
     * @param log the server's log, where the watchdog's messages are appended
     */
    static Optional<Watchdog> watch(long pid, boolean group, Duration grace, Path log) {
        if (!Files.isExecutable(SH)) {
            if (!warnedNoShell) {
                warnedNoShell = true;
                LOG.warn(
                        "no {} here: servers started by this JVM are not watched, and a JVM killed with kill -9"
                                + " leaves them running",
                        SH);
            }
            return Optional.empty();
        }
        long graceSeconds = Math.max(1, (grace.toMillis() + 999) / 1000);
        List<String> command = List.of(
                SH.toString(),
                "-c",
                SCRIPT,
                "speechload-watchdog",
                Long.toString(pid),
                group ? "1" : "0",
                Long.toString(graceSeconds),
                Long.toString(ProcessHandle.current().pid()));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            Watchdog watchdog = new Watchdog(process, pid, Duration.ofSeconds(graceSeconds));
            LIVE.add(watchdog);
            LOG.debug("watchdog (pid {}) watches {} {}", process.pid(), group ? "process group" : "process", pid);
            return Optional.of(watchdog);
        } catch (IOException e) {
            LOG.warn(
                    "could not start the watchdog of pid {}: {}; if this JVM is killed with kill -9, the server"
                            + " keeps running",
                    pid,
                    e.toString());
            return Optional.empty();
        }
    }

    /** The watchdog's own pid. */
    long pid() {
        return process.pid();
    }

    /**
     * Releases the watchdog once the server has stopped, and waits (bounded by the grace period
     * and a little more) while it ends what the server left in its group.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LIVE.remove(this);
        try (OutputStream in = process.getOutputStream()) {
            in.write("release\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the watchdog is gone already: nothing to release
        }
        try {
            if (!process.waitFor(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("the watchdog (pid {}) of pid {} did not end; killing it", process.pid(), watchedPid);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
