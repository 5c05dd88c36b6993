package dev.speechload.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.speechload.proto.stt.v1.AudioChunk;
import dev.speechload.proto.stt.v1.StreamingRecognizeRequest;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScratchSerializationTests {

    private final MethodDescriptor.Marshaller<StreamingRecognizeRequest> protobuf =
            ProtoUtils.marshaller(StreamingRecognizeRequest.getDefaultInstance());

    @Test
    void drainedRequestsCarryExactlyTheBytesProtobufWouldWriteOneAfterAnother() throws IOException {
        ScratchSerialization.ScratchMarshaller<StreamingRecognizeRequest> marshaller =
                new ScratchSerialization.ScratchMarshaller<>(protobuf);
        for (int size : new int[] {3_200, 10, 9_000, 0, 3_200}) {
            StreamingRecognizeRequest request = chunk(size);
            InputStream stream = marshaller.stream(request);
            assertThat(stream).isInstanceOf(ScratchSerialization.MessageStream.class);
            assertThat(stream.available()).isEqualTo(request.getSerializedSize());
            ByteArrayOutputStream wire = new ByteArrayOutputStream();

            int written = ((io.grpc.Drainable) stream).drainTo(wire);

            assertThat(written).isEqualTo(request.getSerializedSize());
            assertThat(wire.toByteArray()).isEqualTo(request.toByteArray());
            assertThat(marshaller.parse(new ByteArrayInputStream(wire.toByteArray())))
                    .isEqualTo(request);
        }
    }

    @Test
    void transportsThatReadTheStreamGetTheSameBytes() throws IOException {
        StreamingRecognizeRequest request = chunk(5_000);
        InputStream stream = new ScratchSerialization.ScratchMarshaller<>(protobuf).stream(request);
        byte[] first = new byte[7];
        assertThat(stream.read(first, 0, 7)).isEqualTo(7);
        byte[] rest = stream.readAllBytes();

        byte[] all = new byte[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        assertThat(all).isEqualTo(request.toByteArray());
        assertThat(stream.read()).isEqualTo(-1);
    }

    @Test
    void requestsOverTheScratchLimitAndNonProtobufRequestsUseTheirOwnMarshaller() throws IOException {
        StreamingRecognizeRequest large = chunk(ScratchSerialization.MAX_SCRATCH_BYTES + 1);
        InputStream stream = new ScratchSerialization.ScratchMarshaller<>(protobuf).stream(large);
        assertThat(stream).isNotInstanceOf(ScratchSerialization.MessageStream.class);
        assertThat(stream.readAllBytes()).isEqualTo(large.toByteArray());

        MethodDescriptor.Marshaller<String> text = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(String value) {
                return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public String parse(InputStream stream) {
                try {
                    return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        InputStream plain = new ScratchSerialization.ScratchMarshaller<>(text).stream("hello");
        assertThat(plain.readAllBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }

    private static StreamingRecognizeRequest chunk(int bytes) {
        byte[] pcm = new byte[bytes];
        Arrays.fill(pcm, (byte) 7);
        return StreamingRecognizeRequest.newBuilder()
                .setAudio(AudioChunk.newBuilder().setPcm16(ByteString.copyFrom(pcm)))
                .build();
    }
}
