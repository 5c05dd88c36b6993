package dev.speechload.grpc.internal;

import dev.speechload.core.engine.Iteration;
import dev.speechload.grpc.StreamErrors;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;

/**
 * One call of any shape: sends its opening requests as fast as flow control allows, then either
 * half-closes (client streaming) or, in a conversation, answers each response that ends the
 * server's turn with the next message (after the think time, on a pacer lane) until the replies
 * say stop or the run's deadline passes. Records into the iteration as it goes, under its lock and
 * only until it finished, so a conversation's round trips are kept even when the engine cuts it;
 * ends exactly once by completing {@link #done} with null (ok) or an error code, after which the
 * driver records the outcome ({@link #recordEnd}) unless the engine cut it. No thread waits for a
 * call: its bound and think times are tasks on its pacer lane. Not API.
 */
final class ExchangeSession<Req, Resp> implements ClientResponseObserver<Req, Resp> {

    private final Iteration it;
    private final ExchangeMetrics m;
    private final ExchangeShape shape;
    private final List<Req> opening;
    private final ExchangeDriver.Replies<Req, Resp> replies;
    private final Predicate<Resp> turnEnd;
    private final long thinkNanos;
    private final Pacer.Lane lane;
    private final long deadlineNanos;
    final long startNanos;
    /** Completes with null when the call ended OK, else with its error code. */
    final CompletableFuture<String> done = new CompletableFuture<>();

    // Everything below is guarded by this.
    private ClientCallStreamObserver<Req> requests;
    private ScheduledFuture<?> pending;
    /** The call's timeout task on the lane; cancelled when the call ends. */
    private ScheduledFuture<?> bound;

    private boolean begun;
    private boolean openingSent;
    private boolean finished;
    private boolean halfClosed;
    private boolean closed;
    /** A message is out and the response that ends the server's turn has not come yet. */
    private boolean awaiting;

    private int next;
    private long lastSendNanos = -1;
    private long halfCloseNanos = -1;
    private long sent;
    private long responses;
    private long rounds;
    private boolean firstSeen;
    private long endNanos;

    ExchangeSession(
            Iteration it,
            ExchangeMetrics m,
            ExchangeShape shape,
            List<Req> opening,
            ExchangeDriver.Replies<Req, Resp> replies,
            Predicate<Resp> turnEnd,
            long thinkNanos,
            Pacer.Lane lane,
            long startNanos) {
        this.it = it;
        this.m = m;
        this.shape = shape;
        this.opening = opening;
        this.replies = replies;
        this.turnEnd = turnEnd;
        this.thinkNanos = thinkNanos;
        this.lane = lane;
        this.deadlineNanos = it.deadlineNanos();
        this.startNanos = startNanos;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Req> requestStream) {
        synchronized (this) {
            this.requests = requestStream;
        }
        if (!opening.isEmpty()) {
            requestStream.setOnReadyHandler(this::drain);
        }
    }

    /** See {@link StreamSession#requireStarted}. */
    synchronized void requireStarted() {
        if (requests == null) {
            throw new IllegalStateException(
                    "the call did not start a gRPC client call with the driver's observer: "
                            + "pass the generated stub's method itself, e.g. channel -> MyServiceGrpc.newStub(channel)::myCall");
        }
    }

    /** Ends the call with {@link StreamErrors#TIMEOUT} unless it ended within {@code delayNanos}. */
    void limit(long delayNanos) {
        ScheduledFuture<?> task = lane.schedule(() -> finish(StreamErrors.TIMEOUT), delayNanos);
        synchronized (this) {
            if (finished) {
                task.cancel(false);
            } else {
                bound = task;
            }
        }
    }

    /** Called once, by the thread that started the call, after it started: sends the opening requests. */
    void begin() {
        synchronized (this) {
            begun = true;
            if (opening.isEmpty()) {
                // Unary and server streaming: the stub sent the request when it started the call.
                openingSent = true;
                lastSendNanos = startNanos;
                awaiting = true;
                return;
            }
        }
        drain();
    }

