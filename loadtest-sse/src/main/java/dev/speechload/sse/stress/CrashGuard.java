package dev.speechload.sse.stress;

import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.StreamOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a crash from an ordinary failure and brings the server back: a request that could not
 * connect, or was reset, while the server no longer accepts connections, is a crash. The first
 * request to see an outage counts it and restarts the server (once per outage); requests sent
 * before that restart that fail too are crashes of the same outage. Without a way to restart, or
 * after the last allowed restart, the run is marked aborted.
 *
 * <p>Thread-safe: the request workers call it concurrently; one lock orders the restarts.
 * {@link #generation()} changes only once the server is back (or the run aborted), so sessions
 * opened for the new generation always see a running server. Not API.
 */
final class CrashGuard {

    private static final Logger LOG = LoggerFactory.getLogger(CrashGuard.class);
    private static final int CONNECT_CHECK_MILLIS = 1000;

    private final String runName;
    private final StressServer server;
    private final Duration restartTimeout;
    private final int maxRestarts;
    private volatile int generation;
    private volatile String aborted;
    // Guarded by this.
    private int crashes;
    private int restarts;

    CrashGuard(String runName, StressServer server, Duration restartTimeout, int maxRestarts) {
        this.runName = runName;
        this.server = server;
        this.restartTimeout = restartTimeout;
        this.maxRestarts = maxRestarts;
    }

    /** Outages handled so far; read it before a request and give it to {@link #isCrash}. */
    int generation() {
        return generation;
    }

    /** The server's current base URL. */
    URI baseUrl() {
        return server.baseUrl();
    }

    /** Why the run stops early, or null while it may go on. */
    String aborted() {
        return aborted;
    }

    /** Times the server was found down. */
    synchronized int crashes() {
        return crashes;
    }

    /**
     * True when {@code outcome}, of a request sent in generation {@code sentIn}, is a crash; the
     * first request to see an outage restarts the server before this returns.
     */
    boolean isCrash(StreamOutcome outcome, int sentIn) throws InterruptedException {
        SseErrorKind kind = outcome.kind();
        return (kind == SseErrorKind.CONNECT || kind == SseErrorKind.RESET) && serverDown(sentIn);
    }

    private synchronized boolean serverDown(int sentIn) throws InterruptedException {
        if (generation != sentIn) {
            return true; // another request already found this outage and restarted the server
        }
        if (reachable()) {
            return false;
        }
        crashes++;
        try {
            if (!server.restartable()) {
                abort("the server at " + server.baseUrl() + " went down (connection refused) and the run has no"
                        + " way to restart it: give TtsStressRun.withRestart(..) or use forTargets(..)");
            } else if (restarts >= maxRestarts) {
                abort("the server went down again after " + restarts + " restarts (withMaxRestarts)");
            } else {
                restart();
            }
        } finally {
            generation++;
        }
        return true;
    }

    private void restart() throws InterruptedException {
        restarts++;
        LOG.warn(
                "TTS stress run '{}': the server at {} is down (crash {}); restarting it",
                runName,
                server.baseUrl(),
                crashes);
        try {
            server.restart();
            awaitReachable("after restart " + restarts);
        } catch (RuntimeException e) {
            abort("restarting the server failed: " + e.getMessage());
        }
    }

    /**
     * Waits until the server accepts connections, polling every 100 ms.
     *
     * @throws IllegalStateException when it does not within the restart timeout
     */
    void awaitReachable(String when) throws InterruptedException {
        long deadline = System.nanoTime() + restartTimeout.toNanos();
        while (!reachable()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the TTS server at " + server.baseUrl()
                        + " did not accept connections " + when + " within " + restartTimeout.toMillis()
                        + " ms; start it first, or raise TtsStressRun.withRestartTimeout");
            }
            Thread.sleep(100);
        }
    }

    private void abort(String reason) {
        if (aborted == null) {
            aborted = reason;
            LOG.error("TTS stress run '{}' stops early: {}", runName, reason);
        }
    }

    private boolean reachable() {
        URI base = server.baseUrl();
        int port = base.getPort() >= 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), port), CONNECT_CHECK_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
