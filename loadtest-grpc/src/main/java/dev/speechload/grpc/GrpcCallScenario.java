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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A load-test scenario for a unary, server-streaming or client-streaming gRPC method: each
 * iteration is one call, started with your generated stub's method.
 *
 * <pre>{@code
 * GrpcCallScenario<Ping, Pong> unary = GrpcCallScenario.unary(
 *         channel -> EchoGrpc.newStub(channel)::echo, iteration -> PING);
 * GrpcCallScenario<Query, Row> rows = GrpcCallScenario.serverStreaming(
 *         channel -> DbGrpc.newStub(channel)::scan, iteration -> query(iteration.index()));
 * GrpcCallScenario<Chunk, Summary> upload = GrpcCallScenario.clientStreaming(
 *         channel -> StoreGrpc.newStub(channel)::upload, iteration -> chunks);
 * }</pre>
 *
 * <p>Metrics (prefix {@code call} unless {@link #withMetricPrefix}): {@code <prefix>.latency}
 * (call start to its end with OK), {@value dev.speechload.core.result.RunResult#TIME_TO_FIRST_EVENT}
 * (call start to the first response), client streaming also {@code <prefix>.final_latency}
 * (half-close to the response) and {@code <prefix>.requests_sent}; counters
 * {@code <prefix>.responses} and {@code <prefix>.calls_ok}. A failed call fails its iteration
 * with the server's stable code (the {@code speechload-error-code} trailer or an ErrorDetail)
 * or the gRPC status name ({@code NOT_FOUND}, {@code UNAVAILABLE}, ...), or a
 * {@link StreamErrors} kind. Client-streaming requests go out as fast as flow control allows.
 *
 * <p>Immutable configuration; one instance serves one run at a time; {@link #start} and
 * {@link #run} are thread-safe.
 */
public final class GrpcCallScenario<Req, Resp> implements AsyncScenario {

    private final ExchangeShape shape;
    private final Function<Channel, BiConsumer<Req, StreamObserver<Resp>>> oneRequest;
    private final Function<Iteration, Req> request;
    private final Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> manyRequests;
    private final Function<Iteration, List<Req>> requests;
    private final DriverSettings settings;
    private volatile ExchangeDriver<Req, Resp> driver;

    private GrpcCallScenario(
            ExchangeShape shape,
            Function<Channel, BiConsumer<Req, StreamObserver<Resp>>> oneRequest,
            Function<Iteration, Req> request,
            Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> manyRequests,
            Function<Iteration, List<Req>> requests,
            DriverSettings settings) {
        this.shape = shape;
        this.oneRequest = oneRequest;
        this.request = request;
        this.manyRequests = manyRequests;
        this.requests = requests;
        this.settings = settings;
    }

    /** A unary method, e.g. {@code channel -> EchoGrpc.newStub(channel)::echo}, and each call's request. */
    public static <Req, Resp> GrpcCallScenario<Req, Resp> unary(
            Function<Channel, BiConsumer<Req, StreamObserver<Resp>>> call, Function<Iteration, Req> request) {
        return new GrpcCallScenario<>(
                ExchangeShape.UNARY,
                Objects.requireNonNull(call, "call"),
                Objects.requireNonNull(request, "request"),
                null,
                null,
                defaults());
    }

    /** A server-streaming method and each call's request; the call succeeds when the server ends it OK. */
    public static <Req, Resp> GrpcCallScenario<Req, Resp> serverStreaming(
            Function<Channel, BiConsumer<Req, StreamObserver<Resp>>> call, Function<Iteration, Req> request) {
        return new GrpcCallScenario<>(
                ExchangeShape.SERVER_STREAMING,
                Objects.requireNonNull(call, "call"),
                Objects.requireNonNull(request, "request"),
                null,
                null,
                defaults());
    }

    /** A client-streaming method and each call's requests (at least one), sent before the half-close. */
    public static <Req, Resp> GrpcCallScenario<Req, Resp> clientStreaming(
            Function<Channel, Function<StreamObserver<Resp>, StreamObserver<Req>>> call,
            Function<Iteration, List<Req>> requests) {
        return new GrpcCallScenario<>(
                ExchangeShape.CLIENT_STREAMING,
                null,
                null,
                Objects.requireNonNull(call, "call"),
                Objects.requireNonNull(requests, "requests"),
                defaults());
    }

    private static DriverSettings defaults() {
        return DriverSettings.defaults("call", "call", false);
    }

    private GrpcCallScenario<Req, Resp> with(DriverSettings s) {
        return new GrpcCallScenario<>(shape, oneRequest, request, manyRequests, requests, s);
    }

    /** Metric names start with {@code prefix.} (default {@code call}). */
    public GrpcCallScenario<Req, Resp> withMetricPrefix(String prefix) {
        return with(settings.withMetricPrefix(Objects.requireNonNull(prefix, "prefix")));
    }

    public GrpcCallScenario<Req, Resp> withName(String name) {
        return with(settings.withName(name));
    }

    /**
     * Connections, pacer threads, timeouts, request metadata and where to connect (default
     * {@link GrpcOptions#defaults()}); replaces the options set before.
     */
    public GrpcCallScenario<Req, Resp> withOptions(GrpcOptions options) {
        return with(settings.withOptions(Objects.requireNonNull(options, "options")));
    }

    /** The transport options this scenario runs with. */
    public GrpcOptions options() {
        return settings.options();
    }

    @Override
    public void setUp(ScenarioContext context) {
        // Unary and one-way calls pace nothing: one lane is enough.
        DriverSettings oneLane = settings.withOptions(settings.options().withPacerThreads(1));
        ExchangeDriver<Req, Resp> d = new ExchangeDriver<>(oneLane, shape, null, r -> true, 0);
        d.setUp(context);
        driver = d;
    }

    /**
     * Blocking: {@link #start} one call and wait for its end. A failed session fails
     * {@code iteration} (its code) and returns normally.
     *
     * @throws InterruptedException when interrupted (the engine cut the run): the call is cancelled
     */
    @Override
    public void run(Iteration iteration) throws InterruptedException {
        SessionEnd.await(start(iteration));
    }

    /**
     * Starts one call and returns without waiting. The stage completes when the call has ended
     * and is recorded: normally on success, else with a {@link SessionFailedException} carrying
     * the code the iteration failed with. Cancelling it cancels the call.
     *
     * @throws IllegalStateException when not set up or the call did not start a gRPC call
     * @throws IllegalArgumentException when a client-streaming call is given no requests
     */
    @Override
    public CompletableFuture<Void> start(Iteration iteration) {
        ExchangeDriver<Req, Resp> d = driver;
        if (d == null) {
            throw new IllegalStateException(settings.name() + " is not set up: call setUp(..) first (the engine does)");
        }
        if (shape == ExchangeShape.CLIENT_STREAMING) {
            List<Req> list = List.copyOf(Objects.requireNonNull(requests.apply(iteration), "requests"));
            if (list.isEmpty()) {
                throw new IllegalArgumentException(
                        settings.name() + ": a client-streaming call needs at least one " + "request, got none");
            }
            return d.start(
                    iteration,
                    list,
                    (channel, observer) -> manyRequests.apply(channel).apply(observer));
        }
        Req message = Objects.requireNonNull(request.apply(iteration), "request");
        return d.start(
                iteration,
                List.of(),
                (channel, observer) -> oneRequest.apply(channel).accept(message, observer));
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
