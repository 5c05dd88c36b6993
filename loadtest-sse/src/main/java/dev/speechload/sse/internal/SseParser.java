package dev.speechload.sse.internal;

import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseEvent;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events from a response body pushed to it in chunks as they arrive, with
 * bounded memory, following the WHATWG "event stream interpretation" rules: lines end with CR,
 * LF or CRLF; a line starting with {@code :} is a comment; {@code field: value} drops one leading
 * space of the value; {@code data} values are joined with {@code \n}; {@code event} sets the type
 * ({@code message} when absent); {@code id} sets the last event id unless it holds U+0000;
 * {@code retry} takes ASCII digits only; unknown fields are ignored; a blank line dispatches
 * the event unless its data is empty; a leading BOM is skipped; an event unfinished at end of
 * file is discarded.
 *
 * <p>Why push, not pull: the transport hands each chunk to a callback on one of a few shared
 * threads, so no thread waits per stream. Why not a library's reader: OkHttp's {@code EventSource}
 * (and line readers generally) buffer a whole line before looking at it, so a hostile server
 * sending one line of many megabytes makes the client hold all of it. This parser keeps only the
 * current line and the event's data, and fails with {@link SseErrorKind#TOO_LARGE} as soon as
 * the current line plus the event's retained data would exceed {@code maxEventBytes}, so memory
 * per stream stays below about {@code maxEventBytes} plus the chunk being handed in.
 *
 * <p>Unlike the WHATWG rules (which replace invalid UTF-8 with U+FFFD), invalid UTF-8 is
 * reported as {@link SseErrorKind#MALFORMED}: for a load test it is a server bug worth seeing.
 * Not thread-safe: one parser per response, fed by one thread at a time. Not API.
 */
public final class SseParser {

    /** Receives each dispatched event; returns false to stop reading (the stream is settled). */
    @FunctionalInterface
    public interface EventSink {
        boolean onEvent(SseEvent event) throws StreamProblem;
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRY = "retry".getBytes(StandardCharsets.US_ASCII);

    private final long maxEventBytes;
    private CharsetDecoder utf8;

    private byte[] line = new byte[128];
    private int lineLength;
    private boolean skipLf;
    private boolean started;
    private int bomMatched;
    private long lineNumber;
    private long bytesRead;
    private long eventWireBytes;

    private StringBuilder data;
    private boolean hasData;
    private String type;
    private String eventId;
    private String lastEventId;
    private long retryMillis = -1;

    /** @param maxEventBytes cap on one line plus the data retained for the current event, &gt;= 1 */
    public SseParser(long maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Consumes {@code chunk} (all of it, unless the sink stops or a problem is found), handing
     * every event it completes to {@code sink} in order.
     *
     * @return false when the sink asked to stop; the rest of the chunk is then left unread
     * @throws StreamProblem on an event over the cap or invalid UTF-8
     */
    public boolean feed(ByteBuffer chunk, EventSink sink) throws StreamProblem {
        if (!started) {
            skipBom(chunk);
        }
        while (chunk.hasRemaining()) {
            if (skipLf) {
                skipLf = false;
                if (chunk.get(chunk.position()) == '\n') {
                    chunk.get();
                    count(1);
                    continue;
                }
            }
            int end = lineEnd(chunk);
            int take = (end < 0 ? chunk.limit() : end) - chunk.position();
            long retained = (data == null ? 0L : data.length()) + lineLength + take;
            if (retained > maxEventBytes) {
                throw new StreamProblem(SseErrorKind.TOO_LARGE, "event over the " + maxEventBytes
                        + "-byte cap at line " + (lineNumber + 1) + " (more than " + retained
                        + " bytes of one event); the rest of the stream was not read");
            }
            append(chunk, take);
            if (end < 0) {
                return true;
            }
            skipLf = chunk.get() == '\r';
            count(1);
            SseEvent event = line();
            lineLength = 0;
            if (line.length > 4 * 1024) {
                line = new byte[128];
            }
            if (event != null && !sink.onEvent(event)) {
                return false;
            }
        }
        return true;
    }

    /** Body bytes consumed so far, framing included. */
    public long bytesRead() {
        return bytesRead;
    }

    /** The stream's last event id (WHATWG semantics: persists across events), or null. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The last valid {@code retry} value in milliseconds, or -1 when none came. */
    public long retryMillis() {
        return retryMillis;
    }

    /** Handles the complete line in {@code line}; returns the event it dispatches, if any. */
    private SseEvent line() throws StreamProblem {
        lineNumber++;
        if (lineLength == 0) {
            return dispatch();
        }
        if (line[0] == ':') {
            return null;
        }
        int colon = indexOf(line, lineLength, (byte) ':');
        int nameEnd = colon < 0 ? lineLength : colon;
        int valueStart = colon < 0 ? lineLength : colon + 1;
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        field(nameEnd, valueStart);
        return null;
    }

    /** Drops a leading UTF-8 BOM, which may arrive split over chunks. */
    private void skipBom(ByteBuffer chunk) {
        while (!started && chunk.hasRemaining()) {
            if (chunk.get(chunk.position()) == BOM[bomMatched]) {
                chunk.get();
                count(1);
                bomMatched++;
                started = bomMatched == BOM.length;
            } else {
                started = true;
                // A partial BOM was the start of the first line after all.
                System.arraycopy(BOM, 0, line, 0, bomMatched);
                lineLength = bomMatched;
            }
        }
    }

    private static int lineEnd(ByteBuffer chunk) {
        for (int i = chunk.position(), n = chunk.limit(); i < n; i++) {
            byte b = chunk.get(i);
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return -1;
    }

    private void append(ByteBuffer chunk, int n) {
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, (int) Math.max(lineLength + n, Math.min(maxEventBytes, line.length * 2L)));
        }
        chunk.get(line, lineLength, n);
        lineLength += n;
        count(n);
    }

    private void field(int nameEnd, int valueStart) throws StreamProblem {
        if (nameIs(DATA, nameEnd)) {
            if (data == null) {
                data = new StringBuilder();
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(decode(valueStart));
            hasData = true;
        } else if (nameIs(EVENT, nameEnd)) {
            type = decode(valueStart);
        } else if (nameIs(ID, nameEnd)) {
            String value = decode(valueStart);
            if (value.indexOf('\u0000') < 0) {
                eventId = value;
                lastEventId = value;
            }
        } else if (nameIs(RETRY, nameEnd)) {
            long value = 0;
            boolean digits = valueStart < lineLength;
            for (int i = valueStart; i < lineLength && digits; i++) {
                byte b = line[i];
                digits = b >= '0' && b <= '9';
                value = value * 10 + (b - '0');
                if (value > Integer.MAX_VALUE) {
                    digits = false;
                }
            }
            if (digits) {
                retryMillis = value;
            }
        }
    }

    private SseEvent dispatch() {
        SseEvent event = null;
        if (hasData) {
            event = new SseEvent(eventId, type == null || type.isEmpty() ? SseEvent.DEFAULT_TYPE : type,
                    data.toString(), eventWireBytes);
        }
        if (data != null) {
            data.setLength(0);
            if (data.capacity() > 4 * 1024) {
                // Give back the memory of one big event instead of keeping it for the whole stream.
                data = null;
            }
        }
        hasData = false;
        type = null;
        eventId = null;
        eventWireBytes = 0;
        return event;
    }

    private void count(long n) {
        bytesRead += n;
        eventWireBytes += n;
    }

    private String decode(int from) throws StreamProblem {
        if (from >= lineLength) {
            return "";
        }
        boolean ascii = true;
        for (int i = from; i < lineLength && ascii; i++) {
            ascii = line[i] >= 0;
        }
        if (ascii) {
            return new String(line, from, lineLength - from, StandardCharsets.ISO_8859_1);
        }
        try {
            if (utf8 == null) {
                utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, from, lineLength - from));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new StreamProblem(SseErrorKind.MALFORMED, "invalid UTF-8 at line " + lineNumber
                    + " of the event stream");
        }
    }

    private boolean nameIs(byte[] name, int nameEnd) {
        if (nameEnd != name.length) {
            return false;
        }
        for (int i = 0; i < nameEnd; i++) {
            if (line[i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
