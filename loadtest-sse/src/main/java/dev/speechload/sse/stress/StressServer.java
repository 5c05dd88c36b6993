package dev.speechload.sse.stress;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.target.Target;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server a stress run talks to, and how to bring it back after a crash. Package-private:
 * users pick one through {@link TtsStressRun}'s factories.
 */
interface StressServer extends AutoCloseable {

    /** Makes the server available (starts it when this run owns it). */
    void start();

    /** The current base URL, e.g. {@code http://127.0.0.1:8080}. */
    URI baseUrl();

    /** True when {@link #restart()} can bring a crashed server back. */
    boolean restartable();

    /** Brings a crashed server back. */
    void restart();

    /** The server's resource probe, if any. */
    Optional<ResourceProbe> probe();

    @Override
    void close();

    /** A server at a URL (re-read after each restart) that {@code restart} brings back; restart may be null. */
    static StressServer at(Supplier<URI> url, Runnable restart) {
        Objects.requireNonNull(url, "baseUrl");
        return new StressServer() {
            @Override
            public void start() {}

            @Override
            public URI baseUrl() {
                return Objects.requireNonNull(url.get(), "the base URL supplier returned null");
            }

            @Override
            public boolean restartable() {
                return restart != null;
            }

            @Override
            public void restart() {
                restart.run();
            }

            @Override
            public Optional<ResourceProbe> probe() {
                return Optional.empty();
            }

            @Override
            public void close() {}
        };
    }

    /** Targets from {@code targets}: one started at first, replaced by a fresh one after each crash; the last is closed at the end. */
    static StressServer targets(Supplier<? extends Target> targets) {
        Objects.requireNonNull(targets, "targets");
        return new StressServer() {
            private Target current;

            @Override
            public void start() {
                current = Objects.requireNonNull(targets.get(), "the target supplier returned null");
                current.start();
            }

            @Override
            public URI baseUrl() {
                return current.endpoints().http();
            }

            @Override
            public boolean restartable() {
                return true;
            }

            @Override
            public void restart() {
                close();
                start();
            }

            @Override
            public Optional<ResourceProbe> probe() {
                return current == null ? Optional.empty() : current.resourceProbe();
            }

            @Override
            public void close() {
                if (current != null) {
                    current.close();
                }
            }
        };
    }
}
