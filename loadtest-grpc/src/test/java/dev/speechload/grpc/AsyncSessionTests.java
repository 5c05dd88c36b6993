package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.testkit.RecordingContext;
import dev.speechload.grpc.test.exchange.ExchangeGrpc;
import dev.speechload.grpc.test.exchange.Msg;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drivers as asynchronous scenarios: {@code start} returns a stage the driver owns, completed
 * exactly once when the session ends, exceptionally with the code it failed the iteration with;
 * cancelling it (the run's end) cancels the call, which the server sees. Nothing here waits on a
 * stage to make a session progress: timeouts are the driver's own scheduled tasks.
 */
@DisplayName("gRPC scenarios as AsyncScenario")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AsyncSessionTests {

    private static final Audio ONE_SECOND = AudioSources.silence(Duration.ofSeconds(1), 16_000);
    private static final Audio THIRTY_SECONDS = AudioSources.silence(Duration.ofSeconds(30), 16_000);

    private FakeSttServer stt;
    private ExchangeServer exchange;
    private final List<dev.speechload.core.engine.Scenario> toTearDown = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (dev.speechload.core.engine.Scenario s : toTearDown) {
            s.tearDown();
        }
        if (stt != null) {
            stt.close();
        }
        if (exchange != null) {
            exchange.close();
        }
    }

    private RecordingContext sttServer(FakeSttServer.Misbehaviour misbehaviour) throws Exception {
        stt = new FakeSttServer();
        stt.misbehaviour = misbehaviour;
        return RecordingContext.grpc(stt.port());
    }

    private <S extends dev.speechload.core.engine.Scenario> S setUp(S scenario, RecordingContext context)
            throws Exception {
        scenario.setUp(context);
        toTearDown.add(scenario);
        return scenario;
    }

    @Test
    void startReturnsWhileTheSessionRunsAndItsStageCompletesOnceWhenItEnds() throws Exception {
        RecordingContext context = sttServer(FakeSttServer.Misbehaviour.NONE);
        SttScenario scenario = setUp(SttScenario.create(ONE_SECOND).withSpeed(4), context);
        SttScenario longOne = setUp(SttScenario.create(THIRTY_SECONDS), context);

        CompletableFuture<Void> running = longOne.start(context.iteration(1, 0, Duration.ofMillis(60_000)));
        AtomicInteger completions = new AtomicInteger();
        CompletableFuture<Void> end = scenario.start(context.iteration(0, 0, Duration.ofMillis(60_000)));
        end.whenComplete((v, t) -> completions.incrementAndGet());

        assertThat(running)
                .as("30 s of real-time audio: start did not wait for it")
                .isNotDone();
        assertThat(end.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(end.cancel(true))
                .as("a cancel after the end changes nothing")
                .isFalse();
        assertThat(end.isCancelled()).isFalse();
        assertThat(completions.get()).isEqualTo(1);
        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("stt.sessions_ok")).isEqualTo(1);
        assertThat(context.latencies(SttScenario.SESSION_DURATION)).hasSize(1);
        running.cancel(true);
    }

    @Test
    void aFailedSessionCompletesItsStageExceptionallyWithTheCodeItFailedTheIterationWith() throws Exception {
        RecordingContext context = sttServer(FakeSttServer.Misbehaviour.EARLY_CLOSE);
        SttScenario scenario = setUp(SttScenario.create(ONE_SECOND).withSpeed(4), context);

        SessionFailedException failure = failureOf(scenario.start(context.iteration(0, 0, Duration.ofMillis(60_000))));

        assertThat(failure.code()).isEqualTo(StreamErrors.EARLY_CLOSE);
        assertThat(failure.stage()).isEqualTo(SessionStage.SEND);
        assertThat(failure).hasMessage("failed with EARLY_CLOSE at the send stage");
        assertThat(context.errors()).containsExactly(StreamErrors.EARLY_CLOSE);
        assertThat(context.counterTotal("stt.failed_at.send")).isEqualTo(1);
    }

    @Test
    void anUnreachableServerFailsTheStageWithUnavailableAtConnect() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RecordingContext context = RecordingContext.grpc(closedPort);
        SttScenario scenario = setUp(SttScenario.create(ONE_SECOND).withSpeed(4), context);

        SessionFailedException failure = failureOf(scenario.start(context.iteration(0, 0, Duration.ofMillis(60_000))));

        assertThat(failure.code()).isEqualTo("UNAVAILABLE");
        assertThat(failure.stage()).isEqualTo(SessionStage.CONNECT);
        assertThat(context.errors()).containsExactly("UNAVAILABLE");
    }

    @Test
    void aFinalTimeoutEndsTheSessionThoughNobodyWaitsForIt() throws Exception {
        RecordingContext context = sttServer(FakeSttServer.Misbehaviour.NO_FINAL);
        SttScenario scenario = setUp(
                SttScenario.create(ONE_SECOND)
                        .withSpeed(4)
                        .withOptions(GrpcOptions.defaults().withFinalTimeout(Duration.ofMillis(300))),
                context);

        CompletableFuture<Void> end = scenario.start(context.iteration(0, 0, Duration.ofMillis(60_000)));
        // Only a callback, no waiting thread: the driver's own timer must end the session.
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        end.whenComplete((v, t) -> outcome.complete(t));
        eventually(outcome::isDone);

        assertThat(outcome.get()).isInstanceOf(SessionFailedException.class);
        assertThat(((SessionFailedException) outcome.get()).code()).isEqualTo(StreamErrors.TIMEOUT);
        assertThat(context.errors()).containsExactly(StreamErrors.TIMEOUT);
        eventually(() -> stt.cancelled.get() == 1);
    }

    @Test
    void aSessionTimeoutEndsALongSessionAndCancelsItsCall() throws Exception {
        RecordingContext context = sttServer(FakeSttServer.Misbehaviour.NONE);
        SttScenario scenario = setUp(
                SttScenario.create(THIRTY_SECONDS)
                        .withOptions(GrpcOptions.defaults().withSessionTimeout(Duration.ofMillis(500))),
                context);

        SessionFailedException failure = failureOf(scenario.start(context.iteration(0, 0, Duration.ofMillis(60_000))));

        assertThat(failure.code()).isEqualTo(StreamErrors.TIMEOUT);
        assertThat(failure.stage()).isEqualTo(SessionStage.SEND);
        eventually(() -> stt.cancelled.get() == 1);
    }

    @Test
    void cancellingTheStageCancelsTheCallRecordsNothingAndLogsTheSessionAsCut(@TempDir Path dir) throws Exception {
        RecordingContext context = sttServer(FakeSttServer.Misbehaviour.NONE);
        Path log = dir.resolve("sessions.jsonl");
        SttScenario scenario =
                setUp(SttScenario.create(THIRTY_SECONDS).withSessionLogging(SessionLogging.toFile(log)), context);

        CompletableFuture<Void> end = scenario.start(context.iteration(0, 0, Duration.ofMillis(0)));
        eventually(() -> !stt.configs.isEmpty());
        assertThat(end).as("past its deadline, a session goes on until cut").isNotDone();

        assertThat(end.cancel(true)).isTrue();

        assertThat(end.isCancelled()).isTrue();
        eventually(() -> stt.cancelled.get() == 1);
        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("stt.sessions_ok")).isZero();
        assertThat(context.counterTotal("stt.media_ms")).isZero();
        assertThat(context.latencies(SttScenario.SESSION_DURATION)).isEmpty();
        scenario.tearDown();
        assertThat(Files.readAllLines(log))
                .singleElement()
                .asString()
                .contains("\"ok\":false,\"error_code\":\"" + StreamErrors.RUN_ENDED + "\"");
    }

    @Test
    void aCutStreamTellsItsCallWhyItWasCancelled() throws Exception {
        exchange = new ExchangeServer();
        RecordingContext context = RecordingContext.grpc(exchange.port());
        List<String> cancels = new CopyOnWriteArrayList<>();
        ClientInterceptor watch = new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(
                    MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void cancel(String message, Throwable cause) {
                        cancels.add(message);
                        super.cancel(message, cause);
                    }
                };
            }
        };
        GrpcStreamScenario<Msg, Msg> scenario = setUp(
                GrpcStreamScenario.<Msg, Msg>create(
                                channel -> ExchangeGrpc.newStub(ClientInterceptors.intercept(channel, watch))::chat)
                        .withRequests(List.of(
                                TimedRequest.now(
                                        Msg.newBuilder().setText("hello").build()),
                                TimedRequest.at(
                                        Duration.ofSeconds(30),
                                        Msg.newBuilder().setText("hangup").build())))
                        .withRealtime(true),
                context);

        CompletableFuture<Void> end = scenario.start(context.iteration(0, 0, Duration.ofMillis(0)));
        eventually(() -> exchange.received.get() == 1);
        end.cancel(true);

        eventually(() -> exchange.cancelledChats.get() == 1);
        assertThat(cancels).containsExactly("speechload: cut by the end of the run");
        assertThat(context.errors()).isEmpty();
    }

    @Test
    void aCutConversationCancelsItsCallAndKeepsTheRoundTripsItMade() throws Exception {
        exchange = new ExchangeServer();
        RecordingContext context = RecordingContext.grpc(exchange.port());
        GrpcConversationScenario<Msg, Msg> scenario = setUp(
                GrpcConversationScenario.<Msg, Msg>create(channel -> ExchangeGrpc.newStub(channel)::chat)
                        .pingPong(Msg.getDefaultInstance(), 0)
                        .withThinkTime(Duration.ofMillis(5))
                        .withMetricPrefix("pp"),
                context);

        CompletableFuture<Void> end = scenario.start(context.iteration(0, 0, Duration.ofMillis(60_000)));
        eventually(() -> context.latencies("pp.round_trip").size() >= 3);
        assertThat(end.cancel(true)).isTrue();

        eventually(() -> exchange.cancelledChats.get() == 1);
        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("pp.sessions_ok")).isZero();
        assertThat(context.latencies("pp.round_trip").size()).isGreaterThanOrEqualTo(3);
        assertThat(context.latencies("pp.session_duration")).isEmpty();
    }

    @Test
    void aConversationWhoseTurnNeverEndsTimesOutOnItsOwn() throws Exception {
        exchange = new ExchangeServer();
        RecordingContext context = RecordingContext.grpc(exchange.port());
        GrpcConversationScenario<Msg, Msg> scenario = setUp(
                GrpcConversationScenario.<Msg, Msg>create(channel -> ExchangeGrpc.newStub(channel)::chat)
                        .pingPong(Msg.getDefaultInstance(), 3)
                        .forTurnEnd(response -> false)
                        .withOptions(GrpcOptions.defaults().withSessionTimeout(Duration.ofMillis(400))),
                context);

        SessionFailedException failure = failureOf(scenario.start(context.iteration(0, 0, Duration.ofMillis(60_000))));

        assertThat(failure.code()).isEqualTo(StreamErrors.TIMEOUT);
        assertThat(failure.stage()).isNull();
        assertThat(context.errors()).containsExactly(StreamErrors.TIMEOUT);
        eventually(() -> exchange.cancelledChats.get() == 1);
    }

    @Test
    void aFailedCallCompletesItsStageExceptionallyWithTheServersCode() throws Exception {
        exchange = new ExchangeServer();
        RecordingContext context = RecordingContext.grpc(exchange.port());
        GrpcCallScenario<Msg, Msg> scenario = setUp(
                GrpcCallScenario.<Msg, Msg>unary(
                        channel -> ExchangeGrpc.newStub(channel)::echo,
                        it -> Msg.newBuilder().setFail("ERR1234").build()),
                context);
        GrpcCallScenario<Msg, Msg> ok = setUp(
                GrpcCallScenario.<Msg, Msg>unary(
                                channel -> ExchangeGrpc.newStub(channel)::echo,
                                it -> Msg.newBuilder().setText("hi").build())
                        .withMetricPrefix("ok"),
                context);

        assertThat(failureOf(scenario.start(context.iteration(0, 0, Duration.ofMillis(60_000))))
                        .code())
                .isEqualTo("ERR1234");
        assertThat(ok.start(context.iteration(0, 1, Duration.ofMillis(60_000))).get(30, TimeUnit.SECONDS))
                .isNull();
        assertThat(context.errors()).containsExactly("ERR1234");
        assertThat(context.counterTotal("ok.calls_ok")).isEqualTo(1);
    }

    @Test
    void sessionsCancelledWhileTheyEndAreEitherCutOrRecordedNeverBoth() throws Exception {
        RecordingContext context = sttServer(FakeSttServer.Misbehaviour.NONE);
        SttScenario scenario = setUp(
                SttScenario.create(AudioSources.silence(Duration.ofMillis(300), 16_000))
                        .withSpeed(4),
                context);
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ends.add(scenario.start(context.iteration(i, 0, Duration.ofMillis(60_000))));
        }
        // Cancels land before, during and after the sessions' ends (about 75 ms of audio each).
        for (CompletableFuture<Void> end : ends) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 10));
            end.cancel(true);
        }
        long cut = 0;
        long ok = 0;
        for (CompletableFuture<Void> end : ends) {
            try {
                end.get(30, TimeUnit.SECONDS);
                ok++;
            } catch (java.util.concurrent.CancellationException e) {
                cut++;
            } catch (ExecutionException e) {
                throw new AssertionError("no session should fail here", e.getCause());
            }
        }

        assertThat(cut + ok).isEqualTo(40);
        assertThat(context.counterTotal("stt.sessions_ok"))
                .as("recorded sessions are exactly the stages that completed")
                .isEqualTo(ok);
        assertThat(context.latencies(SttScenario.SESSION_DURATION)).hasSize((int) ok);
        assertThat(context.errors()).isEmpty();
    }

    private static SessionFailedException failureOf(CompletableFuture<Void> end) throws Exception {
        try {
            end.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SessionFailedException.class);
            return (SessionFailedException) e.getCause();
        }
        throw new AssertionError("the stage completed normally; a failure was expected");
    }

    /** Polls until {@code condition} holds; a hang guard of 60 s, not a timing assertion. */
    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("the awaited condition did not come true within 60 s");
            }
            Thread.sleep(10);
        }
    }
}
