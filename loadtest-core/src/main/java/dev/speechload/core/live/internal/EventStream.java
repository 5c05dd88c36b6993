package dev.speechload.core.live.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.speechload.core.io.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One browser's Server-Sent Events stream, written on its own live-server thread. Its queue holds
 * one state, the newest: a browser that reads slowly skips states, never delays the run or other
 * browsers. A write that stalls longer than the server's limit gets the thread interrupted by the
 * server's watchdog, which closes the connection ({@link #stalledFor}). Not thread-safe except
 * {@link #stalledFor} and {@link #drop}.
 */
final class EventStream {

    /** A comment line at least this often, so a browser that went away is noticed. */
    static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    /** Events at most this often: a 10 ms sample interval still costs a browser ten states a second. */
    static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One line: an SSE data field ends at a line break. */
    private static final ObjectWriter JSON = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    private final LiveState state;
    private final OutputStream out;
    private final Thread thread = Thread.currentThread();
    /** System.nanoTime() when the current write began; 0 when not writing. */
    private volatile long writingSince;

    private volatile boolean dropped;

    EventStream(LiveState state, OutputStream out) {
        this.state = state;
        this.out = out;
    }

    /** Writes states until the browser goes, the stream is dropped or the state closes (then says "end"). */
    void run() throws IOException {
        long sent = -1;
        write("retry: 2000\n\n");
        while (!dropped) {
            long now = state.version();
            if (now != sent) {
                LiveSnapshot view = state.view();
                sent = view.version();
                write("id: " + sent + "\nevent: state\ndata: " + json(view) + "\n\n");
                if (state.isClosed()) {
                    write("event: end\ndata: {}\n\n");
                    return;
                }
                pause(MIN_GAP_NANOS);
            } else if (state.awaitChange(sent, KEEP_ALIVE_NANOS) == sent && !state.isClosed()) {
                write(": keep-alive\n\n");
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** How long the current write has been stuck, in nanoseconds; 0 when none is under way. */
    long stalledFor(long nowNanos) {
        long since = writingSince;
        return since == 0 ? 0 : nowNanos - since;
    }

    /**
     * Ends this stream from another thread: interrupting a thread blocked writing to the
     * connection's channel closes the channel, which frees the thread.
     */
    void drop() {
        dropped = true;
        thread.interrupt();
    }

    boolean dropped() {
        return dropped;
    }

    private void write(String text) throws IOException {
        writingSince = Math.max(1, System.nanoTime());
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    static String json(LiveSnapshot view) {
        try {
            return JSON.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a live state could not be written as JSON: " + e.getMessage(), e);
        }
    }

    private static void pause(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !Thread.currentThread().isInterrupted(); left = end - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }
}
