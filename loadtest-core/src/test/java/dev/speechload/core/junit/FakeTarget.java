package dev.speechload.core.junit;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Target;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/** A Target that starts nothing: counts start and close calls and runs a scripted start. */
final class FakeTarget implements Target {

    final AtomicInteger closes = new AtomicInteger();
    private final String kind;
    private final Runnable onStart;
    private final ResourceProbe probe;
    private final int port;
    final AtomicInteger starts = new AtomicInteger();

    FakeTarget(String kind, Runnable onStart) {
        this(kind, onStart, null);
    }

    FakeTarget(String kind, Runnable onStart, ResourceProbe probe) {
        this(kind, onStart, probe, 1);
    }

    /** A fake whose http endpoint names {@code port}, so a scenario can tell two fakes apart. */
    FakeTarget(String kind, Runnable onStart, ResourceProbe probe, int port) {
        this.kind = kind;
        this.onStart = onStart;
        this.probe = probe;
        this.port = port;
    }

    @Override
    public void start() {
        starts.incrementAndGet();
        onStart.run();
    }

    @Override
    public Endpoints endpoints() {
        return new Endpoints(Map.of(Endpoints.HTTP, URI.create("http://127.0.0.1:" + port)));
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String description() {
        return port == 1 ? "fake " + kind + " target" : "fake " + kind + " target on port " + port;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(4242);
    }

    @Override
    public Optional<ResourceProbe> resourceProbe() {
        return Optional.ofNullable(probe);
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
