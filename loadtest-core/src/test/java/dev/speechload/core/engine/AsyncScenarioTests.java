package dev.speechload.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An asynchronous scenario run by code that expects a blocking one. */
class AsyncScenarioTests {

    @Test
    void runWaitsForTheStageAndRethrowsItsFailureUnwrapped() {
        AsyncScenario failing = it -> CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("stream broke");
        });
        assertThatThrownBy(() -> failing.run(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("stream broke");
        AsyncScenario io = it -> CompletableFuture.failedFuture(new IOException("reset"));
        assertThatThrownBy(() -> io.run(null)).isInstanceOf(IOException.class).hasMessage("reset");
    }

    @Test
    void anInterruptCancelsTheStageSoTheScenarioCanReleaseItsCall() throws Exception {
        AtomicReference<CompletableFuture<Void>> stage = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        AsyncScenario endless = new AsyncScenario() {
            @Override
            public CompletionStage<?> start(Iteration iteration) {
                stage.set(new CompletableFuture<>());
                started.countDown();
                return stage.get();
            }
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread channel = new Thread(() -> {
            try {
                endless.run(null);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        channel.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        channel.interrupt();
        channel.join(10_000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(stage.get().isCancelled()).isTrue();
    }
}
