package dev.speechload.sse;

import java.util.Objects;

/**
 * One server-sent event as dispatched by the WHATWG parsing rules: {@code data:} lines joined
 * with {@code \n}, the type from {@code event:} ({@code "message"} when absent). Immutable.
 *
 * @param id        the value of this event's own {@code id:} field, or null when the event had
 *                  none (the stream's last event id, used for reconnection, is kept separately)
 * @param type      the event type, never null; {@code "message"} by default
 * @param data      the data lines joined with {@code \n}, never null (may be empty)
 * @param sizeBytes bytes this event took on the wire, framing included (field names, line ends,
 *                  comments inside it, the blank line that ended it); &gt;= 0
 */
public record SseEvent(String id, String type, String data, long sizeBytes) {

    /** The type of an event without an {@code event:} field. */
    public static final String DEFAULT_TYPE = "message";

    public SseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must be >= 0, was " + sizeBytes);
        }
    }

    /** True when the event's type is {@code type}. */
    public boolean is(String eventType) {
        return type.equals(eventType);
    }
}
