package dev.speechload.server;

import com.sun.net.httpserver.HttpServer;
import dev.speechload.server.fault.Faults;
import dev.speechload.server.lifecycle.DrainState;
import dev.speechload.server.lifecycle.HealthHandler;
import dev.speechload.server.metrics.MetricsHandlers;
import dev.speechload.server.metrics.ProcessStatsReader;
import dev.speechload.server.metrics.ServerMetrics;
import dev.speechload.server.stt.MetadataAttributes;
import dev.speechload.server.stt.SttError;
import dev.speechload.server.stt.SttService;
import dev.speechload.server.tts.TtsEndpoint;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: gRPC (STT, gRPC health, reflection) and HTTP (health, metrics, TTS) on the
 * configured host. Built by {@link #start}; stopped by {@link #shutdownGracefully(Duration)}
 * or {@link #close()} (which drains with no grace). Thread-safe; the owner closes it.
 */
public final class SpeechServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechServer.class);
    private static final long DRAIN_POLL_MILLIS = 50;
    /** How long SSE streams cut at the end of the grace may take to write their error event. */
    private static final Duration CUT_WAIT = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final DrainState drain;
    private final Faults faults;
    private final SttService stt;
    private final TtsEndpoint tts;
    private final HealthStatusManager grpcHealth;
    private final Server grpc;
    private final HttpServer http;
    private final ExecutorService httpExecutor;
    private boolean stopped;

    private SpeechServer(
            ServerConfig config,
            ServerMetrics metrics,
            DrainState drain,
            Faults faults,
            SttService stt,
            TtsEndpoint tts,
            HealthStatusManager grpcHealth,
            Server grpc,
            HttpServer http,
            ExecutorService httpExecutor) {
        this.config = config;
        this.metrics = metrics;
        this.drain = drain;
        this.faults = faults;
        this.stt = stt;
        this.tts = tts;
        this.grpcHealth = grpcHealth;
        this.grpc = grpc;
        this.http = http;
        this.httpExecutor = httpExecutor;
    }

    /**
     * Binds both listeners and starts serving.
     *
     * @param config checked settings
     * @param halt stops the process for the crash fault ({@code Runtime.getRuntime()::halt})
     * @throws IOException when a port cannot be bound
     * @throws IllegalStateException when the TTS engine cannot run here
     */
    public static SpeechServer start(ServerConfig config, IntConsumer halt) throws IOException {
        ServerMetrics metrics = new ServerMetrics();
        DrainState drain = new DrainState();
        Faults faults = new Faults(config.faults(), halt);
        TtsEndpoint tts = new TtsEndpoint(config.tts(), new ServerTtsHooks(metrics, faults));
        SttService stt = new SttService(config.stt(), metrics, faults, drain::isDraining);
        metrics.bindGauges(new ServerMetrics.Gauges(stt::activeSessions, stt::bufferBytes, stt::pendingDecodes));

        HealthStatusManager grpcHealth = new HealthStatusManager();
        Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindHost(), config.grpcPort()))
                .addService(ServerInterceptors.intercept(stt, new MetadataAttributes()))
                .addService(grpcHealth.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .build();
        try {
            grpc.start();
        } catch (IOException e) {
            stt.close();
            throw new IOException(
                    "cannot bind gRPC to " + config.bindHost() + ":" + config.grpcPort() + ": " + e.getMessage(), e);
        }

        ExecutorService httpExecutor = httpExecutor();
        HttpServer http;
        try {
            // Backlog sized for a load test opening hundreds of SSE streams at once.
            http = HttpServer.create(new InetSocketAddress(config.bindHost(), config.httpPort()), 1024);
        } catch (IOException e) {
            grpc.shutdownNow();
            stt.close();
            httpExecutor.shutdownNow();
            throw new IOException(
                    "cannot bind HTTP to " + config.bindHost() + ":" + config.httpPort() + ": " + e.getMessage(), e);
        }
        http.setExecutor(httpExecutor);
        http.createContext("/health", new HealthHandler(drain));
        MetricsHandlers.register(http, metrics, new ProcessStatsReader(), config.metricsToken());
        tts.register(http);
        http.start();
        grpcHealth.setStatus("", ServingStatus.SERVING);
        return new SpeechServer(config, metrics, drain, faults, stt, tts, grpcHealth, grpc, http, httpExecutor);
    }

    /**
     * One thread per concurrent HTTP exchange: an SSE stream holds its thread until it ends, so
     * a bounded pool would cap the number of streams. Idle threads die after 60 s.
     */
    private static ExecutorService httpExecutor() {
        AtomicInteger ids = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "http-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The host both listeners are bound to. */
    public String host() {
        return config.bindHost();
    }

    /** The bound gRPC port. */
    public int grpcPort() {
        return grpc.getPort();
    }

    /** The bound HTTP port. */
    public int httpPort() {
        return http.getAddress().getPort();
    }

    /** The live metrics. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The faults in force. */
    public Faults faults() {
        return faults;
    }

    /** True once shutdown has begun. */
    public boolean isDraining() {
        return drain.isDraining();
    }

    /**
     * Drains and stops: health turns 503, new gRPC streams get ERR2005 and new TTS requests 503,
     * in-flight streams may finish for up to {@code grace}; those still open are then ended with
     * UNAVAILABLE/ERR2005 (gRPC) or an {@code error} event ERR1005 (SSE; up to 2 s more for it to
     * be written), and both listeners stop. Idempotent; blocks until stopped.
     */
    public synchronized void shutdownGracefully(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        drain.begin();
        grpcHealth.setStatus("", ServingStatus.NOT_SERVING);
        tts.beginShutdown();
        LOG.info(
                "draining: {} gRPC and {} SSE streams open, grace {} ms",
                stt.activeSessions(),
                tts.activeStreams(),
                grace.toMillis());
        awaitStreamsClosed(grace);
        int grpcLeft = stt.activeSessions();
        int sseLeft = tts.activeStreams();
        if (grpcLeft > 0 || sseLeft > 0) {
            LOG.warn("grace period over: closing {} gRPC and {} SSE streams", grpcLeft, sseLeft);
        }
        String cutMessage = "server shut down before the stream finished";
        stt.abortAll(SttError.SHUTTING_DOWN, cutMessage);
        tts.cutStreams(cutMessage);
        // The cut SSE streams write their error event on their own threads; give them a moment
        // before the listener closes every connection (one whose client stopped reading can't).
        if (sseLeft > 0) {
            awaitStreamsClosed(CUT_WAIT);
        }
        grpcHealth.enterTerminalState();
        grpc.shutdown();
        try {
            if (!grpc.awaitTermination(2, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            grpc.shutdownNow();
        }
        http.stop(0);
        httpExecutor.shutdownNow();
        stt.close();
        LOG.info("stopped");
    }

    /** Waits until no stream is open or {@code limit} has passed. */
    private void awaitStreamsClosed(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while ((stt.activeSessions() > 0 || tts.activeStreams() > 0) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops at once: {@link #shutdownGracefully(Duration)} with no grace. */
    @Override
    public void close() {
        shutdownGracefully(Duration.ZERO);
    }
}
