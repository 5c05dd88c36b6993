package dev.speechload.sse.internal;

import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Reads server-sent events from a response body with bounded memory, following the WHATWG
 * "event stream interpretation" rules: lines end with CR, LF or CRLF; a line starting with
 * {@code :} is a comment; {@code field: value} drops one leading space of the value;
 * {@code data} values are joined with {@code \n}; {@code event} sets the type
 * ({@code message} when absent); {@code id} sets the last event id unless it holds U+0000;
 * {@code retry} takes ASCII digits only; unknown fields are ignored; a blank line dispatches
 * the event unless its data is empty; a leading BOM is skipped; an event unfinished at end of
 * file is discarded.
 *
 * <p>Why not OkHttp's {@code EventSource}: its reader buffers a whole line (and a whole event)
 * before it looks at it, so a hostile server sending one line of many megabytes makes the
 * client hold all of it. This parser scans only the bytes okio has already buffered (at most a
 * segment or two beyond what it retains) and fails with {@link SseErrorKind#TOO_LARGE} as soon
 * as the current line plus the event's retained data would exceed {@code maxEventBytes}, so
 * memory per stream stays below about {@code maxEventBytes + 16 KiB}.
 *
 * <p>Unlike the WHATWG rules (which replace invalid UTF-8 with U+FFFD), invalid UTF-8 is
 * reported as {@link SseErrorKind#MALFORMED}: for a load test it is a server bug worth seeing.
 * Not thread-safe: one parser per response, used by the thread reading it. Not API.
 */
public final class SseParser {

    private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRY = "retry".getBytes(StandardCharsets.US_ASCII);

    private final BufferedSource source;
    private final long maxEventBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLf;
    private boolean started;
    private long lineNumber;
    private long bytesRead;
    private long eventWireBytes;

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type;
    private String eventId;
    private String lastEventId;
    private long retryMillis = -1;

    /**
     * @param source        the response body; the parser does not close it
     * @param maxEventBytes cap on one line plus the data retained for the current event, &gt;= 1
     */
    public SseParser(BufferedSource source, long maxEventBytes) {
        this.source = source;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * The next event, blocking until one is complete.
     *
     * @return the event, or null at end of file (an unfinished event is discarded)
     * @throws StreamProblem on an event over the cap or invalid UTF-8
     * @throws IOException   when reading fails (reset, read timeout, cancel)
     */
    public SseEvent next() throws IOException {
        while (readLine()) {
            lineNumber++;
            if (lineLength == 0) {
                SseEvent event = dispatch();
                if (event != null) {
                    return event;
                }
                continue;
            }
            if (line[0] == ':') {
                continue;
            }
            int colon = indexOf(line, lineLength, (byte) ':');
            int nameEnd = colon < 0 ? lineLength : colon;
            int valueStart = colon < 0 ? lineLength : colon + 1;
            if (valueStart < lineLength && line[valueStart] == ' ') {
                valueStart++;
            }
            field(nameEnd, valueStart);
        }
        return null;
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

    private void field(int nameEnd, int valueStart) throws StreamProblem {
        if (nameIs(DATA, nameEnd)) {
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
            event = new SseEvent(
                    eventId,
                    type == null || type.isEmpty() ? SseEvent.DEFAULT_TYPE : type,
                    data.toString(),
                    eventWireBytes);
        }
        data.setLength(0);
        if (data.capacity() > 64 * 1024) {
            // Give back the memory of one big event instead of keeping it for the whole stream.
            data.trimToSize();
        }
        hasData = false;
        type = null;
        eventId = null;
        eventWireBytes = 0;
        return event;
    }

    /** Reads one line into {@code line}; false at end of file (a final unterminated line is dropped). */
    private boolean readLine() throws IOException {
        lineLength = 0;
        Buffer buffer = source.getBuffer();
        while (true) {
            if (buffer.size() == 0 && !source.request(1)) {
                return false;
            }
            if (!started) {
                started = true;
                if (source.request(3)
                        && buffer.getByte(0) == (byte) 0xEF
                        && buffer.getByte(1) == (byte) 0xBB
                        && buffer.getByte(2) == (byte) 0xBF) {
                    consume(buffer, 3);
                    continue;
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buffer.getByte(0) == '\n') {
                    consume(buffer, 1);
                    continue;
                }
            }
            long end = buffer.indexOfElement(LINE_ENDS);
            long take = end < 0 ? buffer.size() : end;
            long retained = (long) data.length() + lineLength + take;
            if (retained > maxEventBytes) {
                throw new StreamProblem(
                        SseErrorKind.TOO_LARGE,
                        "event over the " + maxEventBytes
                                + "-byte cap at line " + (lineNumber + 1) + " (more than " + retained
                                + " bytes of one event); the rest of the stream was not read");
            }
            ensureCapacity(lineLength + (int) take);
            readInto(buffer, (int) take);
            if (end >= 0) {
                byte terminator = buffer.readByte();
                count(1);
                skipLf = terminator == '\r';
                return true;
            }
        }
    }

    private void readInto(Buffer buffer, int n) throws IOException {
        int off = lineLength;
        int remaining = n;
        while (remaining > 0) {
            int read = buffer.read(line, off, remaining);
            if (read < 0) {
                throw new IllegalStateException("buffer ran dry while copying a scanned line");
            }
            off += read;
            remaining -= read;
        }
        lineLength += n;
        count(n);
    }

    private void consume(Buffer buffer, long n) throws IOException {
        buffer.skip(n);
        count(n);
    }

    private void count(long n) {
        bytesRead += n;
        eventWireBytes += n;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, (int) Math.min(maxEventBytes, line.length * 2L)));
        }
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
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, from, lineLength - from));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new StreamProblem(
                    SseErrorKind.MALFORMED, "invalid UTF-8 at line " + lineNumber + " of the event stream");
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
