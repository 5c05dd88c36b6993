package dev.speechload.sse;

import dev.speechload.sse.internal.GapBuffer;
import dev.speechload.sse.internal.SseClientShards;
import dev.speechload.sse.internal.SseStream;
import dev.speechload.sse.internal.StreamSpec;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Streams of one scenario opened outside the engine, made by {@link SseScenario#open} or
 * {@link TtsScenario#open}: for tools such as the stress runner. Nothing is recorded into
 * histograms; each call returns the stream's {@link StreamOutcome}.
 *
 * <p>Thread-safe: {@link #stream} may be called from several threads at once (up to the
 * concurrency given at open). The caller owns the session and must {@link #close()} it.
 */
public final class SseSession implements AutoCloseable {

    private final SseScenario scenario;
    private final SseClientShards clients;
    private final HttpUrl url;
    private final StreamSpec spec;

    SseSession(SseScenario scenario, SseClientShards clients, HttpUrl url, StreamSpec spec) {
        this.scenario = scenario;
        this.clients = clients;
        this.url = url;
        this.spec = spec;
    }

    /**
     * Runs one stream with the request of iteration {@code index} of channel {@code channel}
     * (which picks the text, body or query values) and waits for its end, at most the scenario's
     * stream timeout (or until its planned maximum duration). Never throws for a failed stream: the outcome says what happened.
     *
     * @throws InterruptedException when interrupted; the stream is cancelled first
     */
    public StreamOutcome stream(int channel, long index) throws InterruptedException {
        long start = System.nanoTime();
        SseStream.Bound bound = scenario.bound(start);
        SseStream stream = new SseStream(
                clients.forChannel(channel), spec, scenario.request(url, channel, index), GapBuffer.discarding());
        stream.start(start, bound.nanos());
        return stream.await(bound);
    }

    /** The URL streams are opened on. */
    public String url() {
        return url.toString();
    }

    /** Cancels running streams and releases the client's threads and connections. */
    @Override
    public void close() {
        clients.close();
    }

    @Override
    public String toString() {
        return "SseSession[" + Objects.toString(spec.target()) + "]";
    }
}
