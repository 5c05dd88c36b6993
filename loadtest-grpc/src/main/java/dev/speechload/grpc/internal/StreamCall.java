package dev.speechload.grpc.internal;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;

/**
 * Starts one bidirectional streaming call on a channel: usually a generated stub's method, e.g.
 * {@code (channel, responses) -> MyGrpc.newStub(channel).talk(responses)}. Must pass
 * {@code responses} to the stub unchanged. Not API.
 */
@FunctionalInterface
public interface StreamCall<Req, Resp> {
    StreamObserver<Req> start(Channel channel, StreamObserver<Resp> responses);
}
