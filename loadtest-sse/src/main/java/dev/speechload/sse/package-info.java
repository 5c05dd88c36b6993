/**
 * Load tests of server-sent-event streams on OkHttp: {@link dev.speechload.sse.SseScenario}
 * (any SSE endpoint) and {@link dev.speechload.sse.TtsScenario} (the reference TTS server's
 * protocol) are engine scenarios, one stream per iteration; {@link dev.speechload.sse.SseSession}
 * runs their streams outside the engine. {@link dev.speechload.sse.SseListener} watches streams,
 * with exactly one terminal callback each; {@link dev.speechload.sse.StreamOutcome} and
 * {@link dev.speechload.sse.SseErrorKind} say how a stream ended. The event-stream parser and
 * the stream state machine live in {@code dev.speechload.sse.internal}, which is not API.
 * See {@code docs/sse-driver.md}.
 */
package dev.speechload.sse;
