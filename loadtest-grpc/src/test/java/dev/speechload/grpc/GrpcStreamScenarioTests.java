package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.testkit.RecordingContext;
import dev.speechload.grpc.test.echo.Segment;
import dev.speechload.grpc.test.echo.Translation;
import dev.speechload.grpc.test.echo.TranslatorGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GrpcStreamScenario on a second, unrelated proto")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcStreamScenarioTests {

    private Server server;
    private RecordingContext context;
    private GrpcStreamScenario<Segment, Translation> scenario;
    private volatile boolean answerPastInput;
    /** The server holds its first segment this long: its flow-control window fills meanwhile. */
    private volatile long stallFirstMillis;

    /** Upper-cases each segment as a partial translation; the done segment gets the complete one. */
    private final class Translator extends TranslatorGrpc.TranslatorImplBase {
        @Override
        public StreamObserver<Segment> translate(StreamObserver<Translation> out) {
            return new StreamObserver<>() {
                private final StringBuilder all = new StringBuilder();

                @Override
                public void onNext(Segment s) {
                    if (all.length() == 0 && stallFirstMillis > 0) {
                        try {
                            Thread.sleep(stallFirstMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    all.append(s.getText());
                    long covered = answerPastInput ? s.getEndOffset() + 100 : s.getEndOffset();
                    if (s.getDone()) {
                        out.onNext(Translation.newBuilder()
                                .setText(all.toString().toUpperCase())
                                .setComplete(true)
                                .setCoveredOffset(covered)
                                .build());
                        out.onCompleted();
                    } else {
                        out.onNext(Translation.newBuilder()
                                .setText(s.getText().toUpperCase())
                                .setCoveredOffset(covered)
                                .build());
                    }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
            };
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Translator())
                .flowControlWindow(64 * 1024)
                .build()
                .start();
        context = RecordingContext.grpc(server.getPort());
    }

    @AfterEach
    void stop() throws Exception {
        if (scenario != null) {
            scenario.tearDown();
        }
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private static Segment segment(String text, long end, boolean done) {
        return Segment.newBuilder()
                .setText(text)
                .setEndOffset(end)
                .setDone(done)
                .build();
    }

    private static final List<TimedRequest<Segment>> THREE_SEGMENTS = List.of(
            TimedRequest.now(segment("hello ", 6, false)).coveringMedia(6),
            TimedRequest.at(Duration.ofMillis(50), segment("big ", 10, false)).coveringMedia(10),
            TimedRequest.at(Duration.ofMillis(100), segment("world", 15, true)).coveringMedia(15));

    private GrpcStreamScenario<Segment, Translation> translator() {
        return GrpcStreamScenario.<Segment, Translation>create(channel -> TranslatorGrpc.newStub(channel)::translate)
                .withRequests(THREE_SEGMENTS)
                .forFinal(Translation::getComplete)
                .withCoveredMedia(Translation::getCoveredOffset)
                .withText(Translation::getText)
                .withMetricPrefix("translate");
    }

    @Test
    void requestsHeldBackByTheServersFlowControlAreBackpressureNotGeneratorLag() throws Exception {
        stallFirstMillis = 600;
        String big = "x".repeat(16 * 1024);
        List<TimedRequest<Segment>> script = new java.util.ArrayList<>();
        script.add(TimedRequest.now(segment(big, 1, false)).coveringMedia(1));
        for (int i = 1; i < 40; i++) {
            script.add(TimedRequest.at(Duration.ofMillis(5L * i), segment(big, i + 1, i == 39))
                    .coveringMedia(i + 1));
        }
        scenario = translator().withRequests(script).withRealtime(true);
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("translate.send_not_ready")).isPositive();
        long pushedBack = context.latencies("grpc.backpressure_lag").size();
        assertThat(pushedBack).isPositive();
        // Every request but the first has its lag in exactly one of the two.
        assertThat(context.latencies("generator.grpc.send_lag").size() + pushedBack)
                .isEqualTo(39);
    }

    @Test
    void measuresInterimAndFinalResponsesOfAnotherService() throws Exception {
        scenario = translator().withRealtime(true);
        scenario.setUp(context);
        for (int i = 0; i < 3; i++) {
            scenario.run(context.iteration(i, 0, Duration.ofMillis(60_000)));
        }

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("translate.sessions_ok")).isEqualTo(3);
        assertThat(context.counterTotal("translate.interims")).isEqualTo(6);
        assertThat(context.latencies("translate.interim_latency")).hasSize(6);
        assertThat(context.latencies("translate.final_latency")).hasSize(3);
        // Each paced request's lag is in exactly one of the two: a busy machine may let the server's
        // flow control hold some back.
        assertThat(context.latencies("generator.grpc.send_lag").size()
                        + context.latencies("grpc.backpressure_lag").size())
                .isEqualTo(6);
        // The last segment is due 100 ms after the start: the send phase lasts at least that.
        assertThat(Collections.min(context.latencies("translate.send_duration")))
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(95));
    }

    @Test
    void aScenarioWithoutAudioRecordsNoRealTimeFactorAndLogsNoAudioOrDecodeColumns(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("sessions.csv");
        scenario = translator().withSessionLogging(SessionLogging.toFile(log).withFormat(SessionLogFormat.CSV));
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));
        scenario.tearDown();
        scenario = null;

        assertThat(context.errors()).isEmpty();
        assertThat(context.metricNames())
                .contains("translate.session_duration")
                .noneMatch(name -> name.endsWith(".rtf") || name.contains(".decode."));
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(0))
                .doesNotContain("audio_ms")
                .doesNotContain("rtf")
                .doesNotContain("decode_")
                .startsWith("session,channel,iteration,warmup,started_at,ok,error_code,stage,requests_sent,");
        assertThat(lines.get(1).split(",", -1)).hasSize(lines.get(0).split(",").length);
        assertThat(lines.get(1)).endsWith(",HELLO BIG WORLD");
    }

    @Test
    void aScenarioWhoseMediaIsAudioRecordsItsRealTimeFactor(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("sessions.csv");
        scenario = translator()
                .withAudioMedia(true)
                .withSessionLogging(SessionLogging.toFile(log).withFormat(SessionLogFormat.CSV));
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));
        scenario.tearDown();
        scenario = null;

        assertThat(context.latencies("translate.rtf")).hasSize(1);
        assertThat(Files.readAllLines(log).get(0))
                .contains(",audio_ms,")
                .contains(",rtf,")
                .doesNotContain("decode_");
    }

    @Test
    void countsAResponseTheValidationRejectsAsMalformed() throws Exception {
        scenario = translator().withValidation(t -> t.getText().contains("BIG") ? "no big words" : null);
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly(StreamErrors.MALFORMED_RESPONSE);
        assertThat(context.counterTotal("translate.failed_at.send") + context.counterTotal("translate.failed_at.final"))
                .isEqualTo(1);
    }

    @Test
    void countsAResponseCoveringInputNotYetSentAsMalformed() throws Exception {
        answerPastInput = true;
        scenario = translator();
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly(StreamErrors.MALFORMED_RESPONSE);
    }

    @Test
    void countsAStreamWithoutAFinalAsEarlyClose() throws Exception {
        scenario = translator().forFinal(t -> false);
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly(StreamErrors.EARLY_CLOSE);
    }

    @Test
    void countsAStreamCallThatThrowsOnTheClientAsClientErrorNotAsAServerStatus() throws Exception {
        scenario = GrpcStreamScenario.<Segment, Translation>create(channel -> responses -> {
                    throw new IllegalArgumentException("bug in the stream call");
                })
                .withRequests(THREE_SEGMENTS)
                .forFinal(Translation::getComplete)
                .withMetricPrefix("translate");
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));
        scenario.run(context.iteration(0, 1, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly(StreamErrors.CLIENT_ERROR, StreamErrors.CLIENT_ERROR);
        assertThat(context.counterTotal("translate.failed_at.connect")).isEqualTo(2);
    }

    @Test
    void keepsTheStatusOfAGrpcRefusalAtStart() throws Exception {
        scenario = GrpcStreamScenario.<Segment, Translation>create(channel -> responses -> {
                    throw io.grpc.Status.UNAVAILABLE
                            .withDescription("no channel")
                            .asRuntimeException();
                })
                .withRequests(THREE_SEGMENTS)
                .forFinal(Translation::getComplete);
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly("UNAVAILABLE");
    }

    @Test
    void rejectsRequestsThatGoBackInTime() {
        assertThatThrownBy(() -> translator()
                        .withRequests(List.of(
                                TimedRequest.at(Duration.ofMillis(100), segment("a", 1, false)),
                                TimedRequest.at(Duration.ofMillis(50), segment("b", 2, true)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("request 1 goes back in time or media: at PT0.05S / 0 ms after PT0.1S / 0 ms; "
                        + "order requests by time");
    }

    @Test
    void refusesToRunWithoutRequests() {
        scenario = GrpcStreamScenario.create(channel -> TranslatorGrpc.newStub(channel)::translate);
        assertThatThrownBy(() -> scenario.setUp(context))
                .hasMessage("stream: no requests to send: call withRequests(..)");
        scenario = null;
    }
}
