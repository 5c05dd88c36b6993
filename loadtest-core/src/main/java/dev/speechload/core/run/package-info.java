/**
 * Running a plan: {@link dev.speechload.core.run.PlanRun} takes a plan through the engine's
 * {@link dev.speechload.core.engine.LoadRunner}, trial by trial, and turns the trials into one
 * {@link dev.speechload.core.result.RunResult} with {@link dev.speechload.core.stats.RunResults}.
 * The one code path that runs a plan: the JUnit extension, the A/B comparison, the benchmark
 * matrix and the project's suites all go through it, so a result names its plan, scale and target
 * the same way wherever it was measured.
 */
package dev.speechload.core.run;
