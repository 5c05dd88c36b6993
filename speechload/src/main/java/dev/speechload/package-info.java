/**
 * The entry point a load test imports statically: {@link dev.speechload.Speechload}. It holds no
 * logic of its own; every method calls a factory of loadtest-core, loadtest-grpc or loadtest-sse.
 */
package dev.speechload;
