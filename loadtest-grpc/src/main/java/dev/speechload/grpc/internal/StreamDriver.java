package dev.speechload.grpc.internal;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.grpc.SessionFailedException;
import dev.speechload.grpc.SessionLog;
import dev.speechload.grpc.SessionLogColumns;
import dev.speechload.grpc.StreamErrors;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs streaming sessions for a scenario: owns the gRPC channels, the shared {@link Pacer} and the
 * session-log writer between {@link #setUp} and {@link #tearDown}, and turns each finished
 * {@link StreamSession} into recorded metrics, an error code and a log line. {@link #start} and
 * {@link #run} are called concurrently by every channel; set-up and tear-down by one thread. A
 * session holds no thread: gRPC's callbacks and the pacer lanes move it, and whichever thread ends
 * it records it. Not API.
 */
public final class StreamDriver<Req, Resp> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamDriver.class);
    private static final DateTimeFormatter STARTED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DriverSettings settings;
    private final StreamCall<Req, Resp> call;
    private final ResponseInspector<Resp> inspector;
    private final Clock clock;

    private final SessionLogChain logs;

    private volatile Running running;

    /** What exists between set-up and tear-down. */
    private record Running(
            ChannelSet channels,
            Pacer pacer,
            StreamMetrics metrics,
            SessionLogWriter log,
            AtomicBoolean clientErrorWarned) {}

    /**
     * @param logs the scenario instance's session logs, which outlive this driver (one per run)
     */
    public StreamDriver(
            DriverSettings settings,
            StreamCall<Req, Resp> call,
            ResponseInspector<Resp> inspector,
            SessionLogChain logs,
            Clock clock) {
        this.settings = settings;
        this.logs = logs;
        this.call = call;
        this.inspector = inspector;
        this.clock = clock;
    }

    public DriverSettings settings() {
        return settings;
    }

    /** Registers metrics, opens the channels (lazily connecting) and starts the pacer. */
    public void setUp(ScenarioContext context) {
        if (running != null) {
            throw new IllegalStateException(settings.name() + " is already set up: one run at a time per scenario");
        }
        String authority = settings.authority() != null
                ? settings.authority()
                : context.endpoints().grpcAuthority();
        StreamMetrics metrics =
                new StreamMetrics(context, settings.metricPrefix(), settings.decodeTiming(), settings.audio());
        ChannelSet channels = ChannelSet.open(settings, authority);
        SessionLogWriter log = settings.logging().enabled()
                ? logs.open(
                        settings.logging(),
                        settings.name(),
                        new SessionLogColumns(settings.audio(), settings.decodeTiming()),
                        clock)
                : null;
        running = new Running(channels, new Pacer(settings.pacerThreads()), metrics, log, new AtomicBoolean());
        LOG.debug(
                "{}: {} connection(s) to {}, real time {}",
                settings.name(),
                channels.size(),
                authority,
                settings.realtime());
    }

    /**
     * One session, blocking: {@link #start} and wait for its end. A failed session has failed
     * {@code iteration} and returns normally.
     *
     * @throws InterruptedException when the iteration thread is interrupted (the call is cancelled)
     */
    public void run(Iteration iteration, RequestScript<Req> script) throws InterruptedException {
        SessionEnd.await(start(iteration, script));
    }

    /**
     * One session, without a waiting thread: starts the call, sends the first request (the pacer
     * sends the rest) and returns. The stage completes once the session ended and is recorded into
     * {@code iteration}: normally when it succeeded, with a {@link SessionFailedException} carrying
     * the code it failed {@code iteration} with otherwise. Cancelling the stage (the engine cuts the
     * run) cancels the call and logs the session without recording it. Its bounds (session timeout,
     * final timeout) are tasks on the session's pacer lane.
     *
     * @throws IllegalStateException when not set up, or the stream call did not start a gRPC call
     */
    public CompletableFuture<Void> start(Iteration iteration, RequestScript<Req> script) {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException(settings.name() + " is not set up: call setUp(..) first (the engine does)");
        }
        StreamSession<Req, Resp> session = new StreamSession<>(
                script,
                inspector,
                r.pacer.lane(),
                settings.realtime(),
                settings.finalTimeout().toNanos());
        long startedAtMillis = clock.millis();
        long start = System.nanoTime();
        SessionEnd end = new SessionEnd();
        try {
            Object requestSide = call.start(r.channels.forChannel(iteration.channel()), session);
            session.requireStarted(requestSide);
            session.begin(start);
        } catch (IllegalStateException e) {
            throw e;
        } catch (StatusRuntimeException e) {
            // gRPC refused the call at start: its status says why.
            session.finish(ErrorCodes.of(e));
        } catch (RuntimeException e) {
            // A bug on our side (or in the user's stream call), not a server status: nothing
            // reached the server. Once at warn so it is seen, then at debug.
            if (r.clientErrorWarned.compareAndSet(false, true)) {
                LOG.warn(
                        "{}: starting a stream failed on the client; such sessions fail with {} (further "
                                + "ones are logged at debug)",
                        settings.name(),
                        StreamErrors.CLIENT_ERROR,
                        e);
            } else {
                LOG.debug("{}: starting a stream failed on the client", settings.name(), e);
            }
            session.finish(StreamErrors.CLIENT_ERROR);
        }
        // Not bounded by the run's deadline: like every iteration, a session running then gets the
        // engine's grace period to end and is counted normally; after it the engine cancels the
        // stage (or interrupts the waiting thread) and counts the session in iterations.cut.
        session.limit(start + sessionTimeoutNanos(script) - System.nanoTime());
        end.onCancel(() -> session.finish(StreamErrors.RUN_ENDED));
        session.done.whenComplete((outcome, never) -> end.settle(
                cut -> record(iteration, session, outcome, script, startedAtMillis, r, cut),
                outcome.ok() ? null : new SessionFailedException(outcome.code(), outcome.stage())));
        return end;
    }

    private long sessionTimeoutNanos(RequestScript<Req> script) {
        if (settings.sessionTimeout() != null) {
            return settings.sessionTimeout().toNanos();
        }
        long planned = settings.realtime()
                ? script.offsetNanos(script.size() - 1)
                : TimeUnit.MILLISECONDS.toNanos(script.mediaMillis());
        return planned
                + Math.max(TimeUnit.SECONDS.toNanos(5), planned / 2)
                + settings.finalTimeout().toNanos();
    }

    /**
     * Records a finished session into {@code it} and the session log; a session {@code cut} by the
     * engine goes to the log only.
     */
    private void record(
            Iteration it,
            StreamSession<Req, Resp> s,
            StreamSession.Outcome outcome,
            RequestScript<Req> script,
            long startedAtMillis,
            Running r,
            boolean cut) {
        StreamMetrics m = r.metrics;
        SessionLog log;
        synchronized (s) {
            long maxLag = -1;
            if (!cut) {
                it.add(m.responses, s.responses);
                it.add(m.interims, s.interims);
                it.add(m.mediaMillis, s.mediaSentMillis);
                it.add(m.sendNotReady, s.notReadySends);
                it.add(m.unrecordedResults, s.unrecorded);
                if (s.firstResponseNanos >= 0) {
                    it.record(m.firstResponse, s.firstResponseNanos - s.startNanos);
                }
                for (int i = 0, n = Math.min(s.interims, s.interimLatencyNanos.length); i < n; i++) {
                    it.record(m.interimLatency, s.interimLatencyNanos[i]);
                }
                for (int i = 0; i < s.timings; i++) {
                    for (int part = 0; part < m.decode.length; part++) {
                        long micros = s.timingMicros[i * 5 + part];
                        if (micros >= 0) {
                            it.record(m.decode[part], micros * 1_000);
                        }
                    }
                }
            }
            int sent = s.sentCount();
            if (settings.realtime()) {
                for (int i = 1; i < sent; i++) {
                    if (!cut) {
                        it.record(s.pushedBack[i] ? m.backpressureLag : m.sendLag, s.lagNanos[i]);
                    }
                    maxLag = Math.max(maxLag, s.lagNanos[i]);
                }
            }
            long finalLatency = -1;
            long sendDuration = -1;
            long tail = -1;
            long total = -1;
            Double rtf = null;
            if (outcome.ok() && !cut) {
                finalLatency = s.finalNanos - s.lastSentNanos;
                sendDuration = s.lastSentNanos - s.sentNanos[0];
                tail = s.closeNanos - s.lastSentNanos;
                total = s.closeNanos - s.startNanos;
                it.record(m.finalLatency, finalLatency);
                it.record(m.sendDuration, sendDuration);
                it.record(m.tailDuration, tail);
                it.record(m.totalDuration, total);
                if (m.realTimeFactor != null && s.mediaSentMillis > 0) {
                    long perSecond = total * 1000 / s.mediaSentMillis;
                    it.record(m.realTimeFactor, perSecond);
                    rtf = Math.round(total / 1e6 / s.mediaSentMillis * 1000) / 1000.0;
                }
                it.add(m.sessionsOk, 1);
            } else if (!cut) {
                it.add(m.failedAt[outcome.stage().ordinal()], 1);
                it.fail(outcome.code());
                if (s.malformation != null) {
                    LOG.debug(
                            "{} c{}-i{}: malformed response: {}",
                            settings.name(),
                            it.channel(),
                            it.index(),
                            s.malformation);
                }
            }
            if (r.log == null) {
                return;
            }
            long[] ft = s.finalTimingMicros;
            log = new SessionLog(
                    "c" + it.channel() + "-i" + it.index(),
                    it.channel(),
                    it.index(),
                    it.warmup(),
                    STARTED_AT.format(Instant.ofEpochMilli(startedAtMillis)),
                    outcome.ok(),
                    outcome.code(),
                    outcome.ok() ? null : outcome.stage().label(),
                    settings.audio() ? script.mediaMillis() : 0,
                    sent,
                    s.responses,
                    s.interims,
                    SessionLog.millis(s.firstResponseNanos < 0 ? -1 : s.firstResponseNanos - s.startNanos),
                    SessionLog.millis(finalLatency),
                    SessionLog.millis(sendDuration),
                    SessionLog.millis(tail),
                    SessionLog.millis(total),
                    rtf,
                    SessionLog.millis(maxLag),
                    settings.decodeTiming() ? SessionLog.millisFromMicros(ft[0]) : null,
                    settings.decodeTiming() ? SessionLog.millisFromMicros(ft[1]) : null,
                    settings.decodeTiming() ? SessionLog.millisFromMicros(ft[2]) : null,
                    settings.decodeTiming() ? SessionLog.millisFromMicros(ft[3]) : null,
                    settings.decodeTiming() ? SessionLog.millisFromMicros(ft[4]) : null,
                    s.finalText);
        }
        r.log.submit(log);
    }

    /** Closes the channels (bounded wait), stops the pacer and flushes the session log. Idempotent. */
    public void tearDown() {
        Running r = running;
        running = null;
        if (r == null) {
            return;
        }
        try {
            r.channels.close();
        } finally {
            r.pacer.close();
            if (r.log != null) {
                r.log.close();
            }
        }
    }
}
