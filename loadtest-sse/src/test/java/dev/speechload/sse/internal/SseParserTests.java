package dev.speechload.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class SseParserTests {

    private static List<SseEvent> parse(String stream) throws IOException {
        return parse(new Buffer().writeUtf8(stream), 1024 * 1024);
    }

    private static List<SseEvent> parse(Buffer buffer, long cap) throws IOException {
        SseParser parser = new SseParser(buffer, cap);
        List<SseEvent> events = new ArrayList<>();
        SseEvent e;
        while ((e = parser.next()) != null) {
            events.add(e);
        }
        return events;
    }

    @Test
    void joinsDataLinesWithNewlinesAndDefaultsTheTypeToMessage() throws IOException {
        List<SseEvent> events = parse("data: first\ndata: second\ndata\n\n");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo("message");
        assertThat(events.get(0).data()).isEqualTo("first\nsecond\n");
    }

    @Test
    void acceptsCrLfAndCrLfLineEndsAlike() throws IOException {
        List<SseEvent> events = parse("event: a\rdata: 1\r\rid: 7\r\ndata: 2\r\n\r\ndata: 3\n\n");
        assertThat(events).extracting(SseEvent::data).containsExactly("1", "2", "3");
        assertThat(events.get(0).type()).isEqualTo("a");
        assertThat(events.get(1).id()).isEqualTo("7");
        assertThat(events.get(2).type()).isEqualTo("message");
    }

    @Test
    void handlesCrLfSplitAcrossReads() throws IOException {
        // The CR ends the line at once; the LF that follows later must not make an empty line.
        Buffer buffer = new Buffer();
        SseParser parser = new SseParser(buffer, 1024);
        buffer.writeUtf8("data: x\r");
        buffer.writeUtf8("\ndata: y\r\n\r\n");
        SseEvent e = parser.next();
        assertThat(e.data()).isEqualTo("x\ny");
        assertThat(parser.next()).isNull();
    }

    @Test
    void ignoresCommentsAndUnknownFieldsAndDropsOnlyOneLeadingSpace() throws IOException {
        List<SseEvent> events = parse(": keep-alive\nfoo: bar\ndata:  two spaces\ndata:none\n\n");
        assertThat(events).singleElement().extracting(SseEvent::data).isEqualTo(" two spaces\nnone");
    }

    @Test
    void doesNotDispatchEventsWithoutDataButKeepsTheirId() throws IOException {
        SseParser parser = new SseParser(new Buffer().writeUtf8("id: 5\nevent: x\n\ndata: d\n\n"), 1024);
        SseEvent e = parser.next();
        assertThat(e.type()).isEqualTo("message");
        assertThat(e.id()).isNull();
        assertThat(parser.lastEventId()).isEqualTo("5");
    }

    @Test
    void ignoresIdsHoldingNulAndRetryValuesThatAreNotDigits() throws IOException {
        SseParser parser = new SseParser(
                new Buffer().writeUtf8("id: 1\nretry: 12x\ndata: a\n\nid: 2\u00003\nretry: 3000\ndata: b\n\n"), 1024);
        parser.next();
        assertThat(parser.retryMillis()).isEqualTo(-1);
        SseEvent second = parser.next();
        assertThat(second.id()).isNull();
        assertThat(parser.lastEventId()).isEqualTo("1");
        assertThat(parser.retryMillis()).isEqualTo(3000);
    }

    @Test
    void discardsAnEventUnfinishedAtEndOfFileAndSkipsALeadingBom() throws IOException {
        List<SseEvent> events = parse("\uFEFFdata: whole\n\ndata: half\n");
        assertThat(events).extracting(SseEvent::data).containsExactly("whole");
    }

    @Test
    void reportsWireSizeIncludingFraming() throws IOException {
        List<SseEvent> events = parse("id: 1\nevent: audio\ndata: {}\n\n");
        assertThat(events.get(0).sizeBytes()).isEqualTo("id: 1\nevent: audio\ndata: {}\n\n".length());
    }

    @Test
    void rejectsInvalidUtf8AsMalformed() {
        Buffer buffer = new Buffer()
                .writeUtf8("data: ")
                .write(new byte[] {(byte) 0xC3, (byte) 0x28})
                .writeUtf8("\n\n");
        assertThatThrownBy(() -> parse(buffer, 1024))
                .isInstanceOfSatisfying(
                        StreamProblem.class, p -> assertThat(p.kind()).isEqualTo(SseErrorKind.MALFORMED))
                .hasMessageContaining("invalid UTF-8");
    }

    @Test
    void decodesMultiByteCharacters() throws IOException {
        assertThat(parse("data: 你好 🙂 café\n\n"))
                .singleElement()
                .extracting(SseEvent::data)
                .isEqualTo("你好 🙂 café");
    }

    @Test
    void failsAnEndlessLineAfterReadingLittleMoreThanTheCap() {
        // 100 MiB of 'x' without a line end, produced lazily: the parser must stop near the cap.
        EndlessLine source = new EndlessLine(100L * 1024 * 1024);
        SseParser parser = new SseParser(Okio.buffer(source), 64 * 1024);
        assertThatThrownBy(parser::next)
                .isInstanceOfSatisfying(
                        StreamProblem.class, p -> assertThat(p.kind()).isEqualTo(SseErrorKind.TOO_LARGE))
                .hasMessageContaining("65536-byte cap");
        assertThat(source.emitted).isLessThan(64 * 1024 + 32 * 1024);
    }

    @Test
    void capsTheDataOfOneEventAcrossManyLines() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append("data: ").append("y".repeat(1000)).append('\n');
        }
        assertThatThrownBy(() -> parse(new Buffer().writeUtf8(sb.toString()), 50_000))
                .isInstanceOfSatisfying(
                        StreamProblem.class, p -> assertThat(p.kind()).isEqualTo(SseErrorKind.TOO_LARGE));
    }

    /** An endless "data: xxxx..." line that counts what it hands out. */
    private static final class EndlessLine implements Source {
        private final long limit;
        long emitted;

        EndlessLine(long limit) {
            this.limit = limit;
        }

        @Override
        public long read(Buffer sink, long byteCount) {
            if (emitted >= limit) {
                return -1;
            }
            long n = Math.min(byteCount, 8192);
            for (long i = 0; i < n; i++) {
                sink.writeByte(emitted == 0 && i == 0 ? 'd' : 'x');
            }
            emitted += n;
            return n;
        }

        @Override
        public Timeout timeout() {
            return Timeout.NONE;
        }

        @Override
        public void close() {}
    }
}
