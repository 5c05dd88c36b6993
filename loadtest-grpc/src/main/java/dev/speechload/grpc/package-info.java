/**
 * The gRPC streaming driver: {@link dev.speechload.grpc.SttScenario} for speechload's
 * speech-to-text contract, {@link dev.speechload.grpc.GrpcStreamScenario} for any bidirectional
 * streaming method, audio ({@link dev.speechload.grpc.AudioSources},
 * {@link dev.speechload.grpc.WavReader}), per-session logs
 * ({@link dev.speechload.grpc.SessionLogging}). The benchmark matrix (pool sizes x channel counts)
 * is an experiment, not a driver: it lives in loadtest-bench. Everything in {@code dev.speechload.grpc.internal}
 * is implementation, not API.
 */
package dev.speechload.grpc;
