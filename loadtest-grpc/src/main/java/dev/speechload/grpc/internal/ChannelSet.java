package dev.speechload.grpc.internal;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.MetadataUtils;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC channels (TCP connections) one driver spreads its sessions over, with the settings'
 * request metadata attached and requests serialized without a buffer per message
 * ({@link ScratchSerialization}): engine channel i uses connection i % n. Opened lazily connecting;
 * {@link #close} waits a bounded time. Thread-safe. Not API.
 */
public final class ChannelSet implements AutoCloseable {

    private final ManagedChannel[] managed;
    private final Channel[] channels;

    private ChannelSet(ManagedChannel[] managed, Channel[] channels) {
        this.managed = managed;
        this.channels = channels;
    }

    /** Channels to {@code authority} (host:port), as many as {@code settings.connections()}. */
    public static ChannelSet open(DriverSettings settings, String authority) {
        ManagedChannel[] managed = new ManagedChannel[settings.connections()];
        Channel[] channels = new Channel[managed.length];
        ScratchSerialization serialization = new ScratchSerialization();
        Metadata headers = new Metadata();
        for (Map.Entry<String, String> e : settings.headers().entrySet()) {
            headers.put(Metadata.Key.of(e.getKey(), Metadata.ASCII_STRING_MARSHALLER), e.getValue());
        }
        for (int i = 0; i < managed.length; i++) {
            managed[i] = NettyChannelBuilder.forTarget(authority)
                    .usePlaintext()
                    // Callbacks only take a session's lock briefly and never block.
                    .directExecutor()
                    .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                            settings.connectTimeout().toMillis())
                    .build();
            channels[i] = settings.headers().isEmpty()
                    ? ClientInterceptors.intercept(managed[i], serialization)
                    : ClientInterceptors.intercept(
                            managed[i], serialization, MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return new ChannelSet(managed, channels);
    }

    /** The channel engine channel {@code engineChannel} uses. */
    public Channel forChannel(int engineChannel) {
        return channels[engineChannel % channels.length];
    }

    public int size() {
        return channels.length;
    }

    /** Shuts every channel down, at most 5 s each before forcing it. */
    @Override
    public void close() {
        for (ManagedChannel c : managed) {
            c.shutdown();
        }
        try {
            for (ManagedChannel c : managed) {
                if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            for (ManagedChannel c : managed) {
                c.shutdownNow();
            }
            Thread.currentThread().interrupt();
        }
    }
}
