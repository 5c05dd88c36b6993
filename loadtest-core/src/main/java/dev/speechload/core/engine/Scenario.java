package dev.speechload.core.engine;

/**
 * One channel's work, run repeatedly: {@link #run(Iteration)} is one iteration (a gRPC session,
 * an SSE stream, a request). The engine times every iteration itself; a scenario records extra
 * metrics (time to first event, interim latency...) through the {@link Iteration}.
 *
 * <p>An iteration fails when {@code run} throws (the error code is derived from the exception)
 * or when it calls {@link Iteration#fail(String)}. Thread safety: {@code run} is called
 * concurrently from many channels; {@link #setUp} and {@link #tearDown} once per run (per trial),
 * from one thread, before the first and after the last iteration.
 */
@FunctionalInterface
public interface Scenario {

    /** Registers metrics and opens shared resources (connections, clients). Default: nothing. */
    default void setUp(ScenarioContext context) throws Exception {}

    /** One iteration of one channel. Must end within the run's time bound (honour interrupts). */
    void run(Iteration iteration) throws Exception;

    /** Releases what {@link #setUp} opened. Called even when the run failed. Default: nothing. */
    default void tearDown() throws Exception {}
}
