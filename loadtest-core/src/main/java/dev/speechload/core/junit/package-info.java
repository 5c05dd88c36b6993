/**
 * The JUnit 5 face of speechload: {@link dev.speechload.core.junit.LoadTest} on a method,
 * {@link dev.speechload.core.junit.LoadTarget} on the class's server, and the injected
 * {@link dev.speechload.core.junit.LoadContext} that runs a scenario; a test that judges runs in
 * itself asks for a {@link dev.speechload.core.junit.LoadJudge} beside it.
 * The extension itself lives in {@code junit.internal} and is not API: after each load test it
 * writes the result, records or judges it against its baseline, writes the reports and the index,
 * and fails the test on a FAIL verdict when fail-on-regression is on ({@code docs/engine.md}).
 */
package dev.speechload.core.junit;
