package dev.speechload.core.junit.internal;

import dev.speechload.core.run.PlanRun;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Target;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class's target as kept in the class-level store: started (or the reason it could not
 * start, rethrown to every test of the class), closed by JUnit when the class ends. Closing is
 * idempotent. Not API.
 */
@SuppressWarnings("deprecation") // CloseableResource keeps JUnit versions before 5.13 closing it too.
final class StartedTarget implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StartedTarget.class);

    private final Target target;
    private final RuntimeException failure;
    private final String absence;
    private boolean closed;

    private StartedTarget(Target target, RuntimeException failure, String absence) {
        this.target = target;
        this.failure = failure;
        this.absence = absence;
    }

    static StartedTarget started(Target target) {
        return new StartedTarget(target, null, null);
    }

    /** A class without a target: scenarios run in the test JVM. */
    static StartedTarget none() {
        return new StartedTarget(null, null, null);
    }

    /**
     * No target, for a reason the test's verdict must carry (a reference build that was asked for
     * but cannot run for this class or test).
     */
    static StartedTarget absent(String why) {
        return new StartedTarget(null, null, why);
    }

    static StartedTarget failed(RuntimeException failure) {
        return new StartedTarget(null, failure, null);
    }

    /** Why there is no target, when that is worth saying in the verdict. */
    Optional<String> absence() {
        return Optional.ofNullable(absence);
    }

    /** Rethrows the start failure, if any (a TestAbortedException skips the test). */
    StartedTarget orThrow() {
        if (failure != null) {
            throw failure;
        }
        return this;
    }

    Optional<Target> target() {
        return Optional.ofNullable(target);
    }

    Endpoints endpoints() {
        return target == null ? new Endpoints(Map.of()) : target.endpoints();
    }

    /** {@code run} aimed at this target and watching it ({@link PlanRun#withTarget}); unchanged without one. */
    PlanRun aim(PlanRun run) {
        return target == null ? run : run.withTarget(target);
    }

    @Override
    public synchronized void close() {
        if (closed || target == null) {
            return;
        }
        closed = true;
        try {
            target.close();
        } catch (RuntimeException e) {
            LOG.warn("Stopping {} failed: {}", target.description(), e.toString());
        }
    }
}
