/**
 * TTS stability and stress runs: {@link dev.speechload.sse.stress.TtsStressRun} sends a corpus
 * to a TTS endpoint, restarts a crashed server, finds the text length limit by bisection and
 * writes {@code results/stress/<name>.json} ({@link dev.speechload.sse.stress.StressReport}).
 */
package dev.speechload.sse.stress;
