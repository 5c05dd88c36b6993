package dev.speechload.server.stt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioBudgetTests {

    private final List<String> asked = new ArrayList<>();
    private final AudioBudget budget = new AudioBudget(1_000);

    private AudioBudget.Ticket stream(String name) {
        return budget.open(() -> asked.add(name));
    }

    @Test
    void asksForMessagesWhileBufferedAndReservedAudioIsUnderTheCap() {
        AudioBudget.Ticket a = stream("a");
        AudioBudget.Ticket b = stream("b");

        assertThat(budget.requestNext(a, 600)).isTrue();
        assertThat(budget.requestNext(b, 600))
                .as("600 B reserved for a: room left")
                .isTrue();
        budget.arrived(a, 600);
        budget.arrived(b, 600);

        assertThat(budget.requestNext(a, 600))
                .as("1200 B buffered: over the cap")
                .isFalse();
        assertThat(a.parked()).isTrue();
        assertThat(asked).containsExactly("a", "b");
        assertThat(budget.bufferedBytes()).isEqualTo(1_200);
    }

    @Test
    void resumesParkedStreamsInTheOrderTheyParkedAsDecodesFreeRoom() {
        AudioBudget.Ticket a = stream("a");
        AudioBudget.Ticket b = stream("b");
        AudioBudget.Ticket c = stream("c");
        budget.requestNext(a, 1_000);
        budget.arrived(a, 1_000);
        budget.requestNext(b, 100);
        budget.requestNext(c, 100);
        budget.requestNext(a, 100);
        asked.clear();

        budget.release(500);

        assertThat(asked).containsExactly("b", "c", "a");
        assertThat(b.parked()).isFalse();
    }

    @Test
    void keepsANewcomerBehindParkedStreamsEvenWhenRoomAppears() {
        AudioBudget.Ticket a = stream("a");
        AudioBudget.Ticket b = stream("b");
        budget.requestNext(a, 1_000);
        budget.arrived(a, 1_000);
        budget.requestNext(a, 1_000);
        assertThat(a.parked()).isTrue();

        budget.arrived(b, 0);
        assertThat(budget.requestNext(b, 1)).as("a parked first").isFalse();
    }

    @Test
    void freesTheReservationAndTheQueuePlaceOfAClosedStream() {
        AudioBudget.Ticket a = stream("a");
        AudioBudget.Ticket b = stream("b");
        budget.requestNext(a, 1_000);
        budget.requestNext(b, 10);
        asked.clear();

        budget.close(a);

        assertThat(asked).containsExactly("b");
    }

    @Test
    void countsTheTimeAStreamWasHeldBackForTheRateLimiter() throws Exception {
        AudioBudget.Ticket a = stream("a");
        budget.requestNext(a, 2_000);
        budget.arrived(a, 2_000);
        budget.requestNext(a, 2_000);
        Thread.sleep(5);

        budget.release(2_000);

        assertThat(budget.takeHeldBackNanos(a)).isGreaterThanOrEqualTo(5_000_000L);
        assertThat(budget.takeHeldBackNanos(a)).as("taken once").isZero();
    }

    @Test
    void asksTheOldestParkedStreamWhenNothingMovedBetweenTwoChecks() {
        AudioBudget.Ticket a = stream("a");
        AudioBudget.Ticket b = stream("b");
        budget.requestNext(a, 1_000);
        budget.requestNext(b, 100);
        budget.unstick();
        asked.clear();

        budget.unstick();

        assertThat(asked).containsExactly("b");
        assertThat(b.parked()).isFalse();
    }
}
