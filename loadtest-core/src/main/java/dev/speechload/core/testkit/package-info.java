/**
 * A test kit for people who write their own scenarios, and for speechload's own tests: run a
 * scenario without the engine and assert on what it recorded, or give the JUnit extension a target
 * that starts nothing.
 *
 * <ul>
 *   <li>{@link dev.speechload.core.testkit.RecordingContext}: a scenario context that keeps every
 *       latency value, counter total and error code a scenario records, read back with plain
 *       getters; its {@code iteration(..)} methods hand out the iterations to run.</li>
 *   <li>{@link dev.speechload.core.testkit.RecordingIteration}: one such iteration, which also
 *       remembers whether the scenario failed it (and can wrap the engine's own iteration, for a
 *       scenario that reacts to a failure of the scenario it wraps).</li>
 *   <li>{@link dev.speechload.core.testkit.FakeTarget}: a {@code Target} that starts no server:
 *       endpoints at an address the test gives, an unavailable target, or one that dies.</li>
 *   <li>{@link dev.speechload.core.testkit.RunResultFixture}: a plausible {@code RunResult} that a
 *       judging or report test changes in the one figure it is about.</li>
 * </ul>
 *
 * <p>For tests only: no main code of speechload depends on this package (an ArchUnit rule in
 * loadtest-core checks it). It ships inside loadtest-core, like JUnit's {@code EngineTestKit}
 * ships beside the engine, so that core's own tests can use it: a separate module could not,
 * since it would depend on core. Depend on loadtest-core in test scope, as you already do.
 */
package dev.speechload.core.testkit;