    /** Sends opening requests while the transport takes them; onReady brings us back. */
    private void drain() {
        try {
            synchronized (this) {
                while (begun && !finished && next < opening.size() && requests.isReady()) {
                    send(opening.get(next++), System.nanoTime());
                }
                if (begun && !finished && !openingSent && next == opening.size()) {
                    openingSent = true;
                    if (shape == ExchangeShape.CONVERSATION) {
                        awaiting = true;
                    } else {
                        halfClose();
                    }
                }
            }
        } catch (RuntimeException e) {
            finish(StreamErrors.SEND_FAILED);
        }
    }

    /** Guarded by this. */
    private void send(Req message, long now) {
        requests.onNext(message);
        lastSendNanos = now;
        sent++;
    }

    /** Guarded by this. */
    private void halfClose() {
        if (!halfClosed) {
            halfClosed = true;
            halfCloseNanos = System.nanoTime();
            requests.onCompleted();
        }
    }

    @Override
    public void onNext(Resp response) {
        long now = System.nanoTime();
        synchronized (this) {
            if (finished) {
                return;
            }
            responses++;
            if (!firstSeen) {
                firstSeen = true;
                it.record(m.firstResponse, now - startNanos);
            }
            if (m.finalLatency != null && halfCloseNanos >= 0 && responses == 1) {
                it.record(m.finalLatency, now - halfCloseNanos);
            }
            if (shape != ExchangeShape.CONVERSATION || !awaiting || !turnEnd.test(response)) {
                return;
            }
            awaiting = false;
            rounds++;
            it.record(m.roundTrip, now - lastSendNanos);
            if (!halfClosed) {
                reply(response, now);
            }
        }
    }

    /** The conversation's next move after a turn ended at {@code now}. Guarded by this. */
    private void reply(Resp response, long now) {
        Req message;
        try {
            // A planned end: the run is over, so no new round starts.
            message = now - deadlineNanos >= 0 ? null : replies.next(response, rounds);
        } catch (RuntimeException e) {
            ExchangeDriver.LOG.debug("replies failed on the client", e);
            finish(StreamErrors.CLIENT_ERROR);
            return;
        }
        if (message == null) {
            halfClose();
        } else if (thinkNanos <= 0) {
            send(message, now);
            awaiting = true;
        } else {
            long planned = now + thinkNanos;
            pending = lane.schedule(() -> sendPlanned(message, planned), thinkNanos);
        }
    }

    private void sendPlanned(Req message, long planned) {
        try {
            synchronized (this) {
                if (finished || halfClosed) {
                    return;
                }
                long now = System.nanoTime();
                it.record(m.sendLag, now - planned);
                send(message, now);
                awaiting = true;
            }
        } catch (RuntimeException e) {
            finish(StreamErrors.SEND_FAILED);
        }
    }

    @Override
    public void onError(Throwable t) {
        synchronized (this) {
            closed = true;
        }
        finish(ErrorCodes.of(t));
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            closed = true;
            // The server ended the stream with a message of ours unanswered and us still talking.
            boolean early = shape == ExchangeShape.CONVERSATION && awaiting && !halfClosed;
            finish(early ? StreamErrors.EARLY_CLOSE : null);
        }
    }

    /**
     * Ends the call once: {@code code == null} is success. Stops recording round trips, cancels what
     * is pending and, on failure, the call itself. Safe from any thread; later calls are ignored.
     */
    void finish(String code) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            endNanos = System.nanoTime();
            if (pending != null) {
                pending.cancel(false);
            }
            if (bound != null) {
                bound.cancel(false);
            }
            if (code != null && !closed && requests != null) {
                try {
                    requests.cancel(StreamSession.cancelMessage(code), null);
                } catch (RuntimeException e) {
                    // The call is already gone: nothing to stop.
                }
            }
        }
        done.complete(code);
    }

    /**
     * Records how the finished call ended ({@code code} as it completed {@link #done}) into the
     * iteration; not for a call the engine cut (the engine counts those).
     */
    synchronized void recordEnd(String code) {
        it.add(m.responses, responses);
        if (m.requestsSent != null) {
            it.add(m.requestsSent, sent);
        }
        if (m.rounds != null) {
            it.add(m.rounds, rounds);
        }
        if (code == null) {
            it.record(m.duration, endNanos - startNanos);
            it.add(m.ok, 1);
        } else {
            it.fail(code);
        }
    }
}
