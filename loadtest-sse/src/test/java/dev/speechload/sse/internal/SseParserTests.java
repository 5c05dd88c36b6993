package dev.speechload.sse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.sse.SseErrorKind;
import dev.speechload.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTests {

    private static List<SseEvent> parse(String stream) throws IOException {
        return parse(utf8(stream), 1024 * 1024);
    }

    /** Parses {@code bytes} fed whole, then fed one byte at a time: both must give the same events. */
    private static List<SseEvent> parse(byte[] bytes, long cap) throws IOException {
        List<SseEvent> whole = new ArrayList<>();
        new SseParser(cap).feed(ByteBuffer.wrap(bytes), whole::add);
        List<SseEvent> split = new ArrayList<>();
        SseParser parser = new SseParser(cap);
        for (byte b : bytes) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}), split::add);
        }
        assertThat(split).as("events when fed byte by byte").isEqualTo(whole);
        return whole;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds {@code s} to {@code parser}; returns the events it completed. */
    private static List<SseEvent> feed(SseParser parser, String s) throws StreamProblem {
        List<SseEvent> events = new ArrayList<>();
        parser.feed(ByteBuffer.wrap(utf8(s)), events::add);
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
        SseParser parser = new SseParser(1024);
        assertThat(feed(parser, "data: x\r")).isEmpty();
        List<SseEvent> events = feed(parser, "\ndata: y\r\n\r\n");
        assertThat(events).singleElement().extracting(SseEvent::data).isEqualTo("x\ny");
    }

    @Test
    void ignoresCommentsAndUnknownFieldsAndDropsOnlyOneLeadingSpace() throws IOException {
        List<SseEvent> events = parse(": keep-alive\nfoo: bar\ndata:  two spaces\ndata:none\n\n");
        assertThat(events).singleElement().extracting(SseEvent::data).isEqualTo(" two spaces\nnone");
    }

    @Test
    void doesNotDispatchEventsWithoutDataButKeepsTheirId() throws IOException {
        SseParser parser = new SseParser(1024);
        SseEvent e = feed(parser, "id: 5\nevent: x\n\ndata: d\n\n").get(0);
        assertThat(e.type()).isEqualTo("message");
        assertThat(e.id()).isNull();
        assertThat(parser.lastEventId()).isEqualTo("5");
    }

    @Test
    void ignoresIdsHoldingNulAndRetryValuesThatAreNotDigits() throws IOException {
        SseParser parser = new SseParser(1024);
        feed(parser, "id: 1\nretry: 12x\ndata: a\n\n");
        assertThat(parser.retryMillis()).isEqualTo(-1);
        SseEvent second = feed(parser, "id: 2\u00003\nretry: 3000\ndata: b\n\n").get(0);
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8("data: "));
        bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        bytes.writeBytes(utf8("\n\n"));
        assertThatThrownBy(() -> parse(bytes.toByteArray(), 1024))
                .isInstanceOfSatisfying(StreamProblem.class, p -> assertThat(p.kind()).isEqualTo(SseErrorKind.MALFORMED))
                .hasMessageContaining("invalid UTF-8");
    }

    @Test
    void decodesMultiByteCharacters() throws IOException {
        assertThat(parse("data: 你好 🙂 café\n\n")).singleElement().extracting(SseEvent::data).isEqualTo("你好 🙂 café");
    }

    @Test
    void failsAnEndlessLineAfterReadingLittleMoreThanTheCap() {
        // Up to 100 MiB of 'x' without a line end, fed in 8 KiB chunks: the parser must stop near the cap.
        SseParser parser = new SseParser(64 * 1024);
        byte[] chunk = new byte[8192];
        java.util.Arrays.fill(chunk, (byte) 'x');
        chunk[0] = 'd';
        long fed = 0;
        StreamProblem problem = null;
        while (problem == null && fed < 100L * 1024 * 1024) {
            try {
                parser.feed(ByteBuffer.wrap(chunk), e -> true);
                fed += chunk.length;
                chunk[0] = 'x';
            } catch (StreamProblem p) {
                problem = p;
            }
        }
        assertThat(problem).isNotNull();
        assertThat(problem.kind()).isEqualTo(SseErrorKind.TOO_LARGE);
        assertThat(problem.getMessage()).contains("65536-byte cap");
        assertThat(fed).isLessThan(64 * 1024 + 32 * 1024);
    }

    @Test
    void capsTheDataOfOneEventAcrossManyLines() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append("data: ").append("y".repeat(1000)).append('\n');
        }
        assertThatThrownBy(() -> parse(utf8(sb.toString()), 50_000))
                .isInstanceOfSatisfying(StreamProblem.class, p -> assertThat(p.kind()).isEqualTo(SseErrorKind.TOO_LARGE));
    }

    @Test
    void stopsWhenTheSinkSaysSoAndLeavesTheRestOfTheChunk() throws IOException {
        SseParser parser = new SseParser(1024);
        ByteBuffer chunk = ByteBuffer.wrap(utf8("data: 1\n\ndata: 2\n\n"));
        List<SseEvent> seen = new ArrayList<>();
        boolean more = parser.feed(chunk, e -> seen.add(e) && false);
        assertThat(more).isFalse();
        assertThat(seen).extracting(SseEvent::data).containsExactly("1");
        assertThat(chunk.remaining()).isEqualTo("data: 2\n\n".length());
    }

    @Test
    void keepsAPartialBomThatTurnsOutToBeText() throws IOException {
        byte[] bytes = {(byte) 0xEF, 'd', 'a', 't', 'a', ':', ' ', 'x', '\n', '\n'};
        // The first line's name is then not 'data': no event, and no crash.
        assertThat(parse(bytes, 1024)).isEmpty();
    }
}
