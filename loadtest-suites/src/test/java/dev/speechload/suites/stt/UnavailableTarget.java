package dev.speechload.suites.stt;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Target;
import dev.speechload.core.target.TargetUnavailableException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A target that cannot run here: {@link #start()} throws {@link TargetUnavailableException} with
 * the reason, which the {@code @LoadTest} extension reports as a skipped test. Immutable.
 */
final class UnavailableTarget implements Target {

    private final String kind;
    private final String reason;

    private UnavailableTarget(String kind, String reason) {
        this.kind = kind;
        this.reason = reason;
    }

    /**
     * @param kind   the kind {@code loadtest.target} asked for ("process" or "container"), so the
     *               extension accepts the declaration and then skips at start
     * @param reason why the suite cannot run on it, shown as the skip reason
     */
    static UnavailableTarget of(String kind, String reason) {
        return new UnavailableTarget(kind, reason);
    }

    @Override
    public void start() {
        throw new TargetUnavailableException(reason);
    }

    @Override
    public Endpoints endpoints() {
        return new Endpoints(Map.of());
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String description() {
        return "unavailable " + kind + " target (" + reason + ")";
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public Optional<ResourceProbe> resourceProbe() {
        return Optional.empty();
    }

    @Override
    public boolean isRunning() {
        return false;
    }

    @Override
    public void close() {
        // nothing was started
    }
}
