package dev.speechload.sse.stress;

import dev.speechload.sse.SseSession;
import dev.speechload.sse.StreamOutcome;
import dev.speechload.sse.TtsScenario;

/**
 * The streams of one kind of stress request, on a session that follows the server across
 * restarts: when the {@link CrashGuard} has moved to a new generation (the server came back,
 * perhaps on a new URL), the next stream opens a fresh session there and closes the old one.
 *
 * <p>Thread-safe (up to {@code concurrency} streams at once). The owner closes it. Not API.
 */
final class StressStreams implements AutoCloseable {

    private final TtsScenario tts;
    private final int concurrency;
    private final CrashGuard guard;
    // Guarded by this.
    private SseSession session;
    private int openedIn;

    StressStreams(TtsScenario tts, int concurrency, CrashGuard guard) {
        this.tts = tts;
        this.concurrency = concurrency;
        this.guard = guard;
        this.openedIn = guard.generation();
        this.session = tts.open(guard.baseUrl(), concurrency);
    }

    /** Runs the stream of {@code index} (which picks the text); see {@link SseSession#stream}. */
    StreamOutcome stream(int channel, long index) throws InterruptedException {
        return current().stream(channel, index);
    }

    private synchronized SseSession current() {
        int now = guard.generation();
        if (now != openedIn) {
            SseSession old = session;
            session = tts.open(guard.baseUrl(), concurrency);
            openedIn = now;
            old.close(); // its streams went to the server that crashed
        }
        return session;
    }

    @Override
    public synchronized void close() {
        session.close();
    }
}
