/**
 * Benchmarks of speechload's own hot paths, one class per path, each with a header saying what
 * number to expect and how to run it: JMH benchmarks ({@code RecorderBench}, {@code ReportBench})
 * and measured reports with a {@code main} where a figure is a distribution or a heap difference
 * of one bounded run rather than the time of a repeatable operation ({@code EngineScaleBench},
 * {@code SttGeneratorLagBench}). {@code BenchmarkMatrix} runs one scenario across a server's
 * pool sizes and channel counts and writes its own reports (an experiment on a server, not a
 * driver, so it sits here and not in loadtest-grpc). Measured figures and their conditions are in
 * {@code docs/performance.md}. Not API.
 */
package dev.speechload.bench;
