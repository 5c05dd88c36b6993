package dev.speechload.sse.internal;

import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseEvent;
import dev.speechload.sse.StreamOutcome;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSE stream: sends the request, reads the events on OkHttp's dispatcher thread, and settles
 * exactly one {@link StreamOutcome}.
 *
 * <p><b>One terminal outcome.</b> Every path that ends the stream (end event, failure event,
 * HTTP error, reset, stall, cap, time bound, cut at the run's end) goes through {@link #settle},
 * which holds this object's lock, does nothing when the stream is already settled, and otherwise
 * fixes the outcome and calls the listener's {@code onEnd} once. Events are handled under the
 * same lock and dropped once settled, so no callback follows {@code onEnd}. Whoever settles first
 * wins: when a time bound or a cut settles the stream and then cancels the call, the reader's
 * resulting {@code IOException: Canceled} finds the stream settled and is ignored, so our own
 * cancel is never counted as an error.
 *
 * <p><b>Two ways to wait.</b> A blocking caller ({@link #start(long, long)}, then {@link #await})
 * waits on its own thread and enforces the bound there. An asynchronous caller
 * ({@link #start(long, Bound, ScheduledExecutorService, Settled)}) holds no thread: the bound is
 * a task on a shared timer, the outcome goes to a {@link Settled} callback, and
 * {@link #cut} ends the stream from outside. Either way the open stream holds one thread, OkHttp's
 * reader (OkHttp has no non-blocking body reading).
 *
 * <p>Thread safety: {@code start}, {@link #await} and {@link #cut} from the caller's threads,
 * OkHttp callbacks from dispatcher threads, bound tasks from the timer; the lock orders them.
 * Single use. Not API.
 */
public final class SseStream implements Callback {

    /** Receives inter-event gaps while the stream runs (from the reading thread, under the lock). */
    @FunctionalInterface
    public interface GapSink {
        void gap(long nanos);
    }

    /**
     * Learns the outcome of an asynchronously started stream: called exactly once, by the thread
     * that settled it (OkHttp's reader, the timer at a bound, or the one calling {@link #cut}),
     * under the stream's lock, after the listener's {@code onEnd}. No gap reaches the stream's
     * {@link GapSink} after it. Must not block.
     */
    @FunctionalInterface
    public interface Settled {
        void settled(StreamOutcome outcome);
    }

    /**
     * When a stream must have ended at the latest ({@link System#nanoTime()} units), that bound
     * in words for the TIMEOUT message, and whether reaching it is a planned end (the maximum
     * stream duration, not an error) rather than a TIMEOUT.
     */
    public record Bound(long nanos, String description, boolean planned) {}

    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
    private static final long ERROR_BODY_LIMIT_BYTES = 64 * 1024;
    /** Extra time given to OkHttp's call timeout beyond our own bound: it is only a backstop. */
    private static final long BACKSTOP_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long a body may take to end after its end event and keep its connection: OkHttp's own discard bound. */
    static final long BODY_END_WAIT_MILLIS = 100;

    private final OkHttpClient client;
    private final StreamSpec spec;
    private final Request request;
    private final GapSink gaps;
    private final CountDownLatch settledLatch = new CountDownLatch(1);

    // All below guarded by this.
    private long startNanos;
    private long boundNanos;
    private Call call;
    /** Asynchronous streams only: the run's timer, the bound's task on it, and who learns the end. */
    private ScheduledExecutorService timer;

    private ScheduledFuture<?> boundTask;
    private Settled whenSettled;
    /**
     * The stream was settled from outside its reader (a bound or a cut), which cancels the call;
     * the reader then abandons the connection too instead of returning it to the pool.
     */
    private boolean cancelledBySettler;

    private StreamOutcome outcome;
    private int httpStatus = -1;
    private long events;
    private long bytesOfEarlierAttempts;
    private long bytes;
    private long firstEventNanos = -1;
    private long lastCountedNanos = -1;
    private long audioSamples;
    private double audioMillis;
    private int reconnects;
    private String lastEventId;
    private long lastNumericId = Long.MIN_VALUE;
    private String resumedAfter;
    private Request current;
    private int redirects;

    /**
     * @param client  the scenario's client
     * @param spec    what to check and measure
     * @param request the first request; reconnections copy it with {@code Last-Event-ID}
     * @param gaps    receives gaps between counted events
     */
    public SseStream(OkHttpClient client, StreamSpec spec, Request request, GapSink gaps) {
        this.client = client;
        this.spec = spec;
        this.request = request;
        this.gaps = gaps;
    }

    /**
     * Sends the request; the caller then waits with {@link #await}.
     *
     * @param start when the request started ({@link System#nanoTime()}); every time is measured from it
     * @param bound when the stream must have ended at the latest; also bounds OkHttp's call timeout
     */
    public void start(long start, long bound) {
        Call first;
        synchronized (this) {
            first = begin(start, bound);
        }
        first.enqueue(this);
    }

    /**
     * Sends the request without a waiting thread: a task on {@code runTimer} ends the stream at
     * {@code bound} if it still runs then (as a normal end when the bound is planned, else as
     * {@link SseErrorKind#TIMEOUT}) and cancels its call; {@code onSettled} learns the outcome
     * however the stream ends. When the reader settled the stream, the reader alone releases the
     * call (see {@link #onResponse}).
     *
     * @param start     when the request started ({@link System#nanoTime()}); every time is measured from it
     * @param bound     when and how the stream ends at the latest; also bounds OkHttp's call timeout
     * @param runTimer  the run's shared timer (one thread); the stream cancels its task when it ends
     * @param onSettled called once with the outcome; never null
     * @throws java.util.concurrent.RejectedExecutionException when the timer is shut down (the run
     *                                                         was torn down); nothing was sent
     */
    public void start(long start, Bound bound, ScheduledExecutorService runTimer, Settled onSettled) {
        Call first;
        synchronized (this) {
            // Scheduled under the lock: neither the task nor a settle (which cancels it) runs before
            // the stream is set up.
            boundTask = runTimer.schedule(
                    () -> expire(bound), Math.max(0, bound.nanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
            timer = runTimer;
            whenSettled = Objects.requireNonNull(onSettled, "onSettled");
            first = begin(start, bound.nanos());
        }
        first.enqueue(this);
    }

    /** Fixes the start and the bound and makes the first call. Lock held. */
    private Call begin(long start, long bound) {
        if (call != null) {
            throw new IllegalStateException("stream already started");
        }
        startNanos = start;
        boundNanos = bound;
        current = request;
        call = newCall(request);
        return call;
    }

    /** At the bound (on the timer, or in {@link #await}): ends a stream still running, as planned or as TIMEOUT, and cancels it. */
    private void expire(Bound bound) {
        synchronized (this) {
            if (outcome != null) {
                return;
            }
            cancelledBySettler = true;
            settleAtBound(bound.description(), bound.planned());
        }
        cancel();
    }

    /**
     * Cuts a running stream (the run ended, or its waiting thread was interrupted): settles it as
     * {@link SseErrorKind#RUN_ENDED}, which is not an error, and cancels its call.
     *
     * @param why what cut it, for the outcome's message
     * @return true when this cut the stream; false when it had already settled otherwise
     */
    public boolean cut(String why) {
        synchronized (this) {
            if (outcome != null) {
                return false;
            }
            cancelledBySettler = true;
            settle(SseErrorKind.RUN_ENDED, "RUN_ENDED", why);
        }
        cancel();
        return true;
    }

    /**
     * Waits for the outcome until the bound; if the stream is still running then, settles it (as a
     * normal end when the bound is planned, the scenario's maximum stream duration; else as
     * {@link SseErrorKind#TIMEOUT}) and cancels it.
     *
     * <p>The run's deadline is deliberately not a bound here: a stream running at the deadline gets
     * the engine's grace period to end like any iteration, and is measured normally when it does.
     *
     * @throws InterruptedException when interrupted; the stream is then cut (RUN_ENDED) and cancelled
     */
    public StreamOutcome await(Bound bound) throws InterruptedException {
        try {
            long wait = bound.nanos() - System.nanoTime();
            if (wait <= 0 || !settledLatch.await(wait, TimeUnit.NANOSECONDS)) {
                expire(bound);
            }
        } catch (InterruptedException e) {
            cut("the channel was interrupted while the stream was running");
            throw e;
        }
        synchronized (this) {
            return outcome;
        }
    }

    /** The stream reached its bound: a planned end or a TIMEOUT. Lock held. */
    private void settleAtBound(String boundDescription, boolean plannedEnd) {
        if (plannedEnd) {
            settle(null, null, "the stream reached " + boundDescription + ", its planned end");
        } else {
            settle(SseErrorKind.TIMEOUT, "TIMEOUT", "the stream did not end within " + boundDescription);
        }
    }

    /** The outcome once settled (also when cut); null while running. */
    public synchronized StreamOutcome outcome() {
        return outcome;
    }

    /** Cancels the running call, if any; never an error (the stream is settled first by callers). */
    private void cancel() {
        Call current;
        synchronized (this) {
            current = call;
        }
        if (current != null && !current.isCanceled()) {
            current.cancel();
        }
    }

    @Override
    public void onFailure(Call failed, IOException e) {
        synchronized (this) {
            if (outcome != null || failed != call) {
                return;
            }
            if (isConnectFailure(e)) {
                settle(SseErrorKind.CONNECT, "CONNECT", "could not connect: " + e);
            } else {
                ended(e, true);
            }
        }
    }

    @Override
    public void onResponse(Call current, Response response) {
        long base;
        synchronized (this) {
            if (outcome != null || current != call) {
                response.close();
                return;
            }
            base = bytesOfEarlierAttempts;
        }
        BufferedSource source = null;
        SseParser parser = null;
        try {
            int status = response.code();
            ResponseBody body = response.body();
            MediaType type = body.contentType();
            synchronized (this) {
                if (outcome != null) {
                    return;
                }
                httpStatus = status;
                callSafely(() -> spec.listener().onOpen(status, type == null ? null : type.toString()));
            }
            if (response.isRedirect()) {
                redirected(current, status, response.header("Location"));
                return;
            }
            if (!response.isSuccessful()) {
                httpError(status, body);
                return;
            }
            if (!isEventStream(type)) {
                synchronized (this) {
                    settle(
                            SseErrorKind.WRONG_CONTENT_TYPE,
                            "WRONG_CONTENT_TYPE",
                            "answered "
                                    + status + " with Content-Type " + (type == null ? "(none)" : type)
                                    + "; expected text/event-stream");
                }
                return;
            }
            source = body.source();
            parser = new SseParser(source, spec.maxEventBytes());
            SseEvent event;
            while ((event = parser.next()) != null) {
                if (!onEvent(current, event, parser, base)) {
                    return;
                }
            }
            synchronized (this) {
                if (outcome == null && current == call) {
                    bytes = base + parser.bytesRead();
                    ended(null, false);
                }
            }
        } catch (StreamProblem problem) {
            synchronized (this) {
                if (outcome == null && current == call) {
                    bytes = base + parser.bytesRead();
                    settle(problem.kind(), problem.kind().name(), problem.getMessage());
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                if (outcome == null && current == call) {
                    if (parser != null) {
                        bytes = base + parser.bytesRead();
                    }
                    ended(e, false);
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                if (outcome == null) {
                    LOG.warn("reading the stream from {} failed unexpectedly", spec.target(), e);
                    settle(SseErrorKind.MALFORMED, "MALFORMED", "reading the stream failed: " + e);
                }
            }
        } finally {
            release(current, response, source);
        }
    }

    /**
     * Closes the response on its reader's thread, the only thread that may hand the connection
     * back to the pool. A stream that ended normally here keeps its connection when the body ends
     * too within {@link #BODY_END_WAIT_MILLIS} (the usual case: the server's end of the body follows
     * its end event); a body that goes on after the end event, or stays silent without ending, and
     * any other end (a failure, a bound, a cut) cancel the call first, so the server sees the stream
     * abandoned at once and the connection is never pooled. Cancelling from another thread after a
     * normal end raced the pool: a cancel that found the exchange open closed the socket after the
     * connection had gone back to the pool, under the next stream using it (a RESET with 0 events
     * on a busy machine).
     */
    private void release(Call current, Response response, BufferedSource source) {
        boolean abandon;
        synchronized (this) {
            abandon = current == call && (outcome == null || !outcome.ok() || cancelledBySettler);
        }
        if (!abandon && current == call && source != null && !bodyEndsSoon(source)) {
            abandon = true;
        }
        if (abandon) {
            current.cancel();
        }
        response.close();
    }

    /**
     * True when the body ends within {@link #BODY_END_WAIT_MILLIS} without another byte (OkHttp
     * then pools the connection); false as soon as more of the body arrives, or when it neither
     * ends nor goes on in that time.
     */
    private static boolean bodyEndsSoon(BufferedSource source) {
        Timeout timeout = source.timeout();
        long now = System.nanoTime();
        long previous = timeout.hasDeadline() ? timeout.deadlineNanoTime() - now : Long.MAX_VALUE;
        timeout.deadlineNanoTime(now + Math.min(previous, TimeUnit.MILLISECONDS.toNanos(BODY_END_WAIT_MILLIS)));
        try {
            return source.exhausted();
        } catch (IOException e) {
            return false;
        } finally {
            if (previous == Long.MAX_VALUE) {
                timeout.clearDeadline();
            } else {
                timeout.deadlineNanoTime(now + previous);
            }
        }
    }

    /** Handles one event; false when the stream is settled (stop reading). */
    private boolean onEvent(Call current, SseEvent event, SseParser parser, long base) throws StreamProblem {
        long now = System.nanoTime();
        synchronized (this) {
            if (outcome != null || current != call) {
                return false;
            }
            bytes = base + parser.bytesRead();
            String id = parser.lastEventId();
            if (event.id() != null) {
                String idProblem = checkId(event.id());
                if (idProblem != null) {
                    settle(SseErrorKind.MALFORMED, "MALFORMED", idProblem);
                    return false;
                }
            }
            lastEventId = id;
            try {
                spec.listener().onEvent(event, now - startNanos);
            } catch (RuntimeException listenerFailure) {
                LOG.warn("an SSE listener's onEvent threw; ignored", listenerFailure);
            }
            if (spec.failure() != null && spec.failure().test(event)) {
                String code = spec.failureCode().apply(event);
                String message = spec.failureMessage().apply(event);
                code = code == null || code.isBlank() ? "SSE_ERROR" : code.trim();
                settle(
                        SseErrorKind.SERVER_ERROR,
                        code,
                        "the server sent a '" + event.type() + "' event: " + code
                                + (message == null ? "" : " " + message));
                return false;
            }
            String problem = spec.check() == null ? null : spec.check().apply(event);
            if (problem != null) {
                settle(SseErrorKind.MALFORMED, "MALFORMED", problem);
                return false;
            }
            if (spec.counted().test(event)) {
                events++;
                if (firstEventNanos < 0) {
                    firstEventNanos = now;
                } else {
                    gaps.gap(now - lastCountedNanos);
                }
                lastCountedNanos = now;
            }
            if (spec.audio() != null && spec.audio().test(event)) {
                long[] audio = JsonEvents.audio(event, spec.defaultSampleRateHz());
                audioSamples += audio[0];
                audioMillis += audio[0] * 1000.0 / audio[1];
            }
            if (spec.end() != null && spec.end().test(event)) {
                settle(null, null, null);
                return false;
            }
            return true;
        }
    }

    /** Checks an event's own id against the previous one; returns a problem or null. Lock held. */
    private String checkId(String id) {
        long numeric = parseId(id);
        if (resumedAfter != null) {
            String after = resumedAfter;
            resumedAfter = null;
            long previous = parseId(after);
            if (numeric != Long.MIN_VALUE && previous != Long.MIN_VALUE && numeric != previous + 1) {
                return "after reconnecting with Last-Event-ID " + after + " the first event id was " + id
                        + "; expected " + (previous + 1) + " (the server did not resume where the stream broke)";
            }
            if (id.equals(after)) {
                return "after reconnecting with Last-Event-ID " + after + " the server sent id " + id + " again";
            }
        } else if (spec.increasingIds()
                && numeric != Long.MIN_VALUE
                && lastNumericId != Long.MIN_VALUE
                && numeric <= lastNumericId) {
            return "event id " + id + " after id " + lastNumericId + ": ids must increase";
        }
        if (numeric != Long.MIN_VALUE) {
            lastNumericId = numeric;
        }
        return null;
    }

    /**
     * The body ended ({@code e} null: end of file) or failed: completion when no end event is
     * expected, else a reset (reconnecting if allowed) or a stall. Lock held.
     */
    private void ended(IOException e, boolean beforeResponse) {
        if (e == null && spec.end() == null) {
            settle(null, null, null);
            return;
        }
        SseErrorKind kind;
        String message;
        if (e instanceof SocketTimeoutException) {
            kind = SseErrorKind.STALL;
            message = (beforeResponse ? "no response headers" : "no data")
                    + " within the read timeout (" + client.readTimeoutMillis() + " ms)"
                    + (events > 0 ? " after " + events + " events" : "");
        } else if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
            kind = SseErrorKind.TIMEOUT;
            message = "the call timeout ended the stream";
        } else {
            kind = SseErrorKind.RESET;
            message = (e == null ? "end of stream" : "connection failed (" + e + ")") + " before the end event, after "
                    + events + " events";
        }
        if (kind == SseErrorKind.RESET
                && reconnects < spec.maxReconnects()
                && lastEventId != null
                && System.nanoTime() - boundNanos < 0) {
            reconnect(message);
            return;
        }
        settle(kind, kind.name(), message);
    }

    private void reconnect(String why) {
        reconnects++;
        bytesOfEarlierAttempts = bytes;
        resumedAfter = lastEventId;
        String id = lastEventId;
        LOG.debug("reconnecting to {} with Last-Event-ID {} after: {}", spec.target(), id, why);
        callSafely(() -> spec.listener().onReconnect(id));
        Call next = newCall(current.newBuilder().header("Last-Event-ID", id).build());
        call = next;
        // enqueue does not call back synchronously, so holding the lock here is safe.
        next.enqueue(this);
    }

    /**
     * A 3xx: followed only when the scenario allows it and the Location stays on the origin of the
     * request (same scheme, host and port), with the same method and body; else the stream fails
     * as REDIRECT naming the Location, since a load that silently leaves its target measures
     * something else.
     */
    private void redirected(Call redirectedCall, int status, String location) {
        synchronized (this) {
            if (outcome != null || redirectedCall != call) {
                return;
            }
            HttpUrl from = redirectedCall.request().url();
            HttpUrl to = location == null ? null : from.resolve(location);
            boolean sameOrigin = to != null
                    && to.scheme().equals(from.scheme())
                    && to.host().equals(from.host())
                    && to.port() == from.port();
            if (sameOrigin && redirects < spec.maxRedirects()) {
                redirects++;
                current = redirectedCall.request().newBuilder().url(to).build();
                Call next = newCall(current);
                call = next;
                next.enqueue(this);
                return;
            }
            String why = location == null
                    ? "without a Location header"
                    : "to " + (to == null ? "'" + location + "'" : to)
                            + (spec.maxRedirects() == 0
                                    ? "; redirects are not followed (withRedirects(true) follows those within the target's origin,"
                                            + " keeping the method), point the scenario at the final URL"
                                    : !sameOrigin
                                            ? ", outside the target's origin " + from.scheme() + "://" + from.host()
                                                    + ":" + from.port() + ": not followed"
                                            : "; more than " + spec.maxRedirects() + " redirects");
            settle(SseErrorKind.REDIRECT, "REDIRECT", "answered HTTP " + status + " " + why);
        }
    }

    private void httpError(int status, ResponseBody body) {
        String text = "";
        try {
            BufferedSource source = body.source();
            source.request(ERROR_BODY_LIMIT_BYTES);
            long n = Math.min(source.getBuffer().size(), ERROR_BODY_LIMIT_BYTES);
            text = source.getBuffer().readString(n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The status alone is the error; a broken body adds nothing.
        }
        String[] server = JsonEvents.errorBody(text);
        String code = "HTTP_" + status + (server[0] == null ? "" : "_" + server[0].replaceAll("[^A-Za-z0-9_]", "_"));
        String detail = server[1] != null ? server[1] : abbreviate(text.strip());
        synchronized (this) {
            settle(
                    SseErrorKind.HTTP,
                    code,
                    "answered HTTP " + status + (server[0] == null ? "" : " " + server[0])
                            + (detail.isEmpty() ? "" : ": " + detail));
        }
    }

    /** Fixes the outcome unless already fixed; the one place {@code onEnd} is called. Lock held or taken. */
    private synchronized void settle(SseErrorKind kind, String code, String message) {
        if (outcome != null) {
            return;
        }
        long now = System.nanoTime();
        outcome = new StreamOutcome(
                kind,
                code,
                message,
                httpStatus,
                events,
                bytes,
                firstEventNanos < 0 ? -1 : firstEventNanos - startNanos,
                Math.max(0, now - startNanos),
                lastCountedNanos < 0 ? -1 : lastCountedNanos - startNanos,
                audioSamples,
                audioMillis,
                reconnects,
                lastEventId);
        StreamOutcome o = outcome;
        // onEnd before the latch opens: when await returns, the terminal callback has been made.
        callSafely(() -> spec.listener().onEnd(o));
        settledLatch.countDown();
        if (timer != null) {
            boundTask.cancel(false);
            whenSettled.settled(o);
        }
    }

    private Call newCall(Request r) {
        Call c = client.newCall(r);
        long timeout = boundNanos - System.nanoTime() + BACKSTOP_NANOS;
        c.timeout().timeout(Math.max(timeout, 1), TimeUnit.NANOSECONDS);
        return c;
    }

    private void callSafely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("an SSE listener callback threw; ignored", e);
        }
    }

    private static boolean isConnectFailure(IOException e) {
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return true;
        }
        String message = e.getMessage();
        return e instanceof SocketTimeoutException
                && message != null
                && message.toLowerCase(Locale.ROOT).contains("connect");
    }

    private static boolean isEventStream(MediaType type) {
        return type != null && "text".equalsIgnoreCase(type.type()) && "event-stream".equalsIgnoreCase(type.subtype());
    }

    private static long parseId(String id) {
        if (id.isEmpty() || id.length() > 18) {
            return Long.MIN_VALUE;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
        }
        return Long.parseLong(id);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
