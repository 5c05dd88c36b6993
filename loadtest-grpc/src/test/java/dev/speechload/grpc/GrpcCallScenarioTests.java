package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.testkit.RecordingContext;
import dev.speechload.grpc.test.exchange.ExchangeGrpc;
import dev.speechload.grpc.test.exchange.Msg;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("GrpcCallScenario: unary, server- and client-streaming calls")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcCallScenarioTests {

    private ExchangeServer server;
    private RecordingContext context;
    private GrpcCallScenario<Msg, Msg> scenario;

    @BeforeEach
    void start() throws Exception {
        server = new ExchangeServer();
        context = RecordingContext.grpc(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        if (scenario != null) {
            scenario.tearDown();
        }
        server.close();
    }

    private void run(GrpcCallScenario<Msg, Msg> s, int calls) throws Exception {
        scenario = s;
        scenario.setUp(context);
        for (int i = 0; i < calls; i++) {
            scenario.run(context.iteration(i % 2, i, Duration.ofMillis(60_000)));
        }
    }

    private static GrpcCallScenario<Msg, Msg> unary(Msg request) {
        return GrpcCallScenario.unary(channel -> ExchangeGrpc.newStub(channel)::echo, it -> request);
    }

    @Test
    void unaryCallsRecordTheirLatencyAndResponses() throws Exception {
        run(unary(Msg.newBuilder().setText("hi").build()).withMetricPrefix("echo"), 4);

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("echo.calls_ok")).isEqualTo(4);
        assertThat(context.counterTotal("echo.responses")).isEqualTo(4);
        assertThat(context.latencies("echo.latency")).hasSize(4);
        assertThat(context.latencies("time_to_first_event")).hasSize(4);
        assertThat(context.metricNames()).doesNotContain("echo.requests_sent");
    }

    @Test
    void aFailedUnaryCallCountsTheGrpcStatusNameOrTheServersStableCode() throws Exception {
        run(unary(Msg.newBuilder().setFail("NOT_FOUND").build()), 2);
        assertThat(context.errors()).containsExactly("NOT_FOUND", "NOT_FOUND");
        assertThat(context.counterTotal("call.calls_ok")).isZero();
        assertThat(context.latencies("call.latency")).isEmpty();
        scenario.tearDown();

        run(unary(Msg.newBuilder().setFail("ERR1234").build()), 1);
        assertThat(context.errors()).containsExactly("NOT_FOUND", "NOT_FOUND", "ERR1234");
    }

    @Test
    void serverStreamingCallsCountEveryResponse() throws Exception {
        run(
                GrpcCallScenario.serverStreaming(
                        channel -> ExchangeGrpc.newStub(channel)::repeat,
                        it -> Msg.newBuilder().setCount(5).build()),
                3);

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("call.calls_ok")).isEqualTo(3);
        assertThat(context.counterTotal("call.responses")).isEqualTo(15);
        assertThat(context.latencies("call.latency")).hasSize(3);
        assertThat(context.latencies("time_to_first_event")).hasSize(3);
    }

    @Test
    void aServerStreamThatFailsAfterItsResponsesKeepsThemAndCountsTheCode() throws Exception {
        run(
                GrpcCallScenario.serverStreaming(
                        channel -> ExchangeGrpc.newStub(channel)::repeat,
                        it -> Msg.newBuilder()
                                .setCount(2)
                                .setFail("DEADLINE_EXCEEDED")
                                .build()),
                1);

        assertThat(context.errors()).containsExactly("DEADLINE_EXCEEDED");
        assertThat(context.counterTotal("call.responses")).isEqualTo(2);
    }

    @Test
    void clientStreamingCallsSendEveryRequestThenHalfClose() throws Exception {
        run(
                GrpcCallScenario.clientStreaming(
                        channel -> ExchangeGrpc.newStub(channel)::collect,
                        it -> Collections.nCopies(
                                4, Msg.newBuilder().setText("part").build())),
                2);

        assertThat(context.errors()).isEmpty();
        assertThat(server.received.get()).isEqualTo(8);
        assertThat(context.counterTotal("call.requests_sent")).isEqualTo(8);
        assertThat(context.counterTotal("call.responses")).isEqualTo(2);
        assertThat(context.counterTotal("call.calls_ok")).isEqualTo(2);
        assertThat(context.latencies("call.final_latency")).hasSize(2);
    }

    @Test
    void aServerThatIsNotThereIsUnavailable() throws Exception {
        int port = server.port();
        server.close();
        context = RecordingContext.grpc(port);
        run(
                unary(Msg.getDefaultInstance())
                        .withOptions(GrpcOptions.defaults().withConnectTimeout(java.time.Duration.ofSeconds(2))),
                1);

        assertThat(context.errors()).containsExactly("UNAVAILABLE");
    }
}
