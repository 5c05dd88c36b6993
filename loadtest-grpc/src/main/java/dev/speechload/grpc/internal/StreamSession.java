package dev.speechload.grpc.internal;

import dev.speechload.grpc.SessionStage;
import dev.speechload.grpc.StreamErrors;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One stream: sends a {@link RequestScript} (paced on the shared {@link Pacer}), watches the
 * responses, and ends exactly once (ok, or failed with a code and a stage) by completing
 * {@link #done}. All mutable state is guarded by {@code this}: the pacer (sends and timeouts), gRPC
 * callbacks and the thread that starts or cancels the session each take the lock briefly, and
 * nothing is recorded to the engine from here, so late callbacks after the iteration ended change
 * nothing. No thread waits for a session: every bound on it is a task on its pacer lane. Not API.
 */
final class StreamSession<Req, Resp> implements ClientResponseObserver<Req, Resp> {

    /** How a session ended. */
    record Outcome(boolean ok, String code, SessionStage stage) {}

    private final RequestScript<Req> script;
    private final ResponseInspector<Resp> inspector;
    private final Pacer.Lane pacer;
    private final boolean realtime;
    private final long finalTimeoutNanos;
    final CompletableFuture<Outcome> done = new CompletableFuture<>();

    // Everything below is guarded by this.
    long startNanos;
    private ClientCallStreamObserver<Req> requests;
    private ScheduledFuture<?> pending;
    /** The session timeout's task on the lane; cancelled when the session ends. */
    private ScheduledFuture<?> bound;

    private boolean begun;
    private boolean finished;
    private boolean streamClosed;
    /** Real time: a request is due but the transport is not ready; onReady sends it. */
    private boolean waitingForReady;

    private volatile boolean connected;
    private int next;
    final long[] sentNanos;
    final long[] lagNanos;
    /**
     * Real time: request i went out late because it waited for the transport (the server pushed
     * back), not because the generator was late; its lag is the server's, not the generator's.
     */
    final boolean[] pushedBack;

    int notReadySends;
    long mediaSentMillis;
    long lastSentNanos = -1;
    long endNanos = -1;
    long closeNanos = -1;
    int responses;
    long firstResponseNanos = -1;
    boolean finalSeen;
    long finalNanos = -1;
    String finalText;
    final long[] finalTimingMicros = {-1, -1, -1, -1, -1};
    private long lastSequence = -1;
    private int coverIndex;
    final long[] interimLatencyNanos;
    int interims;
    /** Each result's decode timing, 5 values per result; {@link #timings} results stored. */
    final long[] timingMicros;

    int timings;
    int unrecorded;
    String malformation;
    Outcome outcome;
    private final long[] scratch = new long[5];

    StreamSession(
            RequestScript<Req> script,
            ResponseInspector<Resp> inspector,
            Pacer.Lane pacer,
            boolean realtime,
            long finalTimeoutNanos) {
        this.script = script;
        this.inspector = inspector;
        this.pacer = pacer;
        this.realtime = realtime;
        this.finalTimeoutNanos = finalTimeoutNanos;
        int n = script.size();
        this.sentNanos = new long[n];
        this.lagNanos = new long[n];
        this.pushedBack = new boolean[n];
        // Results beyond this are counted, not stored: a server cannot honestly send more than a
        // couple of results per request.
        int capacity = 2 * n + 16;
        this.interimLatencyNanos = new long[capacity];
        this.timingMicros = new long[capacity * 5];
    }

    /**
     * Checks that the call handed over its request side through {@link #beforeStart}, which only
     * gRPC's own stubs do (a wrapped observer hides it).
     */
    synchronized void requireStarted(Object call) {
        if (requests == null) {
            throw new IllegalStateException("the stream call did not start a gRPC client call with the "
                    + "driver's observer (got "
                    + (call == null ? "null" : call.getClass().getName())
                    + "): pass the generated stub's method itself, e.g. "
                    + "channel -> MyServiceGrpc.newStub(channel)::myStreamingCall");
        }
    }

    /**
     * Ends the session with {@link StreamErrors#TIMEOUT} unless it ended within {@code delayNanos}:
     * a task on the pacer lane, so nobody waits for the bound.
     */
    void limit(long delayNanos) {
        ScheduledFuture<?> task = pacer.schedule(() -> finish(StreamErrors.TIMEOUT), delayNanos);
        synchronized (this) {
            if (finished) {
                task.cancel(false);
            } else {
                bound = task;
            }
        }
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Req> requestStream) {
        synchronized (this) {
            this.requests = requestStream;
        }
        requestStream.setOnReadyHandler(this::onReady);
    }

    private void onReady() {
        connected = true;
        if (!realtime) {
            pacer.execute(this::drain);
        } else {
            pacer.execute(this::sendDue);
        }
    }

    /**
     * Sends the first request and schedules the rest. Called once, after the call started, on the
     * thread that started it. The transport may already have reported the call ready: a drain queued by
     * that {@link #onReady} waits for this (see {@link #drain}), so the session's clock starts
     * before its first send and every request goes out exactly once, in order.
     */
    void begin(long nowNanos) {
        try {
            synchronized (this) {
                begun = true;
                startNanos = nowNanos;
                if (finished) {
                    return;
                }
                sendNext(nowNanos);
                if (!finished && next < script.size()) {
                    pacer.execute(realtime ? this::sendDue : this::drain);
                }
            }
        } catch (RuntimeException e) {
            finish(StreamErrors.SEND_FAILED);
        }
    }

    /**
     * Real time: the task the pacer runs when request {@link #next} is due, and again when the
     * transport becomes ready. A due request waits while the transport is not ready (the server
     * pushes back) instead of piling up in gRPC's buffer; its lag then counts the wait. Requests
     * that fell behind go out as fast as the transport takes them. Every wait is bounded by the
     * session timeout.
     */
    private void sendDue() {
        try {
            synchronized (this) {
                long now = System.nanoTime();
                // Called by onReady after a wait: every request due now waited for the transport.
                boolean afterWait = waitingForReady;
                while (begun && !finished && next < script.size() && startNanos + script.offsetNanos(next) - now <= 0) {
                    if (!requests.isReady()) {
                        if (!waitingForReady) {
                            waitingForReady = true;
                            notReadySends++;
                        }
                        return;
                    }
                    waitingForReady = false;
                    if (afterWait) {
                        pushedBack[next] = true;
                    }
                    sendNext(now);
                    now = System.nanoTime();
                }
            }
        } catch (RuntimeException e) {
            finish(StreamErrors.SEND_FAILED);
        }
    }

    /**
     * As fast as possible: send while the transport takes more; onReady brings us back. Does
     * nothing before {@link #begin}: gRPC may call onReady (on its own thread) as soon as the call
     * starts, before the starting thread has begun the session, and sending then would start the
     * stream without its clock and let begin() send past the end of the script.
     */
    private void drain() {
        try {
            synchronized (this) {
                while (begun && !finished && next < script.size() && requests.isReady()) {
                    sendNext(System.nanoTime());
                }
                if (begun && !finished && next < script.size()) {
                    // Stopped by the transport: onReady brings us back.
                    notReadySends++;
                }
            }
        } catch (RuntimeException e) {
            finish(StreamErrors.SEND_FAILED);
        }
    }

    /** Writes request {@link #next}; callers check readiness first (except the first request). */
    private void sendNext(long now) {
        int i = next++;
        requests.onNext(script.request(i));
        sentNanos[i] = now;
        if (realtime) {
            lagNanos[i] = Math.max(0, now - (startNanos + script.offsetNanos(i)));
        }
        mediaSentMillis = Math.max(mediaSentMillis, script.mediaEndMillis(i));
        if (next == script.size()) {
            lastSentNanos = now;
            requests.onCompleted();
            pending = pacer.schedule(this::finalTimedOut, finalTimeoutNanos);
        } else if (realtime) {
            long delay = startNanos + script.offsetNanos(next) - System.nanoTime();
            if (delay > 0) {
                pending = pacer.schedule(this::sendDue, delay);
            }
            // Otherwise already due: the sendDue loop that called us sends it, or begin() does.
        }
    }

    private void finalTimedOut() {
        finish(StreamErrors.TIMEOUT);
    }

    @Override
    public void onNext(Resp response) {
        long now = System.nanoTime();
        synchronized (this) {
            if (finished) {
                return;
            }
            connected = true;
            responses++;
            if (firstResponseNanos < 0) {
                firstResponseNanos = now;
            }
            String bad = check(response);
            if (bad != null) {
                malformation = bad;
                finish(StreamErrors.MALFORMED_RESPONSE);
                return;
            }
            if (inspector.timing(response, scratch)) {
                if (timings * 5 < timingMicros.length) {
                    System.arraycopy(scratch, 0, timingMicros, timings * 5, 5);
                    timings++;
                } else {
                    unrecorded++;
                }
            }
            if (inspector.isFinal(response)) {
                finalSeen = true;
                finalNanos = now;
                finalText = inspector.text(response);
                if (!inspector.timing(response, finalTimingMicros)) {
                    java.util.Arrays.fill(finalTimingMicros, -1);
                }
            } else if (inspector.isInterim(response)) {
                long sent = sendTimeCovering(inspector.coveredUntilMillis(response));
                if (interims < interimLatencyNanos.length) {
                    interimLatencyNanos[interims] = now - sent;
                } else {
                    unrecorded++;
                }
                interims++;
            }
        }
    }

    /** Why a response breaks the contract, or null. Guarded by this. */
    private String check(Resp response) {
        if (finalSeen) {
            return "a response arrived after the final result";
        }
        String bad = inspector.malformation(response);
        if (bad != null) {
            return bad;
        }
        long covered = inspector.coveredUntilMillis(response);
        if (covered > mediaSentMillis) {
            return "a result covers media up to " + covered + " ms, but only " + mediaSentMillis + " ms were sent";
        }
        long sequence = inspector.sequence(response);
        if (sequence >= 0) {
            if (sequence <= lastSequence) {
                return "result sequence " + sequence + " came after " + lastSequence;
            }
            lastSequence = sequence;
        }
        return null;
    }

    /**
     * When the request that completed the media up to {@code coveredMillis} was sent; the latest
     * send when the response does not say what it covers. Guarded by this.
     */
    private long sendTimeCovering(long coveredMillis) {
        if (coveredMillis < 0) {
            return sentNanos[next - 1];
        }
        // Responses cover increasing media, so the search resumes where the last one stopped.
        if (coverIndex >= next || (coverIndex > 0 && script.mediaEndMillis(coverIndex - 1) >= coveredMillis)) {
            coverIndex = 0;
        }
        while (coverIndex < next - 1 && script.mediaEndMillis(coverIndex) < coveredMillis) {
            coverIndex++;
        }
        return sentNanos[coverIndex];
    }

    @Override
    public void onError(Throwable t) {
        synchronized (this) {
            if (finished) {
                return;
            }
            streamClosed = true;
            closeNanos = System.nanoTime();
            // Any status but UNAVAILABLE was sent by a server we reached. onReady alone does not
            // tell: real-time sends buffered while the connection opens can keep the call from
            // ever being "ready" before the server's answer (e.g. ERR2003) arrives.
            if (Status.fromThrowable(t).getCode() != Status.Code.UNAVAILABLE) {
                connected = true;
            }
            finish(ErrorCodes.of(t));
        }
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            if (finished) {
                return;
            }
            streamClosed = true;
            closeNanos = System.nanoTime();
            finish(finalSeen ? null : StreamErrors.EARLY_CLOSE);
        }
    }

    /**
     * Ends the session once: {@code code == null} is success. Cancels what is pending and, on
     * failure, the call itself (so the server stops work too). Safe from any thread; later calls
     * are ignored.
     */
    void finish(String code) {
        ClientCallStreamObserver<Req> toCancel = null;
        Outcome result;
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
            result = code == null ? new Outcome(true, null, null) : new Outcome(false, code, stage());
            outcome = result;
            if (code != null && !streamClosed && requests != null) {
                toCancel = requests;
            }
            if (toCancel != null) {
                // Inside the lock, so no send can race the cancel; callbacks this triggers see
                // finished and return.
                try {
                    toCancel.cancel(cancelMessage(code), null);
                } catch (RuntimeException e) {
                    // The call is already gone: nothing to stop.
                }
            }
        }
        done.complete(result);
    }

    /** What the server reads in the CANCELLED status of a call the client gave up. */
    static String cancelMessage(String code) {
        return StreamErrors.RUN_ENDED.equals(code) ? "speechload: cut by the end of the run" : "speechload: " + code;
    }

    /** Requests written (or attempted) so far. Guarded by this. */
    int sentCount() {
        return next;
    }

    /** Where the session is now, from the client's side. Guarded by this. */
    private SessionStage stage() {
        if (!connected) {
            return SessionStage.CONNECT;
        }
        if (next <= 1 && script.size() > 1) {
            return SessionStage.CONFIG;
        }
        if (lastSentNanos < 0) {
            return SessionStage.SEND;
        }
        return SessionStage.FINAL;
    }
}
