package dev.speechload.core.target.internal;

import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.TargetDeath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Liveness} of a local process: dead once it exited without being asked to (a SIGTERM
 * the test sent is the test's own doing). Its check reads a flag the JDK's process reaper sets, so
 * it runs every {@link #INTERVAL}: every moment between the exit and its detection is spent
 * failing requests against a closed port. Thread-safe.
 */
final class ProcessLiveness implements Liveness {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessLiveness.class);
    private static final int LOG_TAIL_LINES = 20;
    static final Duration INTERVAL = Duration.ofMillis(20);

    private final String name;
    private final Supplier<OptionalInt> exitCode;
    private final BooleanSupplier stoppedOnPurpose;
    private final LongSupplier exitedAtNanos;
    private final Supplier<Path> logFile;
    private final AtomicBoolean logged = new AtomicBoolean();

    /**
     * @param exitCode         empty while the process runs
     * @param stoppedOnPurpose true once the target was signalled or closed
     * @param exitedAtNanos    when the kernel reported the exit, 0 while not known
     * @param logFile          the server's log, null when none
     */
    ProcessLiveness(
            String name,
            Supplier<OptionalInt> exitCode,
            BooleanSupplier stoppedOnPurpose,
            LongSupplier exitedAtNanos,
            Supplier<Path> logFile) {
        this.name = name;
        this.exitCode = exitCode;
        this.stoppedOnPurpose = stoppedOnPurpose;
        this.exitedAtNanos = exitedAtNanos;
        this.logFile = logFile;
    }

    @Override
    public boolean stoppedOnPurpose() {
        return stoppedOnPurpose.getAsBoolean();
    }

    @Override
    public Duration interval() {
        return INTERVAL;
    }

    @Override
    public Optional<TargetDeath> check() {
        OptionalInt code = exitCode.get();
        if (code.isEmpty() || stoppedOnPurpose.getAsBoolean()) {
            return Optional.empty();
        }
        long at = exitedAtNanos.getAsLong();
        Path log = logFile.get();
        if (logged.compareAndSet(false, true)) {
            LOG.warn(
                    "{} exited with code {} on its own; log {}, last lines:\n{}",
                    name,
                    code.getAsInt(),
                    log,
                    LogFiles.tail(log, LOG_TAIL_LINES));
        }
        return Optional.of(new TargetDeath(
                "exited with code " + code.getAsInt(),
                log == null ? null : "log " + log,
                code.getAsInt(),
                at != 0 ? at : System.nanoTime()));
    }
}
