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

    FakeTarget(String kind, Runnable onStart) {
        this(kind, onStart, null);
    }

    FakeTarget(String kind, Runnable onStart, ResourceProbe probe) {
        this.kind = kind;
        this.onStart = onStart;
        this.probe = probe;
    }

    @Override
    public void start() {
        onStart.run();
    }

    @Override
    public Endpoints endpoints() {
        return new Endpoints(Map.of(Endpoints.HTTP, URI.create("http://127.0.0.1:1")));
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String description() {
        return "fake " + kind + " target";
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
