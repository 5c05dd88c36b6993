package dev.speechload.grpc;

import dev.speechload.grpc.test.exchange.ExchangeGrpc;
import dev.speechload.grpc.test.exchange.Msg;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback server of every RPC shape ({@code exchange.proto}), for the call and conversation tests. */
final class ExchangeServer extends ExchangeGrpc.ExchangeImplBase implements AutoCloseable {

    private static final Metadata.Key<String> ERROR_CODE =
            Metadata.Key.of("speechload-error-code", Metadata.ASCII_STRING_MARSHALLER);

    private final Server server;
    /** Messages the client-streaming and chat methods received. */
    final AtomicInteger received = new AtomicInteger();
    /** Chats the client cancelled (the server saw CANCELLED). */
    final AtomicInteger cancelledChats = new AtomicInteger();

    ExchangeServer() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(this)
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    static StatusRuntimeException failure(String fail) {
        if (fail.startsWith("ERR")) {
            Metadata trailers = new Metadata();
            trailers.put(ERROR_CODE, fail);
            return Status.INTERNAL.withDescription("failed as asked").asRuntimeException(trailers);
        }
        return Status.fromCode(Status.Code.valueOf(fail))
                .withDescription("failed as asked")
                .asRuntimeException();
    }

    @Override
    public void echo(Msg request, StreamObserver<Msg> out) {
        if (!request.getFail().isEmpty()) {
            out.onError(failure(request.getFail()));
            return;
        }
        out.onNext(request);
        out.onCompleted();
    }

    @Override
    public void repeat(Msg request, StreamObserver<Msg> out) {
        for (int i = 0; i < request.getCount(); i++) {
            out.onNext(Msg.newBuilder().setText(request.getText()).setCount(i).build());
        }
        if (!request.getFail().isEmpty()) {
            out.onError(failure(request.getFail()));
        } else {
            out.onCompleted();
        }
    }

    @Override
    public StreamObserver<Msg> collect(StreamObserver<Msg> out) {
        AtomicInteger count = new AtomicInteger();
        return new StreamObserver<>() {
            @Override
            public void onNext(Msg m) {
                count.incrementAndGet();
                received.incrementAndGet();
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {
                out.onNext(Msg.newBuilder().setCount(count.get()).build());
                out.onCompleted();
            }
        };
    }

    @Override
    public StreamObserver<Msg> chat(StreamObserver<Msg> out) {
        return new StreamObserver<>() {
            private boolean ended;

            @Override
            public void onNext(Msg m) {
                if (ended) {
                    return;
                }
                received.incrementAndGet();
                if (!m.getFail().isEmpty()) {
                    ended = true;
                    out.onError(failure(m.getFail()));
                } else if (m.getText().equals("hangup")) {
                    ended = true;
                    out.onCompleted();
                } else {
                    int n = Math.max(1, m.getCount());
                    for (int i = 1; i <= n; i++) {
                        out.onNext(Msg.newBuilder()
                                .setText(i == n ? "end" : "interim")
                                .setCount(i)
                                .build());
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                if (Status.fromThrowable(t).getCode() == Status.Code.CANCELLED) {
                    cancelledChats.incrementAndGet();
                }
            }

            @Override
            public void onCompleted() {
                if (!ended) {
                    ended = true;
                    out.onCompleted();
                }
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
