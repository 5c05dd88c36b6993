package dev.speechload.server.tts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events to one response body and flushes after each, numbering replayable
 * events 1, 2, 3 ... and leaving out those a resuming client already has ({@code id <=
 * Last-Event-ID}). Not thread-safe: one writer per stream, used by the stream's thread.
 */
final class SseWriter {

    private final OutputStream out;
    private final long lastEventId;
    private long nextId = 1;

    /**
     * @param out the response body; the writer does not close it
     * @param lastEventId the id the client already has, 0 for a new stream
     */
    SseWriter(OutputStream out, long lastEventId) {
        this.out = out;
        this.lastEventId = lastEventId;
    }

    /**
     * Numbers the next replayable event and writes it unless the client already has it.
     *
     * @param type the event type
     * @param json the data, one line of JSON
     * @throws IOException if the client went away
     */
    void event(String type, String json) throws IOException {
        long id = nextId++;
        if (id > lastEventId) {
            write("id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n");
        }
    }

    /**
     * Writes an event without an id: it is not part of the replayable content (an error of this
     * attempt), so a client's Last-Event-ID stays at the last good event.
     */
    void unnumberedEvent(String type, String json) throws IOException {
        write("event: " + type + "\ndata: " + json + "\n\n");
    }

    /**
     * Writes a comment line, which clients ignore: it only checks that the client is still there
     * (a write to a connection the client closed fails, at the latest on the second one).
     */
    void heartbeat() throws IOException {
        write(": heartbeat\n\n");
    }

    /** True if the next replayable event would be left out; lets callers skip encoding it. */
    boolean skipsNext() {
        return nextId <= lastEventId;
    }

    /** Counts the next replayable event as sent without encoding it; only when {@link #skipsNext()}. */
    void skip() {
        nextId++;
    }

    private void write(String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
