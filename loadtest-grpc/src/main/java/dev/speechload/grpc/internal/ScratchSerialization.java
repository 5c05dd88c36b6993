package dev.speechload.grpc.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serializes protobuf requests into gRPC's outgoing buffer through a scratch array kept per
 * sending thread, instead of through protobuf's {@code OutputStream} encoder, which allocates a
 * buffer of up to 4 KB for every message: at 10,000 audio chunks a second that buffer was 63 % of
 * the generator's allocations (JFR), and the young collections it caused were the send lag's
 * tail. Responses, requests that are not protobuf messages and requests over 64 KB go through the
 * method's own marshallers; the bytes on the wire are the same. Thread-safe. Not API.
 */
public final class ScratchSerialization implements ClientInterceptor {

    /** Requests up to this size use the scratch array; larger ones are rare and allocate anyway. */
    static final int MAX_SCRATCH_BYTES = 64 * 1024;

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private final Map<MethodDescriptor<?, ?>, MethodDescriptor<?, ?>> rewritten = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        MethodDescriptor<Q, R> scratch = (MethodDescriptor<Q, R>) rewritten.computeIfAbsent(
                method,
                m -> method.toBuilder(
                                new ScratchMarshaller<>(method.getRequestMarshaller()), method.getResponseMarshaller())
                        .build());
        return next.newCall(scratch, options);
    }

    /** The request marshaller: protobuf messages through the scratch array, anything else through {@code original}. */
    static final class ScratchMarshaller<T> implements MethodDescriptor.Marshaller<T> {
        private final MethodDescriptor.Marshaller<T> original;

        ScratchMarshaller(MethodDescriptor.Marshaller<T> original) {
            this.original = original;
        }

        @Override
        public InputStream stream(T value) {
            if (value instanceof MessageLite message && message.getSerializedSize() <= MAX_SCRATCH_BYTES) {
                return new MessageStream(message);
            }
            return original.stream(value);
        }

        @Override
        public T parse(InputStream stream) {
            return original.parse(stream);
        }
    }

    /**
     * One message as gRPC reads it: drained once (the transport's way, writing straight into its
     * buffer) or, on transports that read streams, read from a serialized copy.
     */
    static final class MessageStream extends InputStream implements Drainable, KnownLength {
        private final MessageLite message;
        private final int size;
        private byte[] copy;
        private int position;

        MessageStream(MessageLite message) {
            this.message = message;
            this.size = message.getSerializedSize();
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int remaining = size - position;
            if (copy == null && position == 0) {
                byte[] scratch = SCRATCH.get();
                if (scratch.length < size) {
                    scratch = new byte[Math.max(size, scratch.length * 2)];
                    SCRATCH.set(scratch);
                }
                CodedOutputStream out = CodedOutputStream.newInstance(scratch, 0, size);
                message.writeTo(out);
                out.checkNoSpaceLeft();
                target.write(scratch, 0, size);
            } else {
                target.write(copy(), position, remaining);
            }
            position = size;
            return remaining;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            return copy()[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = Math.min(len, size - position);
            System.arraycopy(copy(), position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return size - position;
        }

        private byte[] copy() {
            if (copy == null) {
                copy = message.toByteArray();
            }
            return copy;
        }
    }
}
