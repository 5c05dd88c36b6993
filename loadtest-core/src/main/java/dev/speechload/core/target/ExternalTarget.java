package dev.speechload.core.target;

import dev.speechload.core.sample.ResourceProbe;
import java.net.URI;
import java.time.Duration;

/**
 * A server that is already running, made by {@link Targets#external}. {@link #start()} checks
 * that every endpoint accepts a TCP connection; {@link #close()} does nothing to the server.
 * Resource readings come only from a probe given here. Single use and mutable: each
 * {@code with...} changes this target and returns it. Not thread-safe.
 */
public interface ExternalTarget extends Target {

    /** Reads resources from this JSON metrics URL (the reference server's {@code /metrics} format). */
    ExternalTarget withMetrics(URI metricsUrl);

    /** Reads resources with this probe (e.g. {@code ResourceProbes.prometheus(..)}); replaces {@link #withMetrics}. */
    ExternalTarget withResourceProbe(ResourceProbe probe);

    /** Bound of each reachability check (default 2 s); positive. */
    ExternalTarget withConnectTimeout(Duration timeout);
}
