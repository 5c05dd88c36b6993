package dev.speechload.grpc.internal;

/**
 * What one session sends: requests in order, each with its planned send time and the media it
 * completes. Implementations are immutable (one script may serve every session). Not API.
 */
public interface RequestScript<Req> {

    /** Number of requests, >= 1. The last one ends the stream (the client half-closes after it). */
    int size();

    /** Request {@code index}, 0..size-1; never null. */
    Req request(int index);

    /**
     * When request {@code index} is due, in nanoseconds from the stream's start (real-time pacing);
     * non-decreasing in {@code index}. Ignored when sending as fast as possible.
     */
    long offsetNanos(int index);

    /**
     * Milliseconds of media (audio) covered once request {@code index} is sent; non-decreasing;
     * 0 for requests that carry none (a config).
     */
    long mediaEndMillis(int index);

    /** Milliseconds of media the whole script carries (0 when it carries none). */
    default long mediaMillis() {
        return mediaEndMillis(size() - 1);
    }
}
