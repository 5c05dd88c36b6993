package dev.speechload.core.testkit;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.Target;
import dev.speechload.core.target.TargetDeath;
import dev.speechload.core.target.TargetUnavailableException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For tests: a {@link Target} that starts no server. Its endpoints point at an address the test
 * gives (a server the test runs itself, or a port that only tells two fakes apart), it counts its
 * starts and closes, runs an action the test gives on each, and can be {@link #unavailable} (the
 * {@code @LoadTest} extension then skips the test) or {@link #die} during a run (the engine then
 * ends the run, as when a real server exits).
 *
 * <p>A {@code @LoadTarget} method that points the extension at a server the test class runs
 * itself: {@code return FakeTarget.http(server.port());}.
 *
 * <p>The {@code with…} methods return a copy with nothing started or closed yet; set a fake up
 * before handing it out. Its kind is {@code "process"} unless {@link #withKind} says otherwise (the
 * extension checks it against {@code loadtest.target}). Thread-safe: counts are atomic and a death
 * is seen by the engine's watcher at once.
 */
public final class FakeTarget implements Target {

    private final String kind;
    private final Endpoints endpoints;
    private final String unavailableReason;
    private final Runnable startAction;
    private final Runnable closeAction;
    private final ResourceProbe probe;
    private final OptionalLong pid;
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile TargetDeath death;

    private FakeTarget(
            String kind,
            Endpoints endpoints,
            String unavailableReason,
            Runnable startAction,
            Runnable closeAction,
            ResourceProbe probe,
            OptionalLong pid) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.unavailableReason = unavailableReason;
        this.startAction = Objects.requireNonNull(startAction, "startAction");
        this.closeAction = Objects.requireNonNull(closeAction, "closeAction");
        this.probe = probe;
        this.pid = pid;
    }

    /** A fake whose server listens at {@code endpoints}. */
    public static FakeTarget at(Endpoints endpoints) {
        return new FakeTarget("process", endpoints, null, () -> {}, () -> {}, null, OptionalLong.empty());
    }

    /** A fake with one HTTP endpoint, {@code http://127.0.0.1:<port>}. */
    public static FakeTarget http(int port) {
        return at(new Endpoints(Map.of(Endpoints.HTTP, URI.create("http://127.0.0.1:" + port))));
    }

    /** A fake with one gRPC endpoint, {@code grpc://127.0.0.1:<port>}. */
    public static FakeTarget grpc(int port) {
        return at(new Endpoints(Map.of(Endpoints.GRPC, URI.create("grpc://127.0.0.1:" + port))));
    }

    /** A fake with no endpoints, for tests whose scenario talks to no server. */
    public static FakeTarget noEndpoints() {
        return at(new Endpoints(Map.of()));
    }

    /**
     * A target that cannot run here: {@link #start()} throws {@link TargetUnavailableException}
     * with {@code reason}, which the {@code @LoadTest} extension reports as a skipped test.
     */
    public static FakeTarget unavailable(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new FakeTarget(
                "process", new Endpoints(Map.of()), reason, () -> {}, () -> {}, null, OptionalLong.empty());
    }

    /** A copy of kind {@code kind} ("process", "container" or "external"). */
    public FakeTarget withKind(String kind) {
        return new FakeTarget(kind, endpoints, unavailableReason, startAction, closeAction, probe, pid);
    }

    /**
     * A copy that runs {@code action} on each {@link #start()}, after counting it; an action that
     * throws a {@code TargetException} makes the start fail with it.
     */
    public FakeTarget withStartAction(Runnable action) {
        return new FakeTarget(kind, endpoints, unavailableReason, action, closeAction, probe, pid);
    }

    /** A copy that runs {@code action} on each {@link #close()}, after counting it. */
    public FakeTarget withCloseAction(Runnable action) {
        return new FakeTarget(kind, endpoints, unavailableReason, startAction, action, probe, pid);
    }

    /** A copy whose {@link #resourceProbe()} is {@code probe} (none by default). */
    public FakeTarget withResourceProbe(ResourceProbe probe) {
        return new FakeTarget(kind, endpoints, unavailableReason, startAction, closeAction, probe, pid);
    }

    /** A copy whose {@link #pid()} is {@code pid} (none by default). */
    public FakeTarget withPid(long pid) {
        return new FakeTarget(
                kind, endpoints, unavailableReason, startAction, closeAction, probe, OptionalLong.of(pid));
    }

    /**
     * Makes the server die now: {@link #isRunning()} turns false and {@link #liveness()} reports
     * the death, so a run going on against this target ends as it would when a real server exits.
     *
     * @param cause what happened, in words that follow "target ", e.g. {@code "exited with code 137"}
     */
    public void die(String cause) {
        death = new TargetDeath(cause, null, null, System.nanoTime());
    }

    /** How many times {@link #start()} was called. */
    public int starts() {
        return starts.get();
    }

    /** How many times {@link #close()} was called. */
    public int closes() {
        return closes.get();
    }

    @Override
    public void start() {
        starts.incrementAndGet();
        if (unavailableReason != null) {
            throw new TargetUnavailableException(unavailableReason);
        }
        startAction.run();
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public String kind() {
        return kind;
    }

    /** {@code fake process target at http://127.0.0.1:8080}, or why an unavailable one cannot run. */
    @Override
    public String description() {
        if (unavailableReason != null) {
            return "unavailable " + kind + " target (" + unavailableReason + ")";
        }
        String at = endpoints.uris().isEmpty()
                ? ""
                : " at "
                        + String.join(
                                ", ",
                                new TreeMap<>(endpoints.uris())
                                        .values().stream().map(URI::toString).toList());
        return "fake " + kind + " target" + at;
    }

    @Override
    public OptionalLong pid() {
        return pid;
    }

    @Override
    public Optional<ResourceProbe> resourceProbe() {
        return Optional.ofNullable(probe);
    }

    @Override
    public boolean isRunning() {
        return unavailableReason == null && death == null;
    }

    @Override
    public Liveness liveness() {
        return () -> Optional.ofNullable(death);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        closeAction.run();
    }

    @Override
    public String toString() {
        return description();
    }
}
