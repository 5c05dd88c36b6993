/**
 * Implementation of the gRPC driver: the stream session state machine, the shared pacer, error-code
 * extraction and the session-log writer. Not API: may change in any release.
 */
package dev.speechload.grpc.internal;
