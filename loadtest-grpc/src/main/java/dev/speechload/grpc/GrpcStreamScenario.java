package dev.speechload.grpc;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.grpc.internal.DriverSettings;
import dev.speechload.grpc.internal.RequestScript;
import dev.speechload.grpc.internal.ResponseInspector;
import dev.speechload.grpc.internal.SessionEnd;
import dev.speechload.grpc.internal.SessionLogChain;
import dev.speechload.grpc.internal.StreamDriver;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A load-test scenario for any bidirectional streaming gRPC method: you say how to start the call
 * (your generated stub's method), what to send and when, and which responses are interim and
 * final; each iteration is one stream, measured like {@link SttScenario} (first response, interim
 * and final latency, send/tail/total durations, send lag, error codes and stages, session logs).
 *
 * <pre>{@code
 * GrpcStreamScenario<Segment, Translation> s = GrpcStreamScenario
 *         .<Segment, Translation>create(channel -> TranslatorGrpc.newStub(channel)::translate)
 *         .withRequests(List.of(
 *                 TimedRequest.now(segment("hello ", 6)).coveringMedia(6),
 *                 TimedRequest.at(Duration.ofMillis(200), lastSegment("world", 11)).coveringMedia(11)))
 *         .forFinal(Translation::getComplete)
 *         .withCoveredMedia(Translation::getCoveredOffset);
 * }</pre>
 *
 * <p>After the last request the client half-closes; a session succeeds when a final response has
 * arrived and the server ends the stream with OK. Metric names start with the prefix ({@code stream}
 * by default): {@code stream.final_latency}, {@code stream.interim_latency}, ...; the first
 * response is {@value dev.speechload.core.result.RunResult#TIME_TO_FIRST_EVENT}, the generator's
 * lag {@code generator.grpc.send_lag}.
 *
 * <p>Immutable configuration: every {@code with...}/{@code for...} returns a new scenario. The
 * functions you pass run on gRPC threads and must be quick, non-blocking and thread-safe. One
 * instance serves one run at a time; {@link #start} and {@link #run} are thread-safe.
 *
 * @param <Req>  the request message type
 * @param <Resp> the response message type
 */
public final class GrpcStreamScenario<Req, Resp> implements AsyncScenario {

    private final Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call;
    private final Function<Iteration, List<TimedRequest<Req>>> requests;
    private final RequestScript<Req> fixedScript;
    private final Predicate<Resp> isFinal;
    private final Predicate<Resp> isInterim;
    private final ToLongFunction<Resp> coveredMedia;
    private final Function<Resp, String> validation;
    private final Function<Resp, String> text;
    private final DriverSettings settings;
    /** This instance's session logs across its runs (a copy made by a {@code with...} starts its own). */
    private final SessionLogChain logs = new SessionLogChain();

    private volatile StreamDriver<Req, Resp> driver;

    private GrpcStreamScenario(
            Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call,
            Function<Iteration, List<TimedRequest<Req>>> requests,
            RequestScript<Req> fixedScript,
            Predicate<Resp> isFinal,
            Predicate<Resp> isInterim,
            ToLongFunction<Resp> coveredMedia,
            Function<Resp, String> validation,
            Function<Resp, String> text,
            DriverSettings settings) {
        this.call = call;
        this.requests = requests;
        this.fixedScript = fixedScript;
        this.isFinal = isFinal;
        this.isInterim = isInterim;
        this.coveredMedia = coveredMedia;
        this.validation = validation;
        this.text = text;
        this.settings = settings;
    }

    /**
     * A scenario for the call that {@code call} starts on a channel, typically
     * {@code channel -> MyServiceGrpc.newStub(channel)::myStreamingMethod}. By default every
     * response is interim except the last, which must be marked with {@link #forFinal}.
     */
    public static <Req, Resp> GrpcStreamScenario<Req, Resp> create(
            Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call) {
        Objects.requireNonNull(call, "call");
        return new GrpcStreamScenario<>(
                call,
                null,
                null,
                r -> false,
                r -> true,
                r -> -1,
                r -> null,
                r -> null,
                DriverSettings.defaults("stream", "stream", false));
    }

    private GrpcStreamScenario<Req, Resp> with(DriverSettings s) {
        return new GrpcStreamScenario<>(
                call, requests, fixedScript, isFinal, isInterim, coveredMedia, validation, text, s);
    }

    /** The same requests for every session (validated now). */
    public GrpcStreamScenario<Req, Resp> withRequests(List<TimedRequest<Req>> fixed) {
        return new GrpcStreamScenario<>(
                call, null, new ListScript<>(fixed), isFinal, isInterim, coveredMedia, validation, text, settings);
    }

    /** Requests made per session (e.g. from {@code iteration.channel()}); validated each session. */
    public GrpcStreamScenario<Req, Resp> withRequests(Function<Iteration, List<TimedRequest<Req>>> perSession) {
        return new GrpcStreamScenario<>(
                call,
                Objects.requireNonNull(perSession, "perSession"),
                null,
                isFinal,
                isInterim,
                coveredMedia,
                validation,
                text,
                settings);
    }

    /** Which response is the final one (at most one per stream; one must arrive). */
    public GrpcStreamScenario<Req, Resp> forFinal(Predicate<Resp> predicate) {
        return new GrpcStreamScenario<>(
                call,
                requests,
                fixedScript,
                Objects.requireNonNull(predicate, "final"),
                isInterim,
                coveredMedia,
                validation,
                text,
                settings);
    }

    /** Which non-final responses are interim results (default: all); others are only counted. */
    public GrpcStreamScenario<Req, Resp> forInterim(Predicate<Resp> predicate) {
        return new GrpcStreamScenario<>(
                call,
                requests,
                fixedScript,
                isFinal,
                Objects.requireNonNull(predicate, "interim"),
                coveredMedia,
                validation,
                text,
                settings);
    }

    /**
     * The media a response covers up to, in ms (as {@link TimedRequest#mediaEndMillis}); -1 when a
     * response does not say. Without it, interim latency counts from the latest request sent.
     */
    public GrpcStreamScenario<Req, Resp> withCoveredMedia(ToLongFunction<Resp> millis) {
        return new GrpcStreamScenario<>(
                call,
                requests,
                fixedScript,
                isFinal,
                isInterim,
                Objects.requireNonNull(millis, "coveredMedia"),
                validation,
                text,
                settings);
    }

    /**
     * True: the media your requests cover ({@link TimedRequest#coveringMedia}) is milliseconds of
     * audio, so the scenario records {@code <prefix>.rtf} (session time per second of audio) and
     * its session logs have the {@code audio_ms} and {@code rtf} columns. False (default): no
     * real-time factor, since one of text offsets or other media means nothing.
     */
    public GrpcStreamScenario<Req, Resp> withAudioMedia(boolean audio) {
        return with(settings.withAudio(audio));
    }

    /** A check of each response: returns why it is malformed, or null (counted as MALFORMED_RESPONSE). */
    public GrpcStreamScenario<Req, Resp> withValidation(Function<Resp, String> check) {
        return new GrpcStreamScenario<>(
                call,
                requests,
                fixedScript,
                isFinal,
                isInterim,
                coveredMedia,
                Objects.requireNonNull(check, "validation"),
                text,
                settings);
    }

    /** The text of the final response, for session logs (the transcript column). */
    public GrpcStreamScenario<Req, Resp> withText(Function<Resp, String> finalText) {
        return new GrpcStreamScenario<>(
                call,
                requests,
                fixedScript,
                isFinal,
                isInterim,
                coveredMedia,
                validation,
                Objects.requireNonNull(finalText, "text"),
                settings);
    }

    /** Metric names start with {@code prefix.} (default {@code stream}). */
    public GrpcStreamScenario<Req, Resp> withMetricPrefix(String prefix) {
        return with(settings.withMetricPrefix(Objects.requireNonNull(prefix, "prefix")));
    }

    /** True (default): send each request at its {@link TimedRequest#at}; false: as fast as flow control allows. */
    public GrpcStreamScenario<Req, Resp> withRealtime(boolean realtime) {
        return with(settings.withRealtime(realtime));
    }

    public GrpcStreamScenario<Req, Resp> withSessionLogging(SessionLogging logging) {
        return with(settings.withLogging(logging));
    }

    public GrpcStreamScenario<Req, Resp> withName(String name) {
        return with(settings.withName(name));
    }

    /**
     * Connections, pacer threads, timeouts, request metadata and where to connect (default
     * {@link GrpcOptions#defaults()}); replaces the options set before.
     */
    public GrpcStreamScenario<Req, Resp> withOptions(GrpcOptions options) {
        return with(settings.withOptions(Objects.requireNonNull(options, "options")));
    }

    /** The transport options this scenario runs with. */
    public GrpcOptions options() {
        return settings.options();
    }

    @Override
    public void setUp(ScenarioContext context) {
        if (requests == null && fixedScript == null) {
            throw new IllegalStateException(settings.name() + ": no requests to send: call withRequests(..)");
        }
        ResponseInspector<Resp> inspector = new ResponseInspector<>() {
            @Override
            public boolean isFinal(Resp r) {
                return isFinal.test(r);
            }

            @Override
            public boolean isInterim(Resp r) {
                return isInterim.test(r);
            }

            @Override
            public long coveredUntilMillis(Resp r) {
                return coveredMedia.applyAsLong(r);
            }

            @Override
            public String malformation(Resp r) {
                return validation.apply(r);
            }

            @Override
            public String text(Resp r) {
                return text.apply(r);
            }
        };
        StreamDriver<Req, Resp> d = new StreamDriver<>(
                settings,
                (channel, responses) -> call.apply(channel).apply(responses),
                inspector,
                logs,
                Clock.systemUTC());
        d.setUp(context);
        driver = d;
    }

    /**
     * Blocking: {@link #start} one session and wait for its end. A failed session fails
     * {@code iteration} (its code) and returns normally.
     *
     * @throws InterruptedException when interrupted (the engine cut the run): the call is cancelled
     */
    @Override
    public void run(Iteration iteration) throws InterruptedException {
        SessionEnd.await(start(iteration));
    }

    /**
     * Opens one stream, sends its first request and returns without waiting; the pacer sends the
     * rest. The stage completes when the session has ended and is recorded: normally on success,
     * else with a {@link SessionFailedException} carrying the code the iteration failed with.
     * Cancelling it cancels the call and records nothing but the session log line.
     *
     * @throws IllegalStateException when not set up or the call did not start a gRPC call
     */
    @Override
    public CompletableFuture<Void> start(Iteration iteration) {
        StreamDriver<Req, Resp> d = driver;
        if (d == null) {
            throw new IllegalStateException(settings.name() + " is not set up: call setUp(..) first (the engine does)");
        }
        return d.start(iteration, fixedScript != null ? fixedScript : new ListScript<>(requests.apply(iteration)));
    }

    @Override
    public void tearDown() {
        StreamDriver<?, ?> d = driver;
        driver = null;
        if (d != null) {
            d.tearDown();
        }
    }

    /** A list of timed requests as a script; checks order once. */
    private static final class ListScript<Req> implements RequestScript<Req> {
        private final Object[] messages;
        private final long[] offsets;
        private final long[] media;

        ListScript(List<TimedRequest<Req>> list) {
            Objects.requireNonNull(list, "requests");
            if (list.isEmpty()) {
                throw new IllegalArgumentException("a session needs at least one request, got none");
            }
            messages = new Object[list.size()];
            offsets = new long[list.size()];
            media = new long[list.size()];
            for (int i = 0; i < list.size(); i++) {
                TimedRequest<Req> r = Objects.requireNonNull(list.get(i), "request " + i);
                messages[i] = r.message();
                offsets[i] = r.at().toNanos();
                media[i] = r.mediaEndMillis();
                if (i > 0 && (offsets[i] < offsets[i - 1] || media[i] < media[i - 1])) {
                    throw new IllegalArgumentException("request " + i + " goes back in time or media: at "
                            + r.at() + " / " + media[i] + " ms after " + Duration.ofNanos(offsets[i - 1]) + " / "
                            + media[i - 1] + " ms; order requests by time");
                }
            }
        }

        @Override
        public int size() {
            return messages.length;
        }

        @SuppressWarnings("unchecked")
        @Override
        public Req request(int index) {
            return (Req) messages[index];
        }

        @Override
        public long offsetNanos(int index) {
            return offsets[index];
        }

        @Override
        public long mediaEndMillis(int index) {
            return media[index];
        }
    }
}
