package dev.speechload.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.grpc.SessionFailedException;
import dev.speechload.grpc.SessionStage;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stage of one session: its end and a cancel race; exactly one of them decides. */
@DisplayName("SessionEnd")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionEndTests {

    @Test
    void anEndedSessionIsRecordedOnceAndALaterCancelChangesNothing() throws Exception {
        SessionEnd end = new SessionEnd();
        List<Boolean> recorded = new CopyOnWriteArrayList<>();
        end.onCancel(() -> recorded.add(null));

        end.settle(recorded::add, null);

        assertThat(end.get()).isNull();
        assertThat(end.cancel(true)).isFalse();
        assertThat(end.isCancelled()).isFalse();
        assertThat(recorded).containsExactly(false);
    }

    @Test
    void aCancelStopsTheSessionAndItsEndIsThenLoggedAsCutOnly() {
        SessionEnd end = new SessionEnd();
        List<Boolean> recorded = new CopyOnWriteArrayList<>();
        // As the drivers do: cancelling finishes the session, whose end then settles the stage.
        end.onCancel(() -> end.settle(recorded::add, new SessionFailedException("RUN_ENDED", SessionStage.SEND)));

        assertThat(end.cancel(true)).isTrue();

        assertThat(end.isCancelled()).isTrue();
        assertThat(recorded).containsExactly(true);
        assertThatThrownBy(end::get).isInstanceOf(CancellationException.class);
    }

    @Test
    void aFailedSessionCompletesTheStageWithItsFailure() {
        SessionEnd end = new SessionEnd();
        SessionFailedException failure = new SessionFailedException("ERR2003", SessionStage.SEND);

        end.settle(cut -> {}, failure);

        assertThatThrownBy(end::get).isInstanceOf(ExecutionException.class).hasCause(failure);
    }

    @Test
    void aRecordingThatThrowsStillEndsTheStage() {
        SessionEnd end = new SessionEnd();
        IllegalArgumentException unknown = new IllegalArgumentException("latency metric 'x' is not registered");

        end.settle(
                cut -> {
                    throw unknown;
                },
                null);

        assertThatThrownBy(end::get).isInstanceOf(ExecutionException.class).hasCause(unknown);
    }

    @Test
    void whenEndAndCancelRaceExactlyOneDecidesAndNothingIsRecordedIntoACutIteration() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            SessionEnd end = new SessionEnd();
            List<Boolean> recorded = new CopyOnWriteArrayList<>();
            end.onCancel(() -> {});
            CountDownLatch go = new CountDownLatch(1);
            Thread ender = new Thread(() -> {
                await(go);
                end.settle(recorded::add, null);
            });
            ender.start();
            go.countDown();
            boolean cancelled = end.cancel(true);
            ender.join();

            assertThat(end).isDone();
            assertThat(cancelled).isEqualTo(end.isCancelled());
            // Recorded into the iteration exactly when the stage was not cancelled; logged as cut otherwise.
            assertThat(recorded).containsExactly(cancelled);
        }
    }

    @Test
    void awaitReturnsNormallyForAFailedSessionAndRethrowsOtherFailures() throws Exception {
        SessionEnd failed = new SessionEnd();
        failed.settle(cut -> {}, new SessionFailedException("TIMEOUT", SessionStage.FINAL));
        SessionEnd.await(failed);

        SessionEnd broken = new SessionEnd();
        broken.settle(
                cut -> {
                    throw new IllegalStateException("bug");
                },
                null);
        assertThatThrownBy(() -> SessionEnd.await(broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bug");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
