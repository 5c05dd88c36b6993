package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.grpc.test.exchange.ExchangeGrpc;
import dev.speechload.grpc.test.exchange.Msg;
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
        context = new RecordingContext(server.port());
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
            scenario.run(context.iteration(i % 2, i, 60_000));
        }
    }

    private static GrpcCallScenario<Msg, Msg> unary(Msg request) {
        return GrpcCallScenario.unary(channel -> ExchangeGrpc.newStub(channel)::echo, it -> request);
    }

    @Test
    void unaryCallsRecordTheirLatencyAndResponses() throws Exception {
        run(unary(Msg.newBuilder().setText("hi").build()).withMetricPrefix("echo"), 4);

        assertThat(context.failures).isEmpty();
        assertThat(context.counter("echo.calls_ok")).isEqualTo(4);
        assertThat(context.counter("echo.responses")).isEqualTo(4);
        assertThat(context.histogram("echo.latency").getTotalCount()).isEqualTo(4);
        assertThat(context.histogram("time_to_first_event").getTotalCount()).isEqualTo(4);
        assertThat(context.counters).doesNotContainKey("echo.requests_sent");
    }

    @Test
    void aFailedUnaryCallCountsTheGrpcStatusNameOrTheServersStableCode() throws Exception {
        run(unary(Msg.newBuilder().setFail("NOT_FOUND").build()), 2);
        assertThat(context.failures).containsExactly("NOT_FOUND", "NOT_FOUND");
        assertThat(context.counter("call.calls_ok")).isZero();
        assertThat(context.histogram("call.latency").getTotalCount()).isZero();
        scenario.tearDown();

        run(unary(Msg.newBuilder().setFail("ERR1234").build()), 1);
        assertThat(context.failures).containsExactly("NOT_FOUND", "NOT_FOUND", "ERR1234");
    }

    @Test
    void serverStreamingCallsCountEveryResponse() throws Exception {
        run(GrpcCallScenario.serverStreaming(channel -> ExchangeGrpc.newStub(channel)::repeat,
                it -> Msg.newBuilder().setCount(5).build()), 3);

        assertThat(context.failures).isEmpty();
        assertThat(context.counter("call.calls_ok")).isEqualTo(3);
        assertThat(context.counter("call.responses")).isEqualTo(15);
        assertThat(context.histogram("call.latency").getTotalCount()).isEqualTo(3);
        assertThat(context.histogram("time_to_first_event").getTotalCount()).isEqualTo(3);
    }

    @Test
    void aServerStreamThatFailsAfterItsResponsesKeepsThemAndCountsTheCode() throws Exception {
        run(GrpcCallScenario.serverStreaming(channel -> ExchangeGrpc.newStub(channel)::repeat,
                it -> Msg.newBuilder().setCount(2).setFail("DEADLINE_EXCEEDED").build()), 1);

        assertThat(context.failures).containsExactly("DEADLINE_EXCEEDED");
        assertThat(context.counter("call.responses")).isEqualTo(2);
    }

    @Test
    void clientStreamingCallsSendEveryRequestThenHalfClose() throws Exception {
        run(GrpcCallScenario.clientStreaming(channel -> ExchangeGrpc.newStub(channel)::collect,
                it -> Collections.nCopies(4, Msg.newBuilder().setText("part").build())), 2);

        assertThat(context.failures).isEmpty();
        assertThat(server.received.get()).isEqualTo(8);
        assertThat(context.counter("call.requests_sent")).isEqualTo(8);
        assertThat(context.counter("call.responses")).isEqualTo(2);
        assertThat(context.counter("call.calls_ok")).isEqualTo(2);
        assertThat(context.histogram("call.final_latency").getTotalCount()).isEqualTo(2);
    }

    @Test
    void aServerThatIsNotThereIsUnavailable() throws Exception {
        int port = server.port();
        server.close();
        context = new RecordingContext(port);
        run(unary(Msg.getDefaultInstance())
                .withOptions(GrpcOptions.defaults().withConnectTimeout(java.time.Duration.ofSeconds(2))), 1);

        assertThat(context.failures).containsExactly("UNAVAILABLE");
    }
}
