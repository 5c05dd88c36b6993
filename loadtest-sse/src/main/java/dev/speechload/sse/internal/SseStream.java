package dev.speechload.sse.internal;

import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseEvent;
import dev.speechload.sse.StreamOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSE stream on the JDK HTTP client: sends the request, parses the body as it arrives on the
 * transport's worker threads, and settles exactly one {@link StreamOutcome}, which
 * {@link #outcome()} completes with. No thread waits for the stream: the read timeout and the
 * stream's bound are timer tasks.
 *
 * <p><b>One terminal outcome.</b> Every path that ends the stream (end event, failure event,
 * HTTP error, reset, stall, cap, time bound, cut) goes through {@link #settle}, which holds this
 * object's lock, does nothing when the stream is already settled, and otherwise fixes the
 * outcome, calls the listener's {@code onEnd} once and completes {@link #outcome()} (so whoever
 * waits on it runs under the same lock, after the last gap was handed to the sink). Events are
 * handled under the same lock and dropped once settled, so no callback follows {@code onEnd}.
 * Whoever settles first wins: when the timer settles at a time bound and then cancels the call,
 * the cancelled exchange's error finds the stream settled and is ignored, so our own cancel is
 * never counted as an error. The call is released off the lock (on the timer thread), so this
 * lock is never held while the HTTP client takes its own.
 *
 * <p>Thread safety: {@link #start} once, from any thread; the rest from the client's threads, the
 * timer, or whoever cuts; the lock orders them. Single use. Not API.
 */
public final class SseStream {

    /** Receives inter-event gaps while the stream runs (from the reading thread, under the lock). */
    @FunctionalInterface
    public interface GapSink {
        void gap(long nanos);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
    private static final int ERROR_BODY_LIMIT_BYTES = 64 * 1024;

    private final SseTransport transport;
    private final StreamSpec spec;
    private final HttpRequest request;
    private final GapSink gaps;
    private final CompletableFuture<StreamOutcome> done = new CompletableFuture<>();

    // All below guarded by this.
    private boolean started;
    private long startNanos;
    private long boundNanos;
    private int attempt;
    private CompletableFuture<?> call;
    private Flow.Subscription body;
    private ScheduledFuture<?> boundTask;
    private ScheduledFuture<?> stallTask;
    private long lastByteNanos;
    private boolean headersSeen;
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
    private HttpRequest current;
    private int redirects;

    /**
     * @param transport the scenario's client and timer
     * @param spec      what to check and measure
     * @param request   the first request; reconnections copy it with {@code Last-Event-ID}
     * @param gaps      receives gaps between counted events
     */
    public SseStream(SseTransport transport, StreamSpec spec, HttpRequest request, GapSink gaps) {
        this.transport = transport;
        this.spec = spec;
        this.request = request;
        this.gaps = gaps;
    }

    /**
     * Sends the request; returns at once. At {@code bound} a stream still running is settled (as a
     * normal end when {@code plannedEnd}, the scenario's maximum stream duration; else as
     * {@link SseErrorKind#TIMEOUT}) and its call released.
     *
     * @param start            when the request started ({@link System#nanoTime()}); every time is measured from it
     * @param bound            when the stream must have ended at the latest
     * @param boundDescription names the bound in the messages
     */
    public void start(long start, long bound, String boundDescription, boolean plannedEnd) {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("stream already started");
            }
            started = true;
            startNanos = start;
            boundNanos = bound;
            lastByteNanos = start;
            transport.opened(this);
            boundTask = transport.timer().schedule(() -> {
                if (plannedEnd) {
                    settle(null, null, "the stream reached " + boundDescription + ", its planned end");
                } else {
                    settle(SseErrorKind.TIMEOUT, "TIMEOUT", "the stream did not end within " + boundDescription);
                }
            }, Math.max(0, bound - System.nanoTime()), TimeUnit.NANOSECONDS);
            scheduleStallCheck(transport.readTimeoutNanos());
            send(request);
        }
    }

    /** Completes once with the stream's outcome, on the thread that settled it, under its lock. */
    public CompletableFuture<StreamOutcome> outcome() {
        return done;
    }

    /**
     * Ends the stream now as {@link SseErrorKind#RUN_ENDED} (the engine cut it, or the transport
     * closed) and releases its call; nothing when it already ended. What it saw stays in its outcome.
     */
    public void cut() {
        settle(SseErrorKind.RUN_ENDED, "RUN_ENDED", "the stream was cut while it was running");
    }

    /** Sends {@code r} as the current attempt. Lock held. */
    private void send(HttpRequest r) {
        int id = ++attempt;
        current = r;
        body = null;
        headersSeen = false;
        CompletableFuture<HttpResponse<Void>> f;
        try {
            f = transport.client().sendAsync(r, info -> onHeaders(id, info));
        } catch (RuntimeException e) {
            settle(SseErrorKind.CONNECT, "CONNECT", "could not send the request: " + e);
            return;
        }
        call = f;
        f.whenComplete((response, failure) -> {
            if (failure != null) {
                onCallFailure(id, unwrap(failure));
            }
        });
    }

    /** The request failed (before or while reading the body). */
    private synchronized void onCallFailure(int id, Throwable failure) {
        if (outcome != null || id != attempt) {
            return;
        }
        IOException e = failure instanceof IOException io ? io : new IOException(failure.toString(), failure);
        if (!headersSeen && isConnectFailure(e)) {
            settle(SseErrorKind.CONNECT, "CONNECT", "could not connect: " + e);
        } else {
            ended(e);
        }
    }

    /** The response headers of attempt {@code id} arrived: picks how to read its body. */
    private synchronized HttpResponse.BodySubscriber<Void> onHeaders(int id, HttpResponse.ResponseInfo info) {
        if (outcome != null || id != attempt) {
            return HttpResponse.BodySubscribers.fromSubscriber(new Discard());
        }
        int status = info.statusCode();
        String type = info.headers().firstValue("Content-Type").orElse(null);
        httpStatus = status;
        headersSeen = true;
        lastByteNanos = System.nanoTime();
        callSafely(() -> spec.listener().onOpen(status, type));
        if (isRedirect(status)) {
            redirected(status, info.headers().firstValue("Location").orElse(null));
            return HttpResponse.BodySubscribers.fromSubscriber(new Discard());
        }
        if (status < 200 || status > 299) {
            return HttpResponse.BodySubscribers.fromSubscriber(new ErrorBody(id, status));
        }
        if (!isEventStream(type)) {
            settle(SseErrorKind.WRONG_CONTENT_TYPE, "WRONG_CONTENT_TYPE", "answered " + status + " with Content-Type "
                    + (type == null ? "(none)" : type) + "; expected text/event-stream");
            return HttpResponse.BodySubscribers.fromSubscriber(new Discard());
        }
        return HttpResponse.BodySubscribers.fromSubscriber(new Events(id, bytesOfEarlierAttempts));
    }

    /** Handles one event; false when the stream is settled (stop reading). Lock held. */
    private boolean onEvent(SseEvent event, SseParser parser, long base) throws StreamProblem {
        long now = System.nanoTime();
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
            settle(SseErrorKind.SERVER_ERROR, code, "the server sent a '" + event.type() + "' event: " + code
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
        } else if (spec.increasingIds() && numeric != Long.MIN_VALUE && lastNumericId != Long.MIN_VALUE
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
     * expected, else a reset (reconnecting if allowed). Lock held.
     */
    private void ended(IOException e) {
        if (e == null && spec.end() == null) {
            settle(null, null, null);
            return;
        }
        String message = (e == null ? "end of stream" : "connection failed (" + e + ")")
                + " before the end event, after " + events + " events";
        if (reconnects < spec.maxReconnects() && lastEventId != null && System.nanoTime() - boundNanos < 0) {
            reconnect(message);
            return;
        }
        settle(SseErrorKind.RESET, "RESET", message);
    }

    private void reconnect(String why) {
        reconnects++;
        bytesOfEarlierAttempts = bytes;
        resumedAfter = lastEventId;
        String id = lastEventId;
        LOG.debug("reconnecting to {} with Last-Event-ID {} after: {}", spec.target(), id, why);
        callSafely(() -> spec.listener().onReconnect(id));
        release(call, body, headersSeen);
        lastByteNanos = System.nanoTime();
        send(HttpRequest.newBuilder(current, (name, value) -> true).setHeader("Last-Event-ID", id).build());
    }

    /**
     * A 3xx: followed only when the scenario allows it and the Location stays on the origin of the
     * request (same scheme, host and port), with the same method and body; else the stream fails
     * as REDIRECT naming the Location, since a load that silently leaves its target measures
     * something else. Lock held.
     */
    private void redirected(int status, String location) {
        URI from = current.uri();
        URI to = null;
        try {
            to = location == null ? null : from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            // An unparsable Location: reported below as is.
        }
        boolean sameOrigin = to != null && from.getScheme().equalsIgnoreCase(String.valueOf(to.getScheme()))
                && from.getHost().equalsIgnoreCase(String.valueOf(to.getHost())) && port(from) == port(to);
        if (sameOrigin && redirects < spec.maxRedirects()) {
            redirects++;
            release(call, body, headersSeen);
            send(HttpRequest.newBuilder(current, (name, value) -> true).uri(to).build());
            return;
        }
        String why = location == null ? "without a Location header"
                : "to " + (to == null ? "'" + location + "'" : to) + (spec.maxRedirects() == 0
                ? "; redirects are not followed (withRedirects(true) follows those within the target's origin,"
                        + " keeping the method), point the scenario at the final URL"
                : !sameOrigin ? ", outside the target's origin " + from.getScheme() + "://" + from.getHost() + ":"
                        + port(from) + ": not followed"
                : "; more than " + spec.maxRedirects() + " redirects");
        settle(SseErrorKind.REDIRECT, "REDIRECT", "answered HTTP " + status + " " + why);
    }

    private void httpError(int status, String text) {
        String[] server = JsonEvents.errorBody(text);
        String code = "HTTP_" + status + (server[0] == null ? "" : "_" + server[0].replaceAll("[^A-Za-z0-9_]", "_"));
        String detail = server[1] != null ? server[1] : abbreviate(text.strip());
        settle(SseErrorKind.HTTP, code, "answered HTTP " + status
                + (server[0] == null ? "" : " " + server[0]) + (detail.isEmpty() ? "" : ": " + detail));
    }

    /**
     * Fixes the outcome unless already fixed; the one place {@code onEnd} is called and
     * {@link #outcome()} completed. Lock held or taken.
     */
    private synchronized void settle(SseErrorKind kind, String code, String message) {
        if (outcome != null || !started) {
            return;
        }
        long now = System.nanoTime();
        outcome = new StreamOutcome(kind, code, message, httpStatus, events, bytes,
                firstEventNanos < 0 ? -1 : firstEventNanos - startNanos, Math.max(0, now - startNanos),
                lastCountedNanos < 0 ? -1 : lastCountedNanos - startNanos, audioSamples, audioMillis, reconnects,
                lastEventId);
        StreamOutcome o = outcome;
        if (boundTask != null) {
            boundTask.cancel(false);
        }
        if (stallTask != null) {
            stallTask.cancel(false);
        }
        transport.closed(this);
        release(call, body, headersSeen);
        callSafely(() -> spec.listener().onEnd(o));
        done.complete(o);
    }

    /**
     * Releases an attempt off this lock (the client takes its own locks): its body subscription
     * once the body is being read, its call only while no answer came. Never the call of an
     * answered exchange: once its body ended, cancelling it would close its connection after the
     * client put it back in its pool, under the next stream that took it.
     */
    private void release(CompletableFuture<?> c, Flow.Subscription s, boolean answered) {
        if (s != null) {
            transport.soon(s::cancel);
        } else if (c != null && !answered) {
            transport.soon(() -> c.cancel(true));
        }
    }

    /**
     * The read timeout: the JDK client has none for a body, so the timer checks, at most once per
     * timeout, whether a byte (headers or body) came within it.
     */
    private void scheduleStallCheck(long delayNanos) {
        stallTask = transport.timer().schedule(this::checkStall, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private synchronized void checkStall() {
        if (outcome != null) {
            return;
        }
        long timeout = transport.readTimeoutNanos();
        long quiet = System.nanoTime() - lastByteNanos;
        if (quiet < timeout) {
            scheduleStallCheck(timeout - quiet);
            return;
        }
        settle(SseErrorKind.STALL, "STALL", (headersSeen ? "no data" : "no response headers")
                + " within the read timeout (" + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms)"
                + (events > 0 ? " after " + events + " events" : ""));
    }

    private void callSafely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("an SSE listener callback threw; ignored", e);
        }
    }

    /** Reads the event stream of attempt {@code id} into the parser, one chunk list at a time. */
    private final class Events implements Flow.Subscriber<List<ByteBuffer>> {
        private final int id;
        private final long base;
        private final SseParser parser = new SseParser(spec.maxEventBytes());
        private Flow.Subscription subscription;

        Events(int id, long base) {
            this.id = id;
            this.base = base;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (SseStream.this) {
                if (outcome != null || id != attempt) {
                    s.cancel();
                    return;
                }
                subscription = s;
                body = s;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> chunks) {
            synchronized (SseStream.this) {
                if (outcome != null || id != attempt) {
                    return;
                }
                lastByteNanos = System.nanoTime();
                try {
                    for (ByteBuffer chunk : chunks) {
                        if (!parser.feed(chunk, event -> onEvent(event, parser, base))) {
                            return;
                        }
                    }
                    bytes = base + parser.bytesRead();
                } catch (StreamProblem problem) {
                    bytes = base + parser.bytesRead();
                    settle(problem.kind(), problem.kind().name(), problem.getMessage());
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("reading the stream from {} failed unexpectedly", spec.target(), e);
                    settle(SseErrorKind.MALFORMED, "MALFORMED", "reading the stream failed: " + e);
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            onCallFailure(id, unwrap(failure));
        }

        @Override
        public void onComplete() {
            synchronized (SseStream.this) {
                if (outcome == null && id == attempt) {
                    bytes = base + parser.bytesRead();
                    ended(null);
                }
            }
        }
    }

    /** Collects up to 64 KB of an error response's body, then reports the HTTP error. */
    private final class ErrorBody implements Flow.Subscriber<List<ByteBuffer>> {
        private final int id;
        private final int status;
        private final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        ErrorBody(int id, int status) {
            this.id = id;
            this.status = status;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            synchronized (SseStream.this) {
                if (id == attempt) {
                    body = s;
                }
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> chunks) {
            for (ByteBuffer chunk : chunks) {
                int n = Math.min(chunk.remaining(), ERROR_BODY_LIMIT_BYTES - text.size());
                byte[] bytes = new byte[n];
                chunk.get(bytes);
                text.write(bytes, 0, n);
            }
            synchronized (SseStream.this) {
                lastByteNanos = System.nanoTime();
            }
            if (text.size() >= ERROR_BODY_LIMIT_BYTES) {
                subscription.cancel();
                report();
            }
        }

        @Override
        public void onError(Throwable failure) {
            // The status alone is the error; a broken body adds nothing.
            report();
        }

        @Override
        public void onComplete() {
            report();
        }

        private void report() {
            synchronized (SseStream.this) {
                if (outcome == null && id == attempt) {
                    httpError(status, text.toString(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Takes nothing: cancels the body at once (a redirect, a late or stale response). */
    private static final class Discard implements Flow.Subscriber<List<ByteBuffer>> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static boolean isConnectFailure(IOException e) {
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException
                || e instanceof HttpConnectTimeoutException) {
            return true;
        }
        Throwable cause = e.getCause();
        return cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException;
    }

    private static boolean isRedirect(int status) {
        return status == 300 || status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean isEventStream(String type) {
        if (type == null) {
            return false;
        }
        int semicolon = type.indexOf(';');
        String mime = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return mime.equals("text/event-stream");
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
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
