package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The speechload side of the ping-pong benchmark at a tiny scale, against a loopback stand-in for
 * AsyncServer's StreamingCall (one response per request, bytes echoed): two streams, 1 s of
 * warm-up and 1 s measured.
 */
class GrpcPingPongBenchTests {

    @Test
    void countsRoundTripsAndTheirCpuInTheWindow() throws Exception {
        ServerServiceDefinition echo = ServerServiceDefinition.builder("grpc.testing.BenchmarkService")
                .addMethod(
                        GrpcPingPongBench.STREAMING_CALL,
                        ServerCalls.asyncBidiStreamingCall(out -> new StreamObserver<byte[]>() {
                            @Override
                            public void onNext(byte[] request) {
                                out.onNext(new byte[0]);
                            }

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {
                                out.onCompleted();
                            }
                        }))
                .build();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(echo)
                .build()
                .start();
        try {
            GrpcPingPongBench.Reading r = GrpcPingPongBench.speechload("127.0.0.1:" + server.getPort(), 2, 1, 1, 1);

            assertThat(r.tool()).isEqualTo("speechload");
            assertThat(r.roundTrips()).isPositive();
            assertThat(r.cpuSeconds()).isPositive();
        } finally {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
