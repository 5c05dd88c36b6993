package dev.speechload.suites.stt;

import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.Shutdown;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SIGTERM to a server once enough streams are open, then waits for it to exit without ever
 * killing it. Runs on its own daemon thread beside a load run. Thread-safe: the results are read
 * through volatile fields and a latch.
 */
final class ShutdownWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownWatch.class);

    private final ProcessTarget server;
    private final URI http;
    private final int streamsWanted;
    private final Duration settle;
    private final Duration signalAtLatest;
    private final Duration exitTimeout;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile long streamsAtSignal = -1;
    private volatile long signalNanos = Long.MAX_VALUE;
    private volatile Shutdown shutdown;
    private volatile Throwable failure;

    /**
     * @param streamsWanted  open gRPC streams (from {@code /metrics}) to wait for before the signal
     * @param settle         time to wait after they are open, so sessions are mid-way
     * @param signalAtLatest signal after this long even if fewer streams opened
     * @param exitTimeout    how long to wait for the exit after the signal
     */
    ShutdownWatch(
            ProcessTarget server,
            URI http,
            int streamsWanted,
            Duration settle,
            Duration signalAtLatest,
            Duration exitTimeout) {
        this.server = server;
        this.http = http;
        this.streamsWanted = streamsWanted;
        this.settle = settle;
        this.signalAtLatest = signalAtLatest;
        this.exitTimeout = exitTimeout;
        this.thread = new Thread(this::watch, "shutdown-watch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void watch() {
        try {
            long latest = System.nanoTime() + signalAtLatest.toNanos();
            while (System.nanoTime() < latest && openStreams() < streamsWanted) {
                Thread.sleep(50);
            }
            Thread.sleep(settle.toMillis());
            streamsAtSignal = openStreams();
            LOG.info("sending SIGTERM to the server with {} gRPC stream(s) open", streamsAtSignal);
            signalNanos = System.nanoTime();
            server.signalTerm();
            Optional<Shutdown> exited = server.awaitShutdown(exitTimeout);
            shutdown = exited.orElse(null);
            if (shutdown == null) {
                LOG.warn("the server still runs {} s after SIGTERM", exitTimeout.toSeconds());
            } else {
                LOG.info(
                        "server shutdown: SIGTERM to exit in {} ms, exit code {}, {} gRPC stream(s) open at the"
                                + " signal",
                        shutdown.duration().toMillis(),
                        shutdown.exitCode(),
                        streamsAtSignal);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            done.countDown();
        }
    }

    private long openStreams() {
        try {
            return MetricsPoller.read(http).path("active_streams").path("grpc").asLong();
        } catch (IOException e) {
            return 0;
        }
    }

    /** True once the server has exited (or the watch gave up); {@link #shutdown()} is then final. */
    boolean finished() {
        return done.getCount() == 0;
    }

    /** Waits for the watch to finish; false when it did not within {@code timeout}. */
    boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How the server stopped; null until it exited, or when it did not exit in time. */
    Shutdown shutdown() {
        return shutdown;
    }

    /** When SIGTERM was sent ({@link System#nanoTime()}); {@link Long#MAX_VALUE} before. */
    long signalNanos() {
        return signalNanos;
    }

    /** Open gRPC streams when the signal went out; -1 before. */
    long streamsAtSignal() {
        return streamsAtSignal;
    }

    /** What went wrong in the watch thread itself, or null. */
    Throwable failure() {
        return failure;
    }
}
