package dev.speechload.grpc.internal;

/** The kind of gRPC call an {@link ExchangeDriver} makes. Not API. */
public enum ExchangeShape {
    /** One request, one response. */
    UNARY,
    /** One request, a stream of responses. */
    SERVER_STREAMING,
    /** A stream of requests (then half-close), one response. */
    CLIENT_STREAMING,
    /** Bidirectional, closed loop: each reply is sent in reaction to a response. */
    CONVERSATION
}
