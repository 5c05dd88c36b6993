package dev.speechload.core.engine;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A scenario whose iterations hold no thread while they wait: {@link #start(Iteration)} begins one
 * iteration (opens a stream, sends the first message) and returns at once with a stage that
 * completes when the iteration ends. The engine runs such a scenario's channels on a few scheduler
 * threads, so ten thousand open streams cost memory, not ten thousand threads.
 *
 * <p>The iteration's outcome is the stage's: normal completion is a success unless the scenario
 * called {@link Iteration#fail(String)}; exceptional completion is a failure whose code names the
 * exception ({@code TIMEOUT}, {@code INTERRUPTED}, {@code IO}, else its simple class name; after
 * {@code fail}'s code, when it set one: docs/engine.md). The iteration is
 * timed from the call of {@code start} to the completion of the stage; recording into the
 * {@link Iteration} is allowed until then.
 *
 * <p>At the run's deadline the engine gives running iterations the grace period, then cancels
 * their stages ({@link CompletableFuture#cancel(boolean)} on {@code stage.toCompletableFuture()}):
 * a scenario should return a {@link CompletableFuture} it owns and release its call when that is
 * cancelled (it may still record what the iteration saw). A cancelled iteration counts as cut,
 * not as an error.
 *
 * <p>{@code start} must not block: it runs on the engine's scheduler threads, and a blocked one
 * delays other channels' starts (the run's scheduling lag shows it). It may throw; that is the
 * iteration's failure. Stages may complete on any thread, including the one calling {@code start}.
 *
 * <p>An {@code AsyncScenario} is a {@link Scenario}: run by code that expects a blocking scenario,
 * {@link #run(Iteration)} starts the iteration and waits for it.
 */
public interface AsyncScenario extends Scenario {

    /** Begins one iteration of one channel; the stage completes when it ends. Must not block. */
    CompletionStage<?> start(Iteration iteration) throws Exception;

    /**
     * Starts the iteration and waits for its end. An interrupt cancels the stage (the scenario
     * releases its call) and is rethrown; an exceptional end is rethrown unwrapped.
     */
    @Override
    default void run(Iteration iteration) throws Exception {
        CompletableFuture<?> end = start(iteration).toCompletableFuture();
        try {
            end.get();
        } catch (InterruptedException e) {
            end.cancel(true);
            throw e;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (CancellationException e) {
            // Cancelled by the scenario itself: an interrupt in effect, as the blocking path knows it.
            throw new InterruptedException("iteration cancelled");
        }
    }
}
