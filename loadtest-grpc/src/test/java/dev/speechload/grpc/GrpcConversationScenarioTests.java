package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.testkit.RecordingContext;
import dev.speechload.grpc.test.exchange.ExchangeGrpc;
import dev.speechload.grpc.test.exchange.Msg;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("GrpcConversationScenario: closed-loop streams")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcConversationScenarioTests {

    private static final Msg PING = Msg.getDefaultInstance();

    private ExchangeServer server;
    private RecordingContext context;
    private GrpcConversationScenario<Msg, Msg> scenario;

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

    private static GrpcConversationScenario<Msg, Msg> chat() {
        return GrpcConversationScenario.<Msg, Msg>create(channel -> ExchangeGrpc.newStub(channel)::chat);
    }

    @Test
    void pingPongSendsEachMessageInReactionToTheLastResponseAndRecordsEveryRoundTrip() throws Exception {
        scenario = chat().pingPong(PING, 5).withMetricPrefix("pp");
        scenario.setUp(context);
        for (int i = 0; i < 3; i++) {
            scenario.run(context.iteration(0, i, Duration.ofMillis(60_000)));
        }

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("pp.sessions_ok")).isEqualTo(3);
        assertThat(context.counterTotal("pp.rounds")).isEqualTo(15);
        assertThat(context.counterTotal("pp.requests_sent")).isEqualTo(15);
        assertThat(context.counterTotal("pp.responses")).isEqualTo(15);
        assertThat(server.received.get()).isEqualTo(15);
        assertThat(context.latencies("pp.round_trip")).hasSize(15);
        assertThat(context.latencies("pp.session_duration")).hasSize(3);
        assertThat(context.latencies("time_to_first_event")).hasSize(3);
        assertThat(context.metricNames()).doesNotContain("generator.grpc.send_lag");
    }

    @Test
    void repliesOnlyToTheResponseThatEndsTheServersTurn() throws Exception {
        Msg three = Msg.newBuilder().setText("say three").setCount(3).build();
        scenario = chat().withOpening(it -> three)
                .withReplies((response, round) -> round < 2 ? three : null)
                .forTurnEnd(m -> m.getText().equals("end"));
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("conversation.rounds")).isEqualTo(2);
        assertThat(context.counterTotal("conversation.responses")).isEqualTo(6);
        assertThat(context.counterTotal("conversation.requests_sent")).isEqualTo(2);
        assertThat(context.latencies("conversation.round_trip")).hasSize(2);
    }

    @Test
    void aThinkTimeDelaysEachReplyOnThePacerAndRecordsItsLagAsTheGenerators() throws Exception {
        scenario = chat().pingPong(PING, 3).withThinkTime(Duration.ofMillis(20));
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("conversation.rounds")).isEqualTo(3);
        // The opening goes out at once; the two replies wait their think time.
        assertThat(context.latencies("generator.grpc.send_lag")).hasSize(2);
        assertThat(context.latencies("conversation.round_trip")).hasSize(3);
    }

    @Test
    void anEndlessConversationEndsAtTheRunsDeadlineAsPlannedAndKeepsItsRoundTrips() throws Exception {
        scenario = chat().pingPong(PING, 0);
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(300)));

        assertThat(context.errors()).isEmpty();
        assertThat(context.counterTotal("conversation.sessions_ok")).isEqualTo(1);
        long rounds = context.counterTotal("conversation.rounds");
        assertThat(rounds).isPositive();
        assertThat(context.latencies("conversation.round_trip")).hasSize((int) rounds);
    }

    @Test
    void aServerThatEndsTheStreamWithAMessageUnansweredFailsTheSessionAsEarlyClose() throws Exception {
        scenario = chat().withOpening(it -> PING)
                .withReplies(
                        (response, round) -> Msg.newBuilder().setText("hangup").build());
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly(StreamErrors.EARLY_CLOSE);
        assertThat(context.counterTotal("conversation.rounds")).isEqualTo(1);
        assertThat(context.counterTotal("conversation.sessions_ok")).isZero();
    }

    @Test
    void aFailedStreamCountsTheServersStatusOrStableCode() throws Exception {
        scenario = chat().withOpening(it -> PING)
                .withReplies((response, round) -> Msg.newBuilder()
                        .setFail(round == 1 ? "RESOURCE_EXHAUSTED" : "ERR4242")
                        .build());
        scenario.setUp(context);
        scenario.run(context.iteration(0, 0, Duration.ofMillis(60_000)));

        assertThat(context.errors()).containsExactly("RESOURCE_EXHAUSTED");
        assertThat(context.counterTotal("conversation.rounds")).isEqualTo(1);
    }

    @Test
    void refusesToRunWithoutAConversation() {
        scenario = chat();
        assertThatThrownBy(() -> scenario.setUp(context))
                .hasMessage("conversation: no conversation: call pingPong(..) or withOpening(..) and withReplies(..)");
        scenario = null;
    }
}
