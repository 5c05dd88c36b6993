package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.testkit.RecordingContext;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad servers: each failure is counted by kind and stage, every session ends within its bounds
 * (the class-level timeout only guards against hangs), and later sessions still run.
 */
@DisplayName("stream failures")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamFailureTests {

    private static final Audio ONE_SECOND = AudioSources.silence(Duration.ofSeconds(1), 16_000);

    private FakeSttServer server;
    private SttScenario scenario;

    @AfterEach
    void stop() throws Exception {
        if (scenario != null) {
            scenario.tearDown();
        }
        if (server != null) {
            server.close();
        }
    }

    private RecordingContext startServer(FakeSttServer.Misbehaviour misbehaviour) throws Exception {
        server = new FakeSttServer();
        server.misbehaviour = misbehaviour;
        return RecordingContext.grpc(server.port());
    }

    private void setUp(SttScenario s, RecordingContext context) throws Exception {
        scenario = s;
        s.setUp(context);
    }

    @Test
    void countsAnUnreachableServerAsUnavailableAtConnect() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RecordingContext context = RecordingContext.grpc(closedPort);
        setUp(
                SttScenario.create(ONE_SECOND)
                        .withSpeed(4)
                        .withOptions(GrpcOptions.defaults().withSessionTimeout(Duration.ofSeconds(20))),
                context);

        for (int i = 0; i < 3; i++) {
            scenario.run(context.iteration(0, i, Duration.ofMillis(60_000)));
        }

        assertThat(context.errors()).containsExactly("UNAVAILABLE", "UNAVAILABLE", "UNAVAILABLE");
        assertThat(context.counterTotal("stt.failed_at.connect")).isEqualTo(3);
    }

    @Test
    void countsAStreamClosedBeforeTheFinalAsEarlyClose() throws Exception {
        RecordingContext context = startServer(FakeSttServer.Misbehaviour.EARLY_CLOSE);
        setUp(SttScenario.create(ONE_SECOND).withSpeed(4), context);

        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));
        scenario.run(context.iteration(0, 1, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly(StreamErrors.EARLY_CLOSE, StreamErrors.EARLY_CLOSE);
        assertThat(context.counterTotal("stt.failed_at.send")).isEqualTo(2);
    }

    @Test
    void countsAFinalThatEndsBeforeItStartsAsMalformed() throws Exception {
        RecordingContext context = startServer(FakeSttServer.Misbehaviour.MALFORMED_FINAL);
        setUp(SttScenario.create(ONE_SECOND).withSpeed(4), context);

        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly(StreamErrors.MALFORMED_RESPONSE);
        assertThat(context.counterTotal("stt.failed_at.final")).isEqualTo(1);
        assertThat(context.latencies(SttScenario.FINAL_LATENCY)).isEmpty();
    }

    @Test
    void countsAResultCoveringAudioNotYetSentAsMalformed() throws Exception {
        RecordingContext context = startServer(FakeSttServer.Misbehaviour.RESULT_AHEAD_OF_AUDIO);
        setUp(SttScenario.create(ONE_SECOND).withSpeed(4), context);

        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly(StreamErrors.MALFORMED_RESPONSE);
    }

    @Test
    void endsASessionWhoseFinalNeverComesAfterTheFinalTimeout() throws Exception {
        RecordingContext context = startServer(FakeSttServer.Misbehaviour.NO_FINAL);
        setUp(
                SttScenario.create(ONE_SECOND)
                        .withSpeed(4)
                        .withOptions(GrpcOptions.defaults().withFinalTimeout(Duration.ofMillis(500))),
                context);

        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly(StreamErrors.TIMEOUT);
        assertThat(context.counterTotal("stt.failed_at.final")).isEqualTo(1);
    }

    @Test
    void outlivesTheRunDeadlineUntilInterruptedThenCancelsTheCallAndRecordsNothing() throws Exception {
        RecordingContext context = startServer(FakeSttServer.Misbehaviour.NONE);
        setUp(SttScenario.create(AudioSources.silence(Duration.ofSeconds(30), 16_000)), context);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread channel = new Thread(() -> {
            try {
                // The deadline passes at once: the session must go on (the engine's grace period).
                scenario.run(context.iteration(0, 0, Duration.ofMillis(0)));
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        channel.start();
        while (server.configs.isEmpty()) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertThat(thrown).isNotDone();

        channel.interrupt();

        assertThat(thrown.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("stt.sessions_ok")).isZero();
        assertThat(context.counterTotal("stt.responses")).isZero();
        assertThat(context.latencies(SttScenario.SESSION_DURATION)).isEmpty();
    }

    @Test
    void countsAServerCrashMidSessionAndGoesOnFailingFastAfterIt() throws Exception {
        RecordingContext context = startServer(FakeSttServer.Misbehaviour.NONE);
        setUp(SttScenario.create(AudioSources.silence(Duration.ofSeconds(20), 16_000)), context);

        CompletableFuture<Void> session = CompletableFuture.runAsync(() -> {
            try {
                scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Crash once the stream is under way (a response or two has come back).
        while (context.counterTotal("stt.responses") == 0 && server.configs.isEmpty()) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        server.crash();
        session.get(60, TimeUnit.SECONDS);
        scenario.run(context.iteration(0, 1, Duration.ofMillis(60_000)));

        assertThat(context.errors()).hasSize(2);
        assertThat(context.errors().get(0)).isIn("UNAVAILABLE", "CANCELLED", "INTERNAL");
        assertThat(context.errors().get(1)).isEqualTo("UNAVAILABLE");
        assertThat(context.counterTotal("stt.failed_at.connect")).isEqualTo(1);
    }
}
