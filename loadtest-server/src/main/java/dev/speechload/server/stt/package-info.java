/**
 * The gRPC speech-to-text service: {@code SpeechToText.StreamingRecognize} with a synthetic,
 * deterministic engine that burns real CPU, a bounded decode pool with global backpressure,
 * per-stream audio rate limits, session limits and idle timeouts.
 *
 * <p>Errors end a stream with a gRPC status carrying a stable code ({@link
 * dev.speechload.server.stt.SttError}) in the {@code speechload-error-code} trailer and in an
 * {@code ErrorDetail} in the status details.
 */
package dev.speechload.server.stt;
