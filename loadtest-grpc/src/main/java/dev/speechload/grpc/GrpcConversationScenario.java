package dev.speechload.grpc;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.Iteration;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.grpc.internal.DriverSettings;
import dev.speechload.grpc.internal.ExchangeDriver;
import dev.speechload.grpc.internal.ExchangeShape;
import dev.speechload.grpc.internal.SessionEnd;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A closed-loop scenario for a bidirectional streaming gRPC method: the session sends an opening
 * message, and each response that ends the server's turn is answered with the next message
 * (after a think time, if set) until the replies return null, or the run's deadline passes; then
 * the client half-closes and the session succeeds when the server ends the stream with OK. Each
 * iteration is one conversation. Ping-pong, the way grpc-java's benchmark measures a stream:
 *
 * <pre>{@code
 * GrpcConversationScenario<Msg, Msg> pingPong = GrpcConversationScenario
 *         .<Msg, Msg>create(channel -> EchoGrpc.newStub(channel)::chat)
 *         .pingPong(Msg.getDefaultInstance(), 1_000);
 * }</pre>
 *
 * A conversation that reacts to what it hears: {@code .withOpening(it -> hello()).withReplies((response,
 * round) -> response.getDone() ? null : answer(response))}.
 *
 * <p>Metrics (prefix {@code conversation} unless {@link #withMetricPrefix}): {@code <prefix>.round_trip}
 * (a message sent to the response that ends the server's turn), {@code <prefix>.session_duration},
 * {@value dev.speechload.core.result.RunResult#TIME_TO_FIRST_EVENT}, with a think time
 * {@code generator.grpc.send_lag} (a reply's lateness behind its planned time), and counters
 * {@code <prefix>.rounds}, {@code <prefix>.responses}, {@code <prefix>.requests_sent},
 * {@code <prefix>.sessions_ok}. Round trips are recorded as they happen, so a conversation cut by
 * the end of the run keeps them. Errors as {@link GrpcCallScenario}; a server that ends the stream
 * while a message is unanswered fails the session with {@link StreamErrors#EARLY_CLOSE}.
 *
 * <p>Immutable configuration; the functions you pass run on gRPC threads and must be quick and
 * thread-safe. One instance serves one run at a time; {@link #start} and {@link #run} are thread-safe.
 */
public final class GrpcConversationScenario<Req, Resp> implements AsyncScenario {

    /** The next message after a response that ended the server's turn, or null to end the conversation. */
    @FunctionalInterface
    public interface Replies<Req, Resp> extends ExchangeDriver.Replies<Req, Resp> {}

    private final Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call;
    private final Function<Iteration, Req> opening;
    private final Replies<Req, Resp> replies;
    private final Predicate<Resp> turnEnd;
    private final Duration think;
    private final DriverSettings settings;
    private volatile ExchangeDriver<Req, Resp> driver;

    private GrpcConversationScenario(
            Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call,
            Function<Iteration, Req> opening,
            Replies<Req, Resp> replies,
            Predicate<Resp> turnEnd,
            Duration think,
            DriverSettings settings) {
        this.call = call;
        this.opening = opening;
        this.replies = replies;
        this.turnEnd = turnEnd;
        this.think = think;
        this.settings = settings;
    }

    /** A conversation over the call {@code call} starts, e.g. {@code channel -> ChatGrpc.newStub(channel)::chat}. */
    public static <Req, Resp> GrpcConversationScenario<Req, Resp> create(
            Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call) {
        return new GrpcConversationScenario<>(
                Objects.requireNonNull(call, "call"),
                null,
                null,
                r -> true,
                Duration.ZERO,
                DriverSettings.defaults("conversation", "conversation", false));
    }

    /**
     * Sends {@code message}, and again after each response, {@code rounds} round trips per
     * session; {@code rounds <= 0}: until the run ends.
     */
    public GrpcConversationScenario<Req, Resp> pingPong(Req message, long rounds) {
        Objects.requireNonNull(message, "message");
        return withOpening(it -> message)
                .withReplies((response, round) -> rounds > 0 && round >= rounds ? null : message);
    }

    /** The first message of each session (from {@code iteration}, say). */
    public GrpcConversationScenario<Req, Resp> withOpening(Function<Iteration, Req> first) {
        return new GrpcConversationScenario<>(
                call, Objects.requireNonNull(first, "opening"), replies, turnEnd, think, settings);
    }

    /** The next message after each response that ends the server's turn; null ends the conversation. */
    public GrpcConversationScenario<Req, Resp> withReplies(Replies<Req, Resp> next) {
        return new GrpcConversationScenario<>(
                call, opening, Objects.requireNonNull(next, "replies"), turnEnd, think, settings);
    }

    /**
     * Which responses end the server's turn (default: every one); others (interim results, say)
     * are counted but neither end a round trip nor get a reply.
     */
    public GrpcConversationScenario<Req, Resp> forTurnEnd(Predicate<Resp> predicate) {
        return new GrpcConversationScenario<>(
                call, opening, replies, Objects.requireNonNull(predicate, "turnEnd"), think, settings);
    }

    /** A pause between a turn's end and the reply (default none), paced on the pacer lanes. */
    public GrpcConversationScenario<Req, Resp> withThinkTime(Duration thinkTime) {
        Objects.requireNonNull(thinkTime, "thinkTime");
        if (thinkTime.isNegative()) {
            throw new IllegalArgumentException("think time must be >= 0, was " + thinkTime);
        }
        return new GrpcConversationScenario<>(call, opening, replies, turnEnd, thinkTime, settings);
    }

    private GrpcConversationScenario<Req, Resp> with(DriverSettings s) {
        return new GrpcConversationScenario<>(call, opening, replies, turnEnd, think, s);
    }

    /** Metric names start with {@code prefix.} (default {@code conversation}). */
    public GrpcConversationScenario<Req, Resp> withMetricPrefix(String prefix) {
        return with(settings.withMetricPrefix(Objects.requireNonNull(prefix, "prefix")));
    }

    public GrpcConversationScenario<Req, Resp> withName(String name) {
        return with(settings.withName(name));
    }

    /**
     * Connections, pacer threads, timeouts, request metadata and where to connect (default
     * {@link GrpcOptions#defaults()}); replaces the options set before.
     */
    public GrpcConversationScenario<Req, Resp> withOptions(GrpcOptions options) {
        return with(settings.withOptions(Objects.requireNonNull(options, "options")));
    }

    /** The transport options this scenario runs with. */
    public GrpcOptions options() {
        return settings.options();
    }

    @Override
    public void setUp(ScenarioContext context) {
        if (opening == null || replies == null) {
            throw new IllegalStateException(settings.name() + ": no conversation: call pingPong(..) or "
                    + "withOpening(..) and withReplies(..)");
        }
        ExchangeDriver<Req, Resp> d =
                new ExchangeDriver<>(settings, ExchangeShape.CONVERSATION, replies, turnEnd, think.toNanos());
        d.setUp(context);
        driver = d;
    }

    /**
     * Blocking: {@link #start} one conversation and wait for its end. A failed session fails
     * {@code iteration} (its code) and returns normally.
     *
     * @throws InterruptedException when interrupted (the engine cut the run): the call is cancelled
     */
    @Override
    public void run(Iteration iteration) throws InterruptedException {
        SessionEnd.await(start(iteration));
    }

    /**
     * Opens one conversation, sends its opening message and returns without waiting. The stage
     * completes when the conversation has ended and is recorded: normally on success, else with a
     * {@link SessionFailedException} carrying the code the iteration failed with. Cancelling it
     * cancels the call; the round trips recorded until then stay.
     *
     * @throws IllegalStateException when not set up or the call did not start a gRPC call
     */
    @Override
    public CompletableFuture<Void> start(Iteration iteration) {
        ExchangeDriver<Req, Resp> d = driver;
        if (d == null) {
            throw new IllegalStateException(settings.name() + " is not set up: call setUp(..) first (the engine does)");
        }
        Req first = Objects.requireNonNull(opening.apply(iteration), "opening message");
        return d.start(
                iteration,
                List.of(first),
                (channel, observer) -> call.apply(channel).apply(observer));
    }

    @Override
    public void tearDown() {
        ExchangeDriver<?, ?> d = driver;
        driver = null;
        if (d != null) {
            d.tearDown();
        }
    }
}
