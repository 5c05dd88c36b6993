/**
 * The SSE driver's implementation: the bounded event-stream parser, one stream's state machine
 * and the OkHttp client set-up. <b>Not API</b>: these types are public only so the
 * {@code dev.speechload.sse} packages can share them, and they may change at any time.
 */
package dev.speechload.sse.internal;
