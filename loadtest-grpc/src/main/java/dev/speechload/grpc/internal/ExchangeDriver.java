package dev.speechload.grpc.internal;

import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.grpc.SessionFailedException;
import dev.speechload.grpc.StreamErrors;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls of one {@link ExchangeShape} for a scenario: owns the channels and pacer lanes
 * between {@link #setUp} and {@link #tearDown}; each {@link #start} (or blocking {@link #run}) is
 * one call (one conversation), bounded by the session timeout, or else by the run's deadline plus
 * the final timeout. Both are called concurrently by every channel; a call holds no thread. Not API.
 */
public final class ExchangeDriver<Req, Resp> {

    static final Logger LOG = LoggerFactory.getLogger(ExchangeDriver.class);

    /** What a conversation sends after a response that ended the server's turn; null ends it (half-close). */
    @FunctionalInterface
    public interface Replies<Req, Resp> {
        /**
         * @param response the response that ended the server's turn
         * @param round    round trips completed so far, this one included (1 after the first)
         */
        Req next(Resp response, long round);
    }

    private final DriverSettings settings;
    private final ExchangeShape shape;
    private final Replies<Req, Resp> replies;
    private final Predicate<Resp> turnEnd;
    private final long thinkNanos;
    private volatile Running running;

    private record Running(
            ChannelSet channels, Pacer pacer, ExchangeMetrics metrics, AtomicBoolean clientErrorWarned) {}

    /**
     * @param replies   a conversation's replies; null for the other shapes
     * @param turnEnd   which responses end the server's turn (a conversation replies to those)
     * @param thinkNanos a conversation's pause between a turn's end and its reply; 0 for none
     */
    public ExchangeDriver(
            DriverSettings settings,
            ExchangeShape shape,
            Replies<Req, Resp> replies,
            Predicate<Resp> turnEnd,
            long thinkNanos) {
        this.settings = settings;
        this.shape = shape;
        this.replies = replies;
        this.turnEnd = turnEnd;
        this.thinkNanos = thinkNanos;
    }

    public void setUp(ScenarioContext context) {
        if (running != null) {
            throw new IllegalStateException(settings.name() + " is already set up: one run at a time per scenario");
        }
        String authority = settings.authority() != null
                ? settings.authority()
                : context.endpoints().grpcAuthority();
        ExchangeMetrics metrics = new ExchangeMetrics(context, settings.metricPrefix(), shape, thinkNanos > 0);
        running = new Running(
                ChannelSet.open(settings, authority), new Pacer(settings.pacerThreads()), metrics, new AtomicBoolean());
    }

    /**
     * One call, blocking: {@link #start} and wait for its end. A failed call has failed
     * {@code iteration} and returns normally.
     *
     * @throws InterruptedException when the engine cuts the iteration (the call is cancelled)
     */
    public void run(
            Iteration iteration, List<Req> opening, BiConsumer<Channel, ClientResponseObserver<Req, Resp>> start)
            throws InterruptedException {
        SessionEnd.await(start(iteration, opening, start));
    }

    /**
     * One call without a waiting thread: {@code start} starts it on a channel with the driver's
     * observer (for unary and server streaming, with the request), the {@code opening} requests
     * go out, and this returns. The stage completes once the call ended and its outcome is
     * recorded: normally when it succeeded, with a {@link SessionFailedException} carrying the code
     * it failed {@code iteration} with otherwise. Cancelling it (the engine cuts the run) cancels
     * the call; round trips recorded so far stay. The call's bound is a task on its pacer lane.
     *
     * @throws IllegalStateException when not set up, or {@code start} did not start a gRPC call
     */
    public CompletableFuture<Void> start(
            Iteration iteration, List<Req> opening, BiConsumer<Channel, ClientResponseObserver<Req, Resp>> start) {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException(settings.name() + " is not set up: call setUp(..) first (the engine does)");
        }
        long startNanos = System.nanoTime();
        ExchangeSession<Req, Resp> session = new ExchangeSession<>(
                iteration, r.metrics, shape, opening, replies, turnEnd, thinkNanos, r.pacer.lane(), startNanos);
        SessionEnd end = new SessionEnd();
        try {
            start.accept(r.channels.forChannel(iteration.channel()), session);
            session.requireStarted();
            session.begin();
        } catch (IllegalStateException e) {
            throw e;
        } catch (StatusRuntimeException e) {
            session.finish(ErrorCodes.of(e));
        } catch (RuntimeException e) {
            if (r.clientErrorWarned.compareAndSet(false, true)) {
                LOG.warn(
                        "{}: starting a call failed on the client; such calls fail with {} (further ones are "
                                + "logged at debug)",
                        settings.name(),
                        StreamErrors.CLIENT_ERROR,
                        e);
            } else {
                LOG.debug("{}: starting a call failed on the client", settings.name(), e);
            }
            session.finish(StreamErrors.CLIENT_ERROR);
        }
        long bound = settings.sessionTimeout() != null
                ? startNanos + settings.sessionTimeout().toNanos()
                : Math.max(startNanos, iteration.deadlineNanos())
                        + settings.finalTimeout().toNanos();
        session.limit(bound - System.nanoTime());
        end.onCancel(() -> session.finish(StreamErrors.RUN_ENDED));
        session.done.whenComplete((code, never) -> end.settle(
                cut -> {
                    if (!cut) {
                        session.recordEnd(code);
                    }
                },
                code == null ? null : new SessionFailedException(code, null)));
        return end;
    }

    /** Closes the channels (bounded wait) and stops the pacer. Idempotent. */
    public void tearDown() {
        Running r = running;
        running = null;
        if (r != null) {
            try {
                r.channels.close();
            } finally {
                r.pacer.close();
            }
        }
    }
}
