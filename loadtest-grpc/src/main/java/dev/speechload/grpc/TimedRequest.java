package dev.speechload.grpc;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One request of a {@link GrpcStreamScenario} session and when to send it.
 *
 * @param message        the request; never null
 * @param at             when to send it, from the stream's start (ignored when not real time)
 * @param mediaEndMillis media (audio, text offset...) the stream covers once this request is sent,
 *                       in ms; interim latency is measured from the send time of the request that
 *                       completed what a response covers. 0 when the request carries none.
 */
public record TimedRequest<Req>(Req message, Duration at, long mediaEndMillis) {

    public TimedRequest {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
        if (at.isNegative() || mediaEndMillis < 0) {
            throw new IllegalArgumentException(
                    "at and mediaEndMillis must be >= 0, were " + at + " and " + mediaEndMillis);
        }
    }

    /** {@code message} due at {@code at} after the stream's start, carrying no media. */
    public static <Req> TimedRequest<Req> at(Duration at, Req message) {
        return new TimedRequest<>(message, at, 0);
    }

    /** {@code message} due as soon as the stream starts. */
    public static <Req> TimedRequest<Req> now(Req message) {
        return new TimedRequest<>(message, Duration.ZERO, 0);
    }

    /** This request, marked as completing media up to {@code millis}. */
    public TimedRequest<Req> coveringMedia(long millis) {
        return new TimedRequest<>(message, at, millis);
    }

    /** Builds one request of an audio stream from a chunk of PCM16LE samples. */
    @FunctionalInterface
    public interface ChunkEncoder<Req> {
        /**
         * @param pcm16 the chunk's samples, little-endian 16-bit mono
         * @param index 0-based chunk index
         * @param last  true for the last chunk
         */
        Req encode(ByteString pcm16, int index, boolean last);
    }

    /**
     * {@code audio} cut into chunks of {@code chunk}, chunk i due at {@code i x chunk / speed} and
     * covering the audio up to its end: the usual body of a streaming-audio session for a user's
     * own proto. Put the config request first yourself.
     */
    public static <Req> List<TimedRequest<Req>> audioChunks(
            Audio audio, Duration chunk, double speed, ChunkEncoder<Req> encoder) {
        if (!(speed > 0) || chunk.toMillis() < 1) {
            throw new IllegalArgumentException("speed must be > 0 and chunk >= 1 ms, were " + speed + " and " + chunk);
        }
        int chunkSamples = (int) Math.max(1, audio.sampleRateHz() * chunk.toMillis() / 1000);
        int chunks = (int) ((audio.sampleCount() + chunkSamples - 1) / chunkSamples);
        long chunkNanos = chunkSamples * 1_000_000_000L / audio.sampleRateHz();
        List<TimedRequest<Req>> out = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
            long from = (long) i * chunkSamples;
            int n = (int) Math.min(chunkSamples, audio.sampleCount() - from);
            byte[] pcm = new byte[n * 2];
            audio.copySamples(from, n, pcm, 0);
            long endMillis = ((from + n) * 1000 + audio.sampleRateHz() - 1) / audio.sampleRateHz();
            out.add(new TimedRequest<>(
                    encoder.encode(ByteString.copyFrom(pcm), i, i == chunks - 1),
                    Duration.ofNanos((long) (i * chunkNanos / speed)),
                    endMillis));
        }
        return List.copyOf(out);
    }
}
